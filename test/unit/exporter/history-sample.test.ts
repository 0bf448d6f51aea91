import { describe, expect, it } from 'vitest';
import { HISTORY_SERIES } from '../../../common/contract/history.js';
import { snapshotToSample } from '../../../exporter/src/history/sample.js';
import { hermesPart, makeSnapshot, SNAPSHOT_NOW } from './make-snapshot.js';

describe('snapshotToSample', () => {
  it('records every trend series of a healthy root snapshot, booleans as 0/1', () => {
    // Spend series are pinned in history-spend-sample.test.ts; this one is the snapshot before `usage`.
    const { usage: _usage, ...withoutUsage } = makeSnapshot();
    const s = snapshotToSample(withoutUsage);
    expect(s.t).toBe(SNAPSHOT_NOW.getTime() / 1000);
    expect(s.v).toEqual({
      gatewayUp: 1,
      heartbeatAge: 12,
      telegramUp: 1,
      sessionsActive: 412,
      sessionsTotal: 449,
      messagesTotal: 5356,
      sessions24h: 11,
      tokens24h: 1_240_000 + 96_000,
      cost24h: 4.82,
      cronEnabled: 3,
      cronErrors: 0,
      cronOverdue: 0,
      cronDeliveryFailed: 0,
      tickerAge: 20,
      backupAge: 540,
      backupDirty: 0,
      diskUsedPct: 67.2,
      diskFreeBytes: 31.5 * 2 ** 30,
      memAvailablePct: 36.3,
      load1: 0.42,
      errors24h: 2,
      restarts1h: 0,
    });
    expect(Object.keys(s.v).every((k) => (HISTORY_SERIES as readonly string[]).includes(k))).toBe(true);
  });

  it('keeps unknown as null, never a guessed 0', () => {
    const h = hermesPart();
    const s = snapshotToSample(
      makeSnapshot({
        gateway: {
          ...h.gateway,
          running: null,
          heartbeatAgeSeconds: null,
          platforms: { telegram: { ...h.gateway.platforms['telegram']!, state: null } },
        },
        cron: { ...h.cron, jobs: null },
        sessions: { ...h.sessions, last24h: { input: 10, output: null, costUsd: null, sessions: null } },
        logs: { errors24h: 2, critical24h: null },
      }),
    );
    expect(s.v).toMatchObject({
      gatewayUp: null,
      heartbeatAge: null,
      telegramUp: null,
      cronEnabled: null,
      cronErrors: null,
      tokens24h: null,
      cost24h: null,
      errors24h: null,
    });
  });

  it('records a down gateway and disconnected telegram as 0', () => {
    const h = hermesPart();
    const s = snapshotToSample(
      makeSnapshot({
        gateway: {
          ...h.gateway,
          running: false,
          platforms: { telegram: { ...h.gateway.platforms['telegram']!, state: 'retrying' } },
        },
      }),
    );
    expect(s.v.gatewayUp).toBe(0);
    expect(s.v.telegramUp).toBe(0);
  });

  it('leaves out host and backup series on an instance without host probes or backup repo', () => {
    const s = snapshotToSample(makeSnapshot({ host: null, backup: null }));
    for (const k of [
      'diskUsedPct',
      'diskFreeBytes',
      'memAvailablePct',
      'load1',
      'backupAge',
      'backupDirty',
    ]) {
      expect(s.v).not.toHaveProperty(k);
    }
  });

  it('counts failing, overdue and undelivered cron jobs', () => {
    const h = hermesPart();
    const job = h.cron.jobs![0]!;
    const s = snapshotToSample(
      makeSnapshot({
        cron: {
          ...h.cron,
          jobs: [
            { ...job, id: 'a', lastStatus: 'error' },
            { ...job, id: 'b', overdue: true, enabled: false },
            { ...job, id: 'c', deliveryFailed: true },
          ],
        },
      }),
    );
    expect(s.v).toMatchObject({ cronEnabled: 2, cronErrors: 1, cronOverdue: 1, cronDeliveryFailed: 1 });
  });
});
