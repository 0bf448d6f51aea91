// The incident timeline from recorded histories: what the app saw at each poll and what the VM's history
// samples say happened while the laptop slept, paired into incidents with durations and filtered.
import { describe, expect, it } from 'vitest';
import type { RawSample } from '../../../../common/contract/history.js';
import { emptyHistoryObserver, historyEvents } from '../../../../common/incidents/history-events.js';
import type { IncidentEvent } from '../../../../common/incidents/incident-types.js';
import { observePoll, type PollObserverState } from '../../../../common/incidents/observe-poll.js';
import { buildTimeline, parseSpan } from '../../../../common/incidents/timeline.js';
import type { InstanceStatus } from '../../../../common/model/instance-status.js';
import type { Warning } from '../../../../common/model/warning.js';

const at = (hhmm: string) => new Date(`2026-12-02T${hhmm}:00.000Z`);
const s = (hhmm: string) => at(hhmm).getTime() / 1000;

type Inst = Pick<InstanceStatus, 'id' | 'state' | 'reason'>;
const live = (id: string): Inst => ({ id, state: 'live', reason: null });
const warning = (over: Partial<Warning> = {}): Warning => ({
  id: 'bheem:gateway.heartbeat-stale',
  instanceId: 'bheem',
  check: 'gateway.heartbeat-stale',
  severity: 'warning',
  title: 'Gateway heartbeat is 4 min old',
  facts: ['Heartbeat written 2026-12-02T09:56:00Z'],
  since: null,
  status: 'active',
  commands: [],
  ...over,
});

/** Feeds polls in order and returns every event recorded. */
function polls(steps: [string, Inst[], Warning[]][]): IncidentEvent[] {
  let state: PollObserverState = {};
  const events: IncidentEvent[] = [];
  for (const [hhmm, instances, warnings] of steps) {
    const r = observePoll(state, instances, warnings, at(hhmm));
    state = r.state;
    events.push(...r.events);
  }
  return events;
}

describe('incidents from the app’s own polls', () => {
  it('a warning that began at 10:00, turned critical at 10:05 and cleared at 10:20 is one critical incident of 20 min', () => {
    const events = polls([
      ['09:59', [live('bheem')], []],
      ['10:00', [live('bheem')], [warning()]],
      [
        '10:05',
        [live('bheem')],
        [warning({ severity: 'critical', title: 'Gateway heartbeat is 9 min old' })],
      ],
      [
        '10:10',
        [live('bheem')],
        [warning({ severity: 'critical', title: 'Gateway heartbeat is 14 min old' })],
      ],
      ['10:20', [live('bheem')], []],
    ]);
    const timeline = buildTimeline(events, { now: at('11:00') });
    expect(timeline).toHaveLength(1);
    expect(timeline[0]).toMatchObject({
      instanceId: 'bheem',
      kind: 'warning',
      severity: 'critical',
      title: 'Gateway heartbeat is 9 min old',
      startedAt: at('10:00').toISOString(),
      endedAt: at('10:20').toISOString(),
      ongoing: false,
      durationSeconds: 20 * 60,
    });
  });

  it('live → stale → unreachable → live is two periods in a chain, each with its own duration and reason', () => {
    const events = polls([
      ['10:00', [live('vijay')], []],
      ['10:10', [{ id: 'vijay', state: 'stale', reason: null }], []],
      [
        '10:25',
        [
          {
            id: 'vijay',
            state: 'unreachable',
            reason: { code: 'TAILSCALE_DOWN', message: 'Tailscale is not connected on this laptop.' },
          },
        ],
        [],
      ],
      ['10:55', [live('vijay')], []],
    ]);
    const timeline = buildTimeline(events, { now: at('11:00') });
    expect(timeline.map((i) => [i.title, i.durationSeconds, i.severity])).toEqual([
      ['Unreachable (TAILSCALE_DOWN)', 30 * 60, 'critical'],
      ['Data stale (exporter not writing)', 15 * 60, 'warning'],
    ]);
    expect(timeline[0]!.details).toContain('was stale');
  });

  it('a check that cannot be evaluated (status unknown) neither ends nor starts an incident; a never-checked instance records nothing', () => {
    const events = polls([
      ['10:00', [{ id: 'bheem', state: 'unknown', reason: null }], []],
      ['10:01', [live('bheem')], [warning()]],
      ['10:02', [{ id: 'bheem', state: 'stale', reason: null }], [warning({ status: 'unknown' })]],
    ]);
    const timeline = buildTimeline(events, { now: at('10:30') });
    const w = timeline.find((i) => i.kind === 'warning')!;
    expect(w.ongoing).toBe(true);
    expect(w.durationSeconds).toBe(29 * 60);
    expect(events.filter((e) => e.kind === 'data' && e.phase === 'end')).toHaveLength(0);
  });

  it('info warnings are not incidents', () => {
    const events = polls([['10:00', [live('bheem')], [warning({ severity: 'info' })]]]);
    expect(events.filter((e) => e.kind === 'warning')).toEqual([]);
  });
});

describe('incidents from the VM’s history while the laptop slept', () => {
  const sample = (hhmm: string, v: RawSample['v']): RawSample => ({ t: s(hhmm), v });
  const ok = { gatewayUp: 1, restarts1h: 0, cronOverdue: 0, cronErrors: 0, backupAge: 600 };
  const night: RawSample[] = [
    sample('02:58', ok),
    sample('02:59', ok),
    sample('03:10', { ...ok, gatewayUp: 0, restarts1h: 1 }),
    sample('03:11', { ...ok, gatewayUp: 0, restarts1h: 1 }),
    sample('03:14', { ...ok, gatewayUp: 1, restarts1h: 1 }),
    sample('03:15', { ...ok, restarts1h: 2 }), // up at both samples, but one more restart
    sample('03:16', { ...ok, cronOverdue: 2 }),
    sample('03:17', { ...ok, cronOverdue: null }), // unknown: nothing starts or ends
    sample('03:20', { ...ok, cronOverdue: 0, backupAge: 3700 }),
    sample('03:25', { ...ok, backupAge: 4000 }),
    sample('03:30', { ...ok, backupAge: 60 }),
  ];

  it('reads the gateway outage, both restarts, the VM’s silence, a missed cron run and a backup gap at VM time', () => {
    const { events } = historyEvents('bheem', emptyHistoryObserver(), night);
    const timeline = buildTimeline(events, { now: at('08:00') });
    const byKind = (k: string) => timeline.filter((i) => i.kind === k);
    expect(byKind('gateway')).toMatchObject([
      { title: 'Gateway down', startedAt: at('03:10').toISOString(), durationSeconds: 4 * 60 },
    ]);
    expect(byKind('restart').map((i) => [i.title, i.startedAt])).toEqual([
      ['Gateway restarted (2 in the last hour)', at('03:15').toISOString()],
      ['Gateway restarted (was down)', at('03:14').toISOString()],
    ]);
    expect(byKind('restart')[0]!.restartClass).toBeNull();
    expect(byKind('data')).toMatchObject([
      { title: expect.stringMatching(/^No samples from the VM/), durationSeconds: 11 * 60 },
    ]);
    expect(byKind('cron')).toMatchObject([
      { title: 'Missed cron run (2 jobs overdue)', durationSeconds: 4 * 60, ongoing: false },
    ]);
    const backup = byKind('backup')[0]!;
    // 3700 s old at 03:20: too old since 03:18:20; the next backup was committed at 03:29.
    expect(backup.startedAt).toBe(new Date((s('03:20') - 100) * 1000).toISOString());
    expect(backup.endedAt).toBe(at('03:29').toISOString());
  });

  it('the same history read twice (a reconnect, a compaction) adds nothing', () => {
    const first = historyEvents('bheem', emptyHistoryObserver(), night);
    const again = historyEvents('bheem', first.state, night);
    expect(again.events).toEqual([]);
    const more = historyEvents('bheem', first.state, [...night, sample('03:31', { ...ok, gatewayUp: 0 })]);
    expect(more.events.map((e) => [e.key, e.phase])).toEqual([['gateway-down', 'begin']]);
  });
});

describe('the timeline', () => {
  const ev = (over: Partial<IncidentEvent>): IncidentEvent => ({
    t: at('10:00').toISOString(),
    instanceId: 'vijay',
    kind: 'warning',
    key: 'k',
    phase: 'begin',
    severity: 'warning',
    title: 't',
    source: 'app',
    ...over,
  });

  it('filters by instance, kind and window; drops an end whose begin aged out; newest first', () => {
    const events = [
      ev({ key: 'a', t: at('08:00').toISOString(), phase: 'end' }), // begin aged out
      ev({ key: 'b', t: at('09:00').toISOString() }),
      ev({ key: 'b', t: at('09:30').toISOString(), phase: 'end' }),
      ev({ key: 'c', t: at('10:00').toISOString(), instanceId: 'bheem', kind: 'gateway' }),
      ev({ key: 'd', t: at('10:30').toISOString(), kind: 'restart', phase: 'point' }),
    ];
    const all = buildTimeline(events, { now: at('11:00') });
    expect(all.map((i) => i.id)).toEqual([
      `vijay:d:${at('10:30').toISOString()}`,
      `bheem:c:${at('10:00').toISOString()}`,
      `vijay:b:${at('09:00').toISOString()}`,
    ]);
    expect(buildTimeline(events, { now: at('11:00'), instanceIds: ['bheem'] }).map((i) => i.kind)).toEqual([
      'gateway',
    ]);
    expect(buildTimeline(events, { now: at('11:00'), kinds: ['restart'] })).toHaveLength(1);
    const recent = buildTimeline(events, { now: at('11:00'), since: at('09:45') });
    expect(recent.map((i) => i.kind)).toEqual(['restart', 'gateway']);
    expect(recent[1]!.durationSeconds).toBe(3600);
  });

  it('reads spans the way the CLI takes them', () => {
    expect(parseSpan('7d')).toBe(7 * 86400);
    expect(parseSpan('24h')).toBe(86400);
    expect(parseSpan('90m')).toBe(5400);
    expect(parseSpan('2w')).toBe(14 * 86400);
    expect(parseSpan('0d')).toBeNull();
    expect(parseSpan('soon')).toBeNull();
  });
});
