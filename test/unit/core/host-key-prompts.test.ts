import { describe, expect, it } from 'vitest';
import { HostKeyPrompts } from '../../../main/core/app/host-key-prompts.js';
import type { HostKeyDecisionRequest } from '../../../main/core/ssh/host-key-verifier.js';

const request = (fingerprint = 'SHA256:one'): HostKeyDecisionRequest =>
  ({
    hostName: 'vm',
    host: '127.0.0.1',
    port: 22,
    keyType: 'ssh-ed25519',
    fingerprint,
    verifyCommand: 'ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub',
  }) as HostKeyDecisionRequest;

describe('host key prompts in the core', () => {
  it('keeps a declined key listed, marked, and still decidable after the next poll', () => {
    const prompts = new HostKeyPrompts();
    expect(prompts.record(request())).toBe(true);
    prompts.resolve('vm', 'SHA256:one', false);
    // The next poll meets the same key: no new prompt pops up, the declined one stays.
    expect(prompts.record(request())).toBe(false);
    expect(prompts.list([])).toEqual([
      expect.objectContaining({ fingerprint: 'SHA256:one', declined: true }),
    ]);
    expect(prompts.pending('vm')?.declined).toBe(true);
    prompts.resolve('vm', 'SHA256:one', true);
    expect(prompts.list([])).toEqual([]);
  });

  it('replaces a declined key with a new one the host presents, asking afresh', () => {
    const prompts = new HostKeyPrompts();
    prompts.record(request());
    prompts.resolve('vm', 'SHA256:one', false);
    expect(prompts.record(request('SHA256:two'))).toBe(true);
    expect(prompts.pending('vm')).toMatchObject({ fingerprint: 'SHA256:two' });
    expect(prompts.pending('vm')?.declined).toBeUndefined();
  });
});
