import { describe, expect, it } from 'vitest';
import { thresholdsSchema } from '../../../../preload/ipc-contract.js';
import { evaluateRules } from '../../../../common/alerts/evaluate-rules.js';
import { FIXED_NOW, makeSnapshot, makeStatus, unit } from '../../../fixtures/snapshot-factory.js';

const thresholds = thresholdsSchema.parse({});
const later = new Date(FIXED_NOW.getTime() + 5 * 60_000);

describe('unknown propagation', () => {
  const broken = makeSnapshot('vijay', {
    gateway: { running: false, state: 'stopped' },
    config: { approvalsMode: 'off' },
  });
  const first = evaluateRules({ instances: [makeStatus(broken)], thresholds, now: FIXED_NOW });

  it('turns every other warning unknown (same id, severity, since) while the instance is unreachable', () => {
    const unreachable = makeStatus(broken, {
      state: 'unreachable',
      reason: { code: 'PEER_OFFLINE', message: 'the VM is offline in Tailscale' },
    });
    const next = evaluateRules({ instances: [unreachable], thresholds, now: later, previous: first });
    const down = next.find((w) => w.id === 'vijay:gateway.down')!;
    const before = first.find((w) => w.id === 'vijay:gateway.down')!;
    expect(down.status).toBe('unknown');
    expect(down.severity).toBe(before.severity);
    expect(down.since).toBe(before.since);
    expect(down.facts[0]).toMatch(/Cannot check now: instance data is unreachable/);
    expect(next.find((w) => w.id === 'vijay:policy.approvals-off')!.status).toBe('unknown');
    expect(next.find((w) => w.id === 'vijay:data.unreachable')!.status).toBe('active');
    // Nothing new is invented from the last-good snapshot: only previously known ids plus the data warning.
    const known = new Set([...first.map((w) => w.id), 'vijay:data.unreachable']);
    for (const w of next) expect(known.has(w.id)).toBe(true);
  });

  it('keeps them unknown across several polls and never clears them silently', () => {
    const stale = makeStatus(broken, { state: 'stale', dataAgeSeconds: 900 });
    const p1 = evaluateRules({ instances: [stale], thresholds, now: later, previous: first });
    const p2 = evaluateRules({ instances: [stale], thresholds, now: later, previous: p1 });
    expect(
      p2
        .filter((w) => w.status === 'unknown')
        .map((w) => w.id)
        .sort(),
    ).toEqual(first.map((w) => w.id).sort());
    expect(
      p2.find((w) => w.id === 'vijay:gateway.down')!.facts.filter((f) => f.startsWith('Cannot check now'))
        .length,
    ).toBe(1);
  });

  it('clears them when fresh data shows the problem is gone', () => {
    const stale = makeStatus(broken, { state: 'stale', dataAgeSeconds: 900 });
    const p1 = evaluateRules({ instances: [stale], thresholds, now: later, previous: first });
    const healthy = evaluateRules({
      instances: [makeStatus(makeSnapshot('vijay'))],
      thresholds,
      now: later,
      previous: p1,
    });
    expect(healthy).toEqual([]);
  });

  it('makes a check unknown when its own field is null in an otherwise live snapshot', () => {
    const nullRunning = makeSnapshot('vijay', {
      gateway: { running: null },
      config: { approvalsMode: 'off' },
    });
    const next = evaluateRules({
      instances: [makeStatus(nullRunning)],
      thresholds,
      now: later,
      previous: first,
    });
    expect(next.find((w) => w.id === 'vijay:gateway.down')!.status).toBe('unknown');
    expect(next.find((w) => w.id === 'vijay:policy.approvals-off')!.status).toBe('active');
  });

  it('an instance never fetched has no warnings of its own yet', () => {
    expect(evaluateRules({ instances: [makeStatus(null)], thresholds, now: FIXED_NOW })).toEqual([]);
  });
});

describe('parity between instances', () => {
  const noTimer = makeSnapshot('bheem', {
    systemd: {
      units: [
        unit('uma-hermes-gateway.service', 'gateway'),
        unit('uma-hermes-dashboard.service', 'dashboard'),
      ],
    },
    recovery: { restoreDrillAt: null, restoreDrillAgeDays: null },
    cron: { jobs: [makeSnapshot('bheem').cron.jobs![0]!] },
    hermes: { version: 'v0.13.0' },
    config: { configVersion: 23 },
  });
  const warnings = evaluateRules({
    instances: [makeStatus(makeSnapshot('vijay')), makeStatus(noTimer)],
    thresholds,
    now: FIXED_NOW,
  });
  const ids = warnings.map((w) => w.id);

  it('flags the instance that lacks a backup timer, watchdog or restore drill the other has', () => {
    expect(ids).toContain('bheem:parity.backup-timer');
    expect(ids).toContain('bheem:parity.watchdog');
    expect(ids).toContain('bheem:parity.restore-drill');
    expect(ids.filter((i) => i.startsWith('vijay:parity.') && !i.endsWith('hermes-version'))).toEqual([]);
    const timer = warnings.find((w) => w.id === 'bheem:parity.backup-timer')!;
    expect(timer.facts.join(' ')).toContain('hermes-root-backup.timer');
  });

  it('shows version drift on both and a config-version lag on the one behind', () => {
    expect(ids).toContain('vijay:parity.hermes-version');
    expect(ids).toContain('bheem:parity.hermes-version');
    expect(ids).toContain('bheem:parity.config-version');
    expect(ids).not.toContain('vijay:parity.config-version');
  });

  it('makes parity unknown while the peer is not live, instead of clearing it', () => {
    const next = evaluateRules({
      instances: [
        makeStatus(makeSnapshot('vijay'), {
          state: 'unreachable',
          reason: { code: 'TIMEOUT', message: 'timed out' },
        }),
        makeStatus(noTimer),
      ],
      thresholds,
      now: later,
      previous: warnings,
    });
    expect(next.find((w) => w.id === 'bheem:parity.backup-timer')!.status).toBe('unknown');
  });
});
