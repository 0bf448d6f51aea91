import { describe, expect, it } from 'vitest';
import type { HostKeyPrompt } from '../../../../preload/ipc-contract.js';
import {
  promptKey,
  promptToShow,
  reviewablePrompt,
} from '../../../../renderer/src/features/first-run/host-key-review.js';

const p = (hostName: string, over: Partial<HostKeyPrompt> = {}): HostKeyPrompt => ({
  hostName,
  host: '127.0.0.1',
  port: 22,
  keyType: 'ssh-ed25519',
  fingerprint: `SHA256:${hostName}`,
  verifyCommand: 'ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub',
  kind: 'unknown',
  ...over,
});

describe('which host key the trust dialog shows', () => {
  it('opens by itself for a key neither declined nor put off', () => {
    expect(promptToShow([p('a')], null, [])?.hostName).toBe('a');
    expect(promptToShow([p('a', { declined: true }), p('b')], null, [])?.hostName).toBe('b');
    expect(promptToShow([p('a')], null, [promptKey(p('a'))])).toBeNull();
  });

  it('opens for a declined or put-off key when the person asks to review it', () => {
    expect(promptToShow([p('a', { declined: true })], 'a', [])?.hostName).toBe('a');
    expect(promptToShow([p('a')], 'a', [promptKey(p('a'))])?.hostName).toBe('a');
    expect(reviewablePrompt([p('a', { declined: true })], 'a')?.declined).toBe(true);
  });

  it('never offers a changed key, which cannot be accepted', () => {
    expect(promptToShow([p('a', { kind: 'mismatch' })], null, [])).toBeNull();
    expect(promptToShow([p('a', { kind: 'mismatch' })], 'a', [])).toBeNull();
    expect(reviewablePrompt([p('a', { kind: 'mismatch' })], 'a')).toBeNull();
  });

  it('asks again for a new key from a host whose earlier key was put off', () => {
    const newer = p('a', { fingerprint: 'SHA256:other' });
    expect(promptToShow([newer], null, [promptKey(p('a'))])?.fingerprint).toBe('SHA256:other');
  });
});
