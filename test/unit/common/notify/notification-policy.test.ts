/**
 * The policy as sequences over simulated time: one poll per minute, warnings in, notifications out.
 */
process.env.TZ = 'UTC';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { notificationPrefsSchema, type NotificationPrefs } from '../../../../preload/ipc-contract.js';
import type { Severity, Warning } from '../../../../common/model/warning.js';
import {
  acknowledge,
  decideNotifications,
  emptyPolicyState,
  mute,
  notificationStatus,
  snooze,
  type NotificationToShow,
  type PolicyEvents,
  type PolicyState,
} from '../../../../common/notify/notification-policy.js';
import { createPolicyStore } from '../../../../main/core/notify/policy-store.js';

function w(
  check: string,
  severity: Severity,
  status: 'active' | 'unknown' = 'active',
  title = `${check} is broken`,
): Warning {
  return {
    id: `vijay:${check}`,
    instanceId: 'vijay',
    check,
    severity,
    title,
    facts: ['fact'],
    since: null,
    status,
    commands: [],
  };
}

/** A poller: one decide per simulated minute. */
function sim(
  prefsIn: Partial<NotificationPrefs> = {},
  start = '2026-06-01T12:00:00Z',
  state = emptyPolicyState(),
) {
  const prefs = notificationPrefsSchema.parse(prefsIn);
  const s = { now: new Date(start), state: state as PolicyState, shown: [] as NotificationToShow[] };
  return {
    s,
    prefs,
    poll(warnings: Warning[], events?: PolicyEvents): NotificationToShow[] {
      const out = decideNotifications(s.state, warnings, prefs, s.now, events);
      s.state = out.state;
      s.shown.push(...out.notifications);
      s.now = new Date(s.now.getTime() + 60_000);
      return out.notifications;
    },
    advance(minutes: number) {
      s.now = new Date(s.now.getTime() + minutes * 60_000);
    },
    pollFor(minutes: number, warnings: Warning[]): NotificationToShow[] {
      const out: NotificationToShow[] = [];
      for (let i = 0; i < minutes; i++) out.push(...this.poll(warnings));
      return out;
    },
  };
}

describe('new warnings and flapping', () => {
  it('a warning that flaps every poll never notifies (it never holds)', () => {
    const p = sim({ holdPolls: 2 });
    for (let i = 0; i < 30; i++) p.poll(i % 2 === 0 ? [w('gateway.platform.telegram', 'warning')] : []);
    expect(p.s.shown).toEqual([]);
  });

  it('a warning that holds notifies once; flapping afterwards adds nothing until it truly clears', () => {
    const p = sim({ holdPolls: 2 });
    const x = w('cron.ticks-failing', 'warning');
    for (let i = 0; i < 30; i++) p.poll(i % 3 === 2 ? [] : [x]); // present, present, absent, …
    expect(p.s.shown.map((n) => n.kind)).toEqual(['new']);
    p.pollFor(5, []);
    expect(p.s.shown.map((n) => n.kind)).toEqual(['new', 'recovered']);
  });

  it('a critical notifies at once, and a flapping critical still only once', () => {
    const p = sim({ holdPolls: 2 });
    const c = w('gateway.down', 'critical');
    expect(p.poll([c]).map((n) => n.kind)).toEqual(['new']);
    for (let i = 0; i < 20; i++) p.poll(i % 2 ? [c] : []);
    expect(p.s.shown.filter((n) => n.kind === 'new')).toHaveLength(1);
    expect(p.s.shown.filter((n) => n.kind === 'recovered')).toHaveLength(0);
  });

  it('says which instance and what, with the facts in the body', () => {
    const p = sim();
    const [n] = p.poll([w('gateway.down', 'critical')], { instanceLabels: { vijay: 'Vijay (root)' } });
    expect(n).toMatchObject({
      kind: 'new',
      warningId: 'vijay:gateway.down',
      severity: 'critical',
      body: 'fact',
    });
    expect(n!.title).toBe('Vijay (root): gateway.down is broken');
  });

  it('info warnings never notify', () => {
    const p = sim();
    p.pollFor(10, [w('data.probes-failed', 'info')]);
    p.pollFor(5, []);
    expect(p.s.shown).toEqual([]);
  });
});

describe('escalation, reminders and recovery', () => {
  it('escalation notifies again; de-escalation and re-escalation to an already-told level do not', () => {
    const p = sim({ holdPolls: 2 });
    p.pollFor(2, [w('backup.stale', 'warning')]);
    expect(p.poll([w('backup.stale', 'critical')]).map((n) => n.kind)).toEqual(['escalated']);
    p.pollFor(3, [w('backup.stale', 'warning')]);
    p.pollFor(3, [w('backup.stale', 'critical')]);
    expect(p.s.shown.map((n) => n.kind)).toEqual(['new', 'escalated']);
  });

  it('reminds slowly while a critical stays unacknowledged, and not after acknowledge', () => {
    const p = sim({ reminderMinutes: 240 });
    const c = w('gateway.hung', 'critical');
    p.pollFor(8 * 60, [c]);
    expect(p.s.shown.map((n) => n.kind)).toEqual(['new', 'reminder']);
    expect(p.s.shown[1]!.title).toContain('Still critical');
    p.s.state = acknowledge(p.s.state, c.id, p.s.now);
    p.pollFor(10 * 60, [c]);
    expect(p.s.shown).toHaveLength(2);
  });

  it('an acknowledged warning speaks again when its severity changes', () => {
    const p = sim({ holdPolls: 1 });
    p.poll([w('host.memory', 'warning')]);
    p.s.state = acknowledge(p.s.state, 'vijay:host.memory', p.s.now);
    p.pollFor(3, [w('host.memory', 'warning')]);
    expect(p.poll([w('host.memory', 'critical')]).map((n) => n.kind)).toEqual(['escalated']);
  });

  it('sends exactly one "recovered" when it clears, and none for one never notified', () => {
    const p = sim({ holdPolls: 2 });
    p.pollFor(3, [w('gateway.down', 'critical'), w('x.brief', 'warning')].slice(0, 1));
    p.poll([w('gateway.down', 'critical'), w('x.brief', 'warning')]);
    p.pollFor(10, []);
    const recovered = p.s.shown.filter((n) => n.kind === 'recovered');
    expect(recovered.map((n) => n.warningId)).toEqual(['vijay:gateway.down']);
    expect(recovered[0]!.title).toContain('Recovered');
  });

  it('unknown never notifies as new nor as recovered', () => {
    const p = sim({ holdPolls: 2 });
    p.poll([w('gateway.down', 'critical')]);
    p.pollFor(30, [w('gateway.down', 'critical', 'unknown')]);
    p.poll([w('gateway.down', 'critical')]);
    expect(p.s.shown.map((n) => n.kind)).toEqual(['new']);
    // First seen while unknown: silent until it is really active and has held.
    p.pollFor(10, [w('gateway.down', 'critical'), w('backup.repo-dirty', 'warning', 'unknown')]);
    expect(p.s.shown).toHaveLength(1);
    p.pollFor(2, [w('gateway.down', 'critical'), w('backup.repo-dirty', 'warning')]);
    expect(p.s.shown.map((n) => n.kind)).toEqual(['new', 'new']);
  });
});

describe('snooze, mute, quiet hours', () => {
  it('snoozed: silent for an hour, then one "still active" if it persists', () => {
    const p = sim({ reminderMinutes: 15 });
    const c = w('gateway.down', 'critical');
    p.poll([c]);
    p.s.state = snooze(p.s.state, c.id, '1h', p.s.now);
    p.pollFor(59, [c]);
    expect(p.s.shown).toHaveLength(1);
    p.pollFor(2, [c]);
    expect(p.s.shown.map((n) => n.kind)).toEqual(['new', 'reminder']);
    expect(p.s.shown[1]!.title).toContain('Still active');
    expect(notificationStatus(p.s.state, p.s.now).snoozed).toEqual({});
  });

  it('snooze "tomorrow" lasts until 08:00 local the next day', () => {
    const st = snooze(emptyPolicyState(), 'vijay:x', 'tomorrow', new Date('2026-06-01T15:30:00Z'));
    expect(st.snoozed['vijay:x']).toBe('2026-06-02T08:00:00.000Z');
    const early = snooze(emptyPolicyState(), 'vijay:x', 'tomorrow', new Date('2026-06-02T01:30:00Z'));
    expect(early.snoozed['vijay:x']).toBe('2026-06-02T08:00:00.000Z');
  });

  it('mute holds everything back; when it expires, one summary covers what is still wrong', () => {
    const p = sim({ holdPolls: 2 });
    p.s.state = mute(p.s.state, '1h', p.s.now);
    expect(notificationStatus(p.s.state, p.s.now).mutedUntil).not.toBeNull();
    p.pollFor(30, [w('gateway.down', 'critical'), w('backup.stale', 'warning'), w('host.memory', 'warning')]);
    p.pollFor(29, [w('gateway.down', 'critical'), w('backup.stale', 'warning')]);
    expect(p.s.shown).toEqual([]);
    p.pollFor(3, [w('gateway.down', 'critical'), w('backup.stale', 'warning')]);
    expect(p.s.shown).toHaveLength(1);
    expect(p.s.shown[0]).toMatchObject({
      kind: 'summary',
      severity: 'critical',
      title: 'Hermes: 1 critical, 1 warning',
    });
    expect(p.s.shown[0]!.warningIds.sort()).toEqual(['vijay:backup.stale', 'vijay:gateway.down']);
    expect(notificationStatus(p.s.state, p.s.now).mutedUntil).toBeNull();
  });

  it('quiet hours hold warnings back but let criticals through, then summarise at the end', () => {
    const p = sim(
      { holdPolls: 1, quietHours: { enabled: true, start: '22:00', end: '07:00' } },
      '2026-06-01T23:00:00Z',
    );
    expect(notificationStatus(p.s.state, p.s.now, p.prefs).quietHoursActive).toBe(true);
    p.pollFor(10, [w('backup.stale', 'warning'), w('host.container.caddy', 'warning')]);
    expect(p.s.shown).toEqual([]);
    const crit = p.poll([
      w('backup.stale', 'warning'),
      w('host.container.caddy', 'warning'),
      w('gateway.down', 'critical'),
    ]);
    expect(crit.map((n) => n.warningId)).toEqual(['vijay:gateway.down']);
    p.advance(8 * 60);
    const morning = p.poll([
      w('backup.stale', 'warning'),
      w('host.container.caddy', 'warning'),
      w('gateway.down', 'critical'),
    ]);
    expect(morning).toHaveLength(1);
    expect(morning[0]!.kind).toBe('summary');
    // The held-back warnings, plus the critical's slow reminder that fell due overnight.
    expect(morning[0]!.warningIds.sort()).toEqual([
      'vijay:backup.stale',
      'vijay:gateway.down',
      'vijay:host.container.caddy',
    ]);
  });

  it('quiet hours hold criticals too when the preference says so', () => {
    const p = sim(
      { criticalBreaksThrough: false, quietHours: { enabled: true, start: '22:00', end: '07:00' } },
      '2026-06-01T23:00:00Z',
    );
    p.pollFor(5, [w('gateway.down', 'critical')]);
    expect(p.s.shown).toEqual([]);
  });
});

describe('start, wake, rate limit, restart', () => {
  const many = [
    w('gateway.down', 'critical'),
    w('cron.not-firing', 'critical'),
    w('backup.stale', 'critical'),
    w('policy.approvals-off', 'critical'),
  ];

  it('after wake from sleep: one summary, not a burst', () => {
    const p = sim();
    const out = p.poll(many.slice(0, 2), { wokeFromSleep: true });
    expect(out).toHaveLength(1);
    expect(out[0]!.kind).toBe('summary');
    expect(p.poll(many.slice(0, 2))).toEqual([]);
  });

  it('more problems at once than a burst allows fold into one summary', () => {
    expect(
      sim()
        .poll(many)
        .map((n) => n.kind),
    ).toEqual(['summary']);
  });

  it('the hourly budget is never exceeded; the rest arrives as a summary once budget frees', () => {
    const p = sim({ maxPerHour: 3 });
    const seen: Warning[] = [];
    for (let i = 0; i < 10; i++) {
      seen.push(w(`check.${i}`, 'critical'));
      p.poll([...seen]);
    }
    expect(p.s.shown).toHaveLength(3);
    p.pollFor(49, [...seen]); // up to 58 min after the first notification
    expect(p.s.shown).toHaveLength(3);
    p.pollFor(3, [...seen]);
    expect(p.s.shown).toHaveLength(4);
    expect(p.s.shown[3]!.kind).toBe('summary');
    expect(p.s.shown[3]!.warningIds).toHaveLength(7);
  });

  describe('across an app restart', () => {
    let dir = '';
    afterEach(async () => {
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('reloads the state from its file and does not re-notify', async () => {
      dir = await mkdtemp(join(tmpdir(), 'hmc-policy-'));
      const store = createPolicyStore(dir);
      const p = sim({ holdPolls: 2 });
      p.poll(many.slice(0, 1), { appStarted: true });
      p.pollFor(3, many.slice(0, 2));
      p.s.state = acknowledge(p.s.state, 'vijay:cron.not-firing', p.s.now);
      expect(p.s.shown).toHaveLength(2);
      await store.save(p.s.state);

      const reloaded = await createPolicyStore(dir).load();
      expect(reloaded.recovered).toBeUndefined();
      const q = sim({ holdPolls: 2 }, p.s.now.toISOString(), reloaded.state);
      q.poll(many.slice(0, 2), { appStarted: true });
      q.pollFor(10, many.slice(0, 2));
      expect(q.s.shown).toEqual([]);
      expect(notificationStatus(q.s.state, q.s.now).acknowledged).toEqual(['vijay:cron.not-firing']);
    });

    it('starts fresh from a corrupt file and keeps a .corrupt copy', async () => {
      dir = await mkdtemp(join(tmpdir(), 'hmc-policy-'));
      const store = createPolicyStore(dir);
      await writeFile(store.path, '{"version":1,"tracked":');
      const loaded = await store.load();
      expect(loaded.state).toEqual(emptyPolicyState());
      expect(loaded.recovered?.code).toBe('POLICY_STATE_CORRUPT');
      expect(await readFile(`${store.path}.corrupt`, 'utf8')).toBe('{"version":1,"tracked":');
      await store.save(loaded.state);
      expect(JSON.parse(await readFile(store.path, 'utf8'))).toEqual(emptyPolicyState());
    });
  });
});
