import { describe, expect, it } from 'vitest';
import { buildDemoSnapshot } from '../../../main/core/demo/demo-fleet.js';
import type { InstanceStatus } from '../../../common/model/instance-status.js';
import type { SnapshotView } from '../../../main/core/poll/snapshot-fetcher.js';
import {
  initialStatus,
  nextInstanceStatus,
  type ConnectionView,
} from '../../../main/core/poll/status-model.js';
import {
  EMPTY_VM_CLOCK,
  estimateVmClock,
  observeVmClock,
  type VmClockEstimate,
} from '../../../main/core/poll/vm-clock.js';

const VM_NOW = Date.parse('2026-06-01T10:00:00Z');
const HOUR = 3600_000;
const CONNECTED: ConnectionView = { state: 'connected', reason: null, nextRetryAt: null };
const thresholds = { staleAfterIntervals: 3 };
const start = () => initialStatus({ id: 'vijay', label: 'Vijay (root)', hostName: 'vm', source: 'ssh' });

function view(
  generatedAtMs: number,
  fetchedAtMs: number,
  problem: SnapshotView['problem'] = null,
): SnapshotView {
  const snapshot = buildDemoSnapshot('vijay', generatedAtMs);
  const stat = { size: 1000, mtimeMs: generatedAtMs + 1000 };
  return {
    file: stat,
    fileFirstSeenAtMs: fetchedAtMs,
    lastGood: { snapshot, stat, fetchedAtMs, digest: 'd' },
    problem,
    changed: true,
  };
}
const skew = (ms: number, source: VmClockEstimate['source'] = 'server'): VmClockEstimate => ({
  skewMs: ms,
  source,
});

describe('status model: ages on the VM clock', () => {
  it('shows fresh data as live even when the laptop clock is 2 h ahead', () => {
    const laptopNow = VM_NOW + 2 * HOUR;
    const s = nextInstanceStatus({
      previous: start(),
      connection: CONNECTED,
      poll: { view: view(VM_NOW - 30_000, laptopNow), transportError: null },
      clock: skew(2 * HOUR),
      nowMs: laptopNow,
      thresholds,
    });
    expect(s.state).toBe('live');
    expect(s.reason).toBeNull();
    expect(s.dataAgeSeconds).toBe(30);
    expect(s.clockSkewSeconds).toBe(7200);
    expect(s.fetchedAt).toBe(new Date(laptopNow).toISOString());
  });

  it('turns stale when the exporter stopped writing, even with a laptop clock 2 h behind', () => {
    const laptopNow = VM_NOW - 2 * HOUR;
    const s = nextInstanceStatus({
      previous: start(),
      connection: CONNECTED,
      poll: { view: view(VM_NOW - 10 * 60_000, laptopNow), transportError: null },
      clock: skew(-2 * HOUR),
      nowMs: laptopNow,
      thresholds,
    });
    expect(s.state).toBe('stale');
    expect(s.reason?.code).toBe('SNAPSHOT_STALE');
    expect(s.reason?.message).toMatch(/10 min ago.*every 60 s/);
    expect(s.snapshot).not.toBeNull();
    expect(s.dataAgeSeconds).toBe(600);
  });

  it('without VM-clock evidence, says a laptop-clock stale verdict is unverified', () => {
    const laptopNow = VM_NOW + 2 * HOUR;
    const s = nextInstanceStatus({
      previous: start(),
      connection: CONNECTED,
      poll: { view: view(VM_NOW - 30_000, laptopNow), transportError: null },
      clock: { skewMs: null, source: 'none' },
      nowMs: laptopNow,
      thresholds,
    });
    expect(s.state).toBe('stale');
    expect(s.reason?.detail?.vmClock).toBe('unverified');
    expect(s.clockSkewSeconds).toBeNull();
  });

  it('with a laptop clock 2 h behind and no VM-clock evidence, still turns stale once we have watched long enough', () => {
    // Fetched at laptop time F (the VM said 5 s old); 10 min of laptop time later nothing new arrived.
    const fetchedAt = VM_NOW - 2 * HOUR;
    const s = nextInstanceStatus({
      previous: start(),
      connection: CONNECTED,
      poll: { view: view(VM_NOW - 5_000, fetchedAt), transportError: null },
      clock: { skewMs: null, source: 'none' },
      nowMs: fetchedAt + 10 * 60_000,
      thresholds,
    });
    expect(s.state).toBe('stale');
    expect(s.dataAgeSeconds).toBe(600);
  });
});

/** A snapshot claiming `generatedAtMs`, in a file the VM last modified at `mtimeMs`, first read at `fetchedAtMs`. */
function viewWith(
  generatedAtMs: number,
  mtimeMs: number,
  fetchedAtMs: number,
  intervalSeconds = 60,
): SnapshotView {
  const snapshot = { ...buildDemoSnapshot('vijay', generatedAtMs), intervalSeconds };
  const stat = { size: 1000, mtimeMs };
  return {
    file: stat,
    fileFirstSeenAtMs: fetchedAtMs,
    lastGood: { snapshot, stat, fetchedAtMs, digest: 'd' },
    problem: null,
    changed: true,
  };
}

describe('status model: a future generatedAt cannot make old data live', () => {
  const MIN = 60_000;
  it('VM clock known (server): generatedAt 1 h ahead, file written 10 min ago → stale, 600 s, clock flagged', () => {
    const s = nextInstanceStatus({
      previous: start(),
      connection: CONNECTED,
      poll: { view: viewWith(VM_NOW + 60 * MIN, VM_NOW - 10 * MIN, VM_NOW), transportError: null },
      clock: skew(0),
      nowMs: VM_NOW,
      thresholds,
    });
    expect(s.state).toBe('stale');
    expect(s.dataAgeSeconds).toBe(600);
    expect(s.fileModifiedAt).toBe(new Date(VM_NOW - 10 * MIN).toISOString());
    expect(s.generatedAheadSeconds).toBe(4200);
    expect(s.vmClock).toBe('server');
    expect(s.reason?.detail?.vmClock).toBe('server');
  });

  it('VM clock unknown (one-shot, chrooted account): still stale by the file time, and says the VM clock is unknown', () => {
    const s = nextInstanceStatus({
      previous: start(),
      connection: CONNECTED,
      poll: { view: viewWith(VM_NOW + 60 * MIN, VM_NOW - 10 * MIN, VM_NOW), transportError: null },
      clock: { skewMs: null, source: 'none' },
      nowMs: VM_NOW,
      thresholds,
    });
    expect(s.state).toBe('stale');
    expect(s.dataAgeSeconds).toBe(600);
    expect(s.vmClock).toBe('none');
    expect(s.reason?.detail?.vmClock).toBe('unverified');
    expect(s.reason?.message).toMatch(/VM clock is unknown/);
  });

  it('keeps ageing by the file time while unreachable', () => {
    const first = nextInstanceStatus({
      previous: start(),
      connection: CONNECTED,
      poll: { view: viewWith(VM_NOW + 60 * MIN, VM_NOW - 2 * MIN, VM_NOW), transportError: null },
      clock: skew(0),
      nowMs: VM_NOW,
      thresholds,
    });
    expect(first.state).toBe('live');
    const later = nextInstanceStatus({
      previous: first,
      connection: { state: 'unreachable', reason: null, nextRetryAt: null },
      poll: null,
      clock: skew(0),
      nowMs: VM_NOW + 5 * MIN,
      thresholds,
    });
    expect(later.dataAgeSeconds).toBe(420);
  });
});

describe('status model: the stale boundary is exact (60 s interval, stale after 3)', () => {
  const at = (ageSeconds: number, which: 'generatedAt' | 'mtime' | 'watched') => {
    const old = VM_NOW - ageSeconds * 1000;
    const v =
      which === 'generatedAt'
        ? viewWith(old, VM_NOW, VM_NOW)
        : which === 'mtime'
          ? viewWith(VM_NOW, old, VM_NOW)
          : viewWith(VM_NOW - 10_000, VM_NOW - 10_000, old);
    return nextInstanceStatus({
      previous: start(),
      connection: CONNECTED,
      poll: { view: v, transportError: null },
      clock: which === 'watched' ? skew(3600_000) : skew(0),
      nowMs: VM_NOW,
      thresholds,
    });
  };
  for (const which of ['generatedAt', 'mtime', 'watched'] as const) {
    it(`by ${which}: 180 s is live, 181 s is stale`, () => {
      expect(at(180, which).state).toBe('live');
      expect(at(180, which).dataAgeSeconds).toBe(180);
      expect(at(181, which).state).toBe('stale');
      expect(at(181, which).reason?.code).toBe('SNAPSHOT_STALE');
    });
  }
});

describe('status model: states and reasons', () => {
  const live = (): InstanceStatus =>
    nextInstanceStatus({
      previous: start(),
      connection: CONNECTED,
      poll: { view: view(VM_NOW - 10_000, VM_NOW), transportError: null },
      clock: skew(0),
      nowMs: VM_NOW,
      thresholds,
    });

  it('is unknown before the first answer, not unreachable', () => {
    const s = nextInstanceStatus({
      previous: start(),
      connection: { state: 'connecting', reason: null, nextRetryAt: null },
      poll: null,
      clock: skew(0),
      nowMs: VM_NOW,
      thresholds,
    });
    expect(s.state).toBe('unknown');
    expect(s.checkedAt).toBe(new Date(VM_NOW).toISOString());
  });

  it('keeps the last snapshot when the host becomes unreachable, with the reason and the retry time', () => {
    const retry = new Date(VM_NOW + 8000).toISOString();
    const s = nextInstanceStatus({
      previous: live(),
      connection: {
        state: 'unreachable',
        reason: { code: 'HOST_KEY_MISMATCH', message: 'The host key changed.' },
        nextRetryAt: retry,
      },
      poll: null,
      clock: skew(0),
      nowMs: VM_NOW + 5 * 60_000,
      thresholds,
    });
    expect(s.state).toBe('unreachable');
    expect(s.reason?.code).toBe('HOST_KEY_MISMATCH');
    expect(s.nextRetryAt).toBe(retry);
    expect(s.snapshot?.instance.id).toBe('vijay');
    expect(s.dataAgeSeconds).toBe(310);
  });

  it('shows a newer schema as incompatible with both versions', () => {
    const v = view(VM_NOW, VM_NOW, {
      code: 'SNAPSHOT_INCOMPATIBLE',
      message: 'snapshot schema 2 is newer than this app supports (1)',
      schemaVersions: { found: 2, supported: 1 },
    });
    const s = nextInstanceStatus({
      previous: start(),
      connection: CONNECTED,
      poll: { view: { ...v, lastGood: null }, transportError: null },
      clock: skew(0),
      nowMs: VM_NOW,
      thresholds,
    });
    expect(s.state).toBe('incompatible');
    expect(s.schemaVersions).toEqual({ found: 2, supported: 1 });
  });

  it('keeps showing the last good snapshot, marked as such, when a newer one is invalid', () => {
    const s = nextInstanceStatus({
      previous: live(),
      connection: CONNECTED,
      poll: {
        view: view(VM_NOW - 20_000, VM_NOW, { code: 'SNAPSHOT_INVALID', message: 'not valid JSON' }),
        transportError: null,
      },
      clock: skew(0),
      nowMs: VM_NOW,
      thresholds,
    });
    expect(s.state).toBe('live');
    expect(s.snapshotIsLastGood).toBe(true);
    expect(s.reason?.code).toBe('SNAPSHOT_INVALID');
  });

  it('has nothing green to show when the only snapshot is invalid: an invalid snapshot on a reachable host', () => {
    const v = view(VM_NOW, VM_NOW, { code: 'SNAPSHOT_INVALID', message: 'not valid JSON' });
    const s = nextInstanceStatus({
      previous: start(),
      connection: CONNECTED,
      poll: { view: { ...v, lastGood: null }, transportError: null },
      clock: skew(0),
      nowMs: VM_NOW,
      thresholds,
    });
    expect(s.state).toBe('invalid');
    expect(s.reason?.code).toBe('SNAPSHOT_INVALID');
    expect(s.snapshot).toBeNull();
  });

  it('marks a connection lost mid-read as unreachable', () => {
    const s = nextInstanceStatus({
      previous: live(),
      connection: CONNECTED,
      poll: {
        view: view(VM_NOW, VM_NOW),
        transportError: { code: 'UNREACHABLE', message: 'the SFTP channel closed' },
      },
      clock: skew(0),
      nowMs: VM_NOW,
      thresholds,
    });
    expect(s.state).toBe('unreachable');
    expect(s.reason?.code).toBe('UNREACHABLE');
  });
});

describe('VM clock evidence', () => {
  it('has no estimate from nothing, so an old mtime alone never proves freshness', () => {
    expect(estimateVmClock(EMPTY_VM_CLOCK)).toEqual({ skewMs: null, source: 'none' });
  });

  it('measures skew from the server clock', () => {
    const st = observeVmClock(EMPTY_VM_CLOCK, {
      kind: 'server',
      laptopAtMs: VM_NOW + HOUR,
      serverMs: VM_NOW,
      resolutionMs: 1000,
    });
    expect(estimateVmClock(st)).toEqual({ skewMs: HOUR, source: 'server' });
  });

  it('bounds skew from a write it watched happen, erring towards younger data', () => {
    // Laptop 2 h ahead; the exporter wrote at VM_NOW, between polls at laptop T-60 s and T+0.5 s.
    const laptop = VM_NOW + 2 * HOUR;
    const st = observeVmClock(EMPTY_VM_CLOCK, {
      kind: 'transition',
      prevPollStartMs: laptop - 60_000,
      laptopAtMs: laptop + 500,
      newMtimeMs: VM_NOW,
      resolutionMs: 1000,
    });
    const est = estimateVmClock(st);
    expect(est.source).toBe('transition');
    expect(est.skewMs).toBe(2 * HOUR + 500);
  });
});
