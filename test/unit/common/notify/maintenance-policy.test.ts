/**
 * Timed maintenance over simulated time (one poll a minute, injected clock): Bheem's notifications held
 * while it runs, the window ending on its own, and one summary at the end only if something is still
 * wrong. Vijay, not in maintenance, is told as usual meanwhile.
 */
process.env.TZ = 'UTC';
import { describe, expect, it } from 'vitest';
import {
  activeMaintenance,
  emptyMaintenance,
  endMaintenance,
  expireMaintenance,
  parseMaintenanceMinutes,
  startMaintenance,
  type MaintenanceState,
} from '../../../../common/model/maintenance.js';
import { instanceVerdict, verdictText } from '../../../../common/model/verdict.js';
import type { InstanceStatus } from '../../../../common/model/instance-status.js';
import type { Severity, Warning } from '../../../../common/model/warning.js';
import {
  decideNotifications,
  emptyPolicyState,
  mute,
  type NotificationToShow,
  type PolicyState,
} from '../../../../common/notify/notification-policy.js';
import { notificationPrefsSchema } from '../../../../preload/ipc-contract.js';

const prefs = notificationPrefsSchema.parse({});
const labels = { vijay: 'Vijay', bheem: 'Bheem' };

function w(instanceId: string, check: string, severity: Severity): Warning {
  return {
    id: `${instanceId}:${check}`,
    instanceId,
    check,
    severity,
    title: `${check} is broken`,
    facts: ['fact'],
    since: null,
    status: 'active',
    commands: [],
  };
}

/** The app's loop as app-service runs it: expire maintenance, then decide, once a simulated minute. */
function sim(start = '2026-06-01T14:00:00Z') {
  const s = {
    now: new Date(start),
    policy: emptyPolicyState() as PolicyState,
    maintenance: emptyMaintenance() as MaintenanceState,
    ended: [] as string[],
    shown: [] as { at: string; n: NotificationToShow }[],
  };
  return {
    s,
    maintain(instanceId: string, minutes: number) {
      s.maintenance = startMaintenance(s.maintenance, instanceId, minutes, s.now, 'window');
    },
    stop(instanceId: string) {
      const r = endMaintenance(s.maintenance, instanceId, s.now);
      s.maintenance = r.state;
      if (r.ended) s.ended.push(instanceId);
    },
    /** `minutes` polls, each seeing `warnings`; returns what was shown. */
    run(minutes: number, warnings: Warning[]): NotificationToShow[] {
      const out: NotificationToShow[] = [];
      for (let i = 0; i < minutes; i++) {
        s.now = new Date(s.now.getTime() + 60_000);
        const expired = expireMaintenance(s.maintenance, s.now);
        s.maintenance = expired.state;
        const ended = [...s.ended, ...expired.ended.map((x) => x.instanceId)];
        s.ended = [];
        const r = decideNotifications(s.policy, warnings, prefs, s.now, {
          instanceLabels: labels,
          maintenance: activeMaintenance(s.maintenance, s.now),
          maintenanceEnded: ended,
        });
        s.policy = r.state;
        for (const n of r.notifications) s.shown.push({ at: s.now.toISOString(), n });
        out.push(...r.notifications);
      }
      return out;
    },
  };
}

describe('timed maintenance in the notification policy', () => {
  it('holds everything about Bheem for 30 min, ends on its own, then sends ONE summary of what is still wrong', () => {
    const t = sim();
    t.maintain('bheem', 30);
    const down = w('bheem', 'gateway.down', 'critical');
    const disk = w('bheem', 'host.disk', 'warning');
    expect(t.run(10, [down])).toEqual([]);
    expect(t.run(19, [down, disk])).toEqual([]); // 14:29: still in maintenance
    const atEnd = t.run(1, [down, disk]); // 14:30: the window is over
    expect(atEnd).toHaveLength(1);
    expect(atEnd[0]).toMatchObject({
      kind: 'summary',
      instanceId: 'bheem',
      severity: 'critical',
      title: 'Bheem: maintenance over, 2 still wrong',
      body: 'gateway.down is broken\nhost.disk is broken',
    });
    expect(t.s.shown[0]!.at).toBe('2026-06-01T14:30:00.000Z');
    expect(activeMaintenance(t.s.maintenance, t.s.now)).toEqual({});
    // Told once: no trickle of the same warnings one by one afterwards, and no reminder before it is due.
    expect(t.run(30, [down, disk])).toEqual([]);
  });

  it('a problem that came and went during maintenance is never mentioned, not even at the end', () => {
    const t = sim();
    t.maintain('bheem', 30);
    t.run(5, []);
    t.run(10, [w('bheem', 'gateway.down', 'critical')]);
    expect(t.run(40, [])).toEqual([]);
  });

  it('a warning told before maintenance that recovers during it says nothing; one that escalates waits for the summary', () => {
    const t = sim();
    const disk = w('bheem', 'host.disk', 'warning');
    const cron = w('bheem', 'cron.failed', 'warning');
    expect(t.run(3, [disk, cron]).map((n) => n.title)).toEqual([
      'Bheem: host.disk is broken',
      'Bheem: cron.failed is broken',
    ]);
    t.maintain('bheem', 30);
    expect(t.run(29, [{ ...disk, severity: 'critical' }])).toEqual([]);
    const end = t.run(1, [{ ...disk, severity: 'critical' }]);
    expect(end.map((n) => [n.title, n.severity])).toEqual([
      ['Bheem: maintenance over, 1 still wrong', 'critical'],
    ]);
  });

  it('Vijay, not in maintenance, is told as usual while Bheem is held', () => {
    const t = sim();
    t.maintain('bheem', 30);
    const shown = t.run(3, [w('bheem', 'gateway.down', 'critical'), w('vijay', 'gateway.down', 'critical')]);
    expect(shown.map((n) => n.title)).toEqual(['Vijay: gateway.down is broken']);
  });

  it('ended by hand ("off"): the summary comes at the next poll; all well at the end: nothing', () => {
    const t = sim();
    t.maintain('bheem', 60);
    t.run(5, [w('bheem', 'host.disk', 'warning')]);
    t.stop('bheem');
    expect(t.run(1, [w('bheem', 'host.disk', 'warning')]).map((n) => n.title)).toEqual([
      'Bheem: maintenance over, 1 still wrong',
    ]);
    t.maintain('bheem', 10);
    t.run(5, [w('bheem', 'gateway.down', 'critical')]);
    expect(t.run(10, [])).toEqual([]);
  });

  it('ending while notifications are muted: no summary then; what is still wrong comes out when the mute lifts', () => {
    const t = sim();
    t.maintain('bheem', 30);
    t.s.policy = mute(t.s.policy, '1h', t.s.now);
    expect(t.run(45, [w('bheem', 'host.disk', 'warning')])).toEqual([]);
    const after = t.run(20, [w('bheem', 'host.disk', 'warning')]);
    expect(after.map((n) => n.title)).toEqual(['Bheem: host.disk is broken']);
    expect(t.s.shown[0]!.at).toBe('2026-06-01T15:00:00.000Z');
  });
});

describe('the maintenance model', () => {
  const now = new Date('2026-06-01T14:00:00Z');
  it('reads durations the CLI and the tray use, refusing nonsense and days-long silences', () => {
    expect(parseMaintenanceMinutes('30m')).toBe(30);
    expect(parseMaintenanceMinutes('2h')).toBe(120);
    expect(parseMaintenanceMinutes('1h30m')).toBe(90);
    expect(parseMaintenanceMinutes('45')).toBe(45);
    expect(parseMaintenanceMinutes('0m')).toBeNull();
    expect(parseMaintenanceMinutes('13h')).toBeNull();
    expect(parseMaintenanceMinutes('soon')).toBeNull();
    expect(parseMaintenanceMinutes('')).toBeNull();
  });

  it('extending a running window keeps its start; ending returns when it really ended', () => {
    let m = startMaintenance(emptyMaintenance(), 'bheem', 30, now, 'tray');
    m = startMaintenance(m, 'bheem', 60, new Date('2026-06-01T14:20:00Z'), 'window');
    expect(m.windows['bheem']).toMatchObject({
      startedAt: '2026-06-01T14:00:00.000Z',
      until: '2026-06-01T15:20:00.000Z',
      source: 'window',
    });
    const ended = endMaintenance(m, 'bheem', new Date('2026-06-01T14:40:00Z'));
    expect(ended.ended?.until).toBe('2026-06-01T14:40:00.000Z');
    expect(ended.state.windows).toEqual({});
    expect(expireMaintenance(m, new Date('2026-06-01T15:20:00Z')).ended.map((x) => x.instanceId)).toEqual([
      'bheem',
    ]);
  });

  it('the verdict keeps its level and says "maintenance until 14:30" beside it', () => {
    const inst = { id: 'bheem', state: 'live' } as InstanceStatus;
    const m = startMaintenance(emptyMaintenance(), 'bheem', 30, now, 'cli');
    const v = instanceVerdict(inst, [w('bheem', 'host.disk', 'warning')], {
      maintenanceUntil: activeMaintenance(m, now)['bheem'],
    });
    expect(v.level).toBe('attention');
    expect(verdictText(v, now.getTime(), 'UTC')).toBe('Needs attention · maintenance until 14:30');
    expect(verdictText(instanceVerdict(inst, []), now.getTime(), 'UTC')).toBe('OK');
  });
});
