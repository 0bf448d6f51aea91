import { describe, expect, it } from 'vitest';
import { hostStatus, newHostRecord, type HostRecord } from '../../../main/core/ssh/host-record.js';
import { makeReason } from '../../../main/core/ssh/errors.js';

const target = { name: 'vm', host: 'hermes', port: 22, user: 'root' };
const at = Date.parse('2026-03-01T10:00:00Z');

function record(overrides: Partial<HostRecord>): HostRecord {
  return { ...newHostRecord(target), ...overrides };
}

describe('the published status of a host', () => {
  it('starts idle with nothing known', () => {
    expect(hostStatus(newHostRecord(target))).toEqual({
      hostName: 'vm',
      state: 'idle',
      reason: null,
      nextRetryAt: null,
      failures: 0,
      rttMs: null,
      readySince: null,
      hostKey: null,
      address: null,
    });
  });

  it('shows the retry time only while backing off, and "ready since" only while ready', () => {
    const backoff = record({ state: 'backoff', nextRetryAtMs: at, readySinceMs: at - 60_000 });
    expect(hostStatus(backoff)).toMatchObject({ nextRetryAt: '2026-03-01T10:00:00.000Z', readySince: null });
    // A retry that has started leaves its old due time behind; the UI must not show it as pending.
    expect(hostStatus({ ...backoff, state: 'connecting' }).nextRetryAt).toBeNull();
    const ready = record({ state: 'ready', readySinceMs: at, nextRetryAtMs: at });
    expect(hostStatus(ready)).toMatchObject({ readySince: '2026-03-01T10:00:00.000Z', nextRetryAt: null });
  });

  it('keeps the last host key, address and failure reason across states', () => {
    const failed = record({
      state: 'failed',
      failures: 3,
      reason: makeReason('AUTH_FAILED', 'rejected every key'),
      hostKey: { keyType: 'ssh-ed25519', fingerprint: 'SHA256:abc' },
      address: { host: '100.87.53.10', port: 22, user: 'root' },
    });
    expect(hostStatus(failed)).toMatchObject({
      state: 'failed',
      failures: 3,
      reason: { code: 'AUTH_FAILED' },
      hostKey: { fingerprint: 'SHA256:abc' },
      address: { host: '100.87.53.10' },
    });
  });
});
