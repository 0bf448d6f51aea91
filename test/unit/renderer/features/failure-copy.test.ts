import { describe, expect, it } from 'vitest';
import type { InstanceStatus, ReasonCode } from '../../../../common/model/instance-status.js';
import { failureCopy } from '../../../../renderer/src/features/first-run/failure-copy.js';

function status(
  state: InstanceStatus['state'],
  code: ReasonCode | null,
  extra: Partial<InstanceStatus> = {},
): InstanceStatus {
  return {
    id: 'vijay',
    label: 'Vijay',
    hostName: 'hermes-vm',
    source: 'ssh',
    state,
    reason: code ? { code, message: `reason ${code}` } : null,
    snapshot: null,
    snapshotIsLastGood: false,
    generatedAt: null,
    fetchedAt: null,
    checkedAt: null,
    dataAgeSeconds: null,
    clockSkewSeconds: null,
    nextRetryAt: null,
    ...extra,
  };
}

describe('failure screens', () => {
  it('has nothing to say about a healthy live instance', () => {
    expect(failureCopy(status('live', null))).toBeNull();
  });

  it.each([
    ['unreachable', 'TAILSCALE_DOWN', 'unreachable'],
    ['unreachable', 'TIMEOUT', 'unreachable'],
    ['unreachable', 'HOST_KEY_MISMATCH', 'host-key-mismatch'],
    ['unknown', 'HOST_KEY_UNKNOWN', 'host-key-unknown'],
    ['unreachable', 'AUTH_FAILED', 'auth-failed'],
    ['stale', 'SNAPSHOT_STALE', 'stale'],
    ['incompatible', 'SNAPSHOT_INCOMPATIBLE', 'incompatible'],
    ['unreachable', 'SNAPSHOT_MISSING', 'no-snapshot'],
    ['live', 'SNAPSHOT_INVALID', 'invalid'],
  ] as const)('%s with %s shows the %s screen, carrying the reason', (state, code, kind) => {
    const copy = failureCopy(status(state, code));
    expect(copy?.kind).toBe(kind);
    expect(copy?.reason).toContain(kind === 'incompatible' ? 'reason' : `reason ${code}`);
  });

  it('tells the person what to do next for every actionable failure', () => {
    for (const code of [
      'TAILSCALE_DOWN',
      'HOST_KEY_MISMATCH',
      'AUTH_FAILED',
      'SNAPSHOT_STALE',
      'SNAPSHOT_INCOMPATIBLE',
    ] as const) {
      const copy = failureCopy(status(code === 'SNAPSHOT_STALE' ? 'stale' : 'unreachable', code));
      expect(copy?.next.length, code).toBeGreaterThan(0);
    }
  });

  it('never offers to accept a changed host key, and names the schema versions when incompatible', () => {
    expect(failureCopy(status('unreachable', 'HOST_KEY_MISMATCH'))?.action).toBeUndefined();
    const inc = failureCopy(status('incompatible', null, { schemaVersions: { found: 3, supported: 1 } }));
    expect(inc?.reason).toBe('The snapshot uses schema v3; this app reads up to v1.');
  });

  it('reads "Invalid snapshot" on a reachable host that served a bad file, with the reason', () => {
    const copy = failureCopy(status('invalid', 'SNAPSHOT_INVALID'))!;
    expect(copy.kind).toBe('invalid');
    expect(copy.title).toBe('Invalid snapshot');
    expect(copy.reason).toBe(
      'hermes-vm answered, but the snapshot it served cannot be used: reason SNAPSHOT_INVALID',
    );
    expect(copy.command?.text).toContain('hermes-exporter@vijay');
  });
});
