import { describe, expect, it } from 'vitest';
import {
  buildJobLedger,
  type LedgerContext,
  type LedgerExecution,
  type LedgerJobInput,
} from '../../../common/cron-ledger/build-job-ledger.js';
import { fixedSlots, intervalGapSlots, MAX_SLOTS } from '../../../common/cron-ledger/expected-slots.js';

const NOW = Date.parse('2026-07-18T10:00:00Z');
const H = 3600_000;
const D = 24 * H;

function job(over: Partial<LedgerJobInput> = {}): LedgerJobInput {
  return {
    id: 'job1',
    schedule: { kind: 'cron', expr: '0 7 * * *', minutes: null, runAt: null },
    enabled: true,
    state: 'scheduled',
    createdAt: NOW - 30 * D,
    pausedAt: null,
    lastRunAt: null,
    nextRunAt: NOW + D,
    lastDeliveryFailed: false,
    failureLane: ['telegram'],
    failureDeliverSet: false,
    noAgent: null,
    ...over,
  };
}

function ctx(executions: LedgerExecution[] | null, over: Partial<LedgerContext> = {}): LedgerContext {
  return {
    now: NOW,
    since: NOW - 7 * D,
    timezone: 'UTC',
    graceMs: 300_000,
    executions,
    coverageSince: 0,
    deliveries: new Map(),
    outages: [],
    tickerDown: false,
    ...over,
  };
}

/** A daily 07:00 attempt `daysAgo` days before NOW's day. */
function daily(daysAgo: number, status = 'completed', seconds = 60): LedgerExecution {
  const claimed = Date.parse('2026-07-18T07:00:10Z') - daysAgo * D;
  return {
    id: `e${daysAgo}`,
    status,
    claimedAt: claimed,
    startedAt: claimed,
    finishedAt: claimed + seconds * 1000,
  };
}

describe('expected slots from a schedule', () => {
  it('lists every occurrence of a cron expression in the window, in the given time zone', () => {
    const s = fixedSlots(
      { kind: 'cron', expr: '0 7 * * *', minutes: null, runAt: null },
      NOW - 2 * D,
      NOW,
      'Asia/Kolkata',
    );
    expect(s.slots.map((t) => new Date(t).toISOString())).toEqual([
      '2026-07-17T01:30:00.000Z',
      '2026-07-18T01:30:00.000Z',
    ]);
  });

  it('cuts a dense schedule to its newest slots and says where the window starts', () => {
    const s = fixedSlots(
      { kind: 'cron', expr: '* * * * *', minutes: null, runAt: null },
      NOW - 7 * D,
      NOW,
      'UTC',
    );
    expect(s.slots.length).toBeLessThanOrEqual(MAX_SLOTS);
    expect(s.since).toBeGreaterThan(NOW - 7 * D);
  });

  it('reports an unparseable expression as not evaluable instead of zero runs', () => {
    expect(fixedSlots({ kind: 'cron', expr: 'not cron', minutes: null, runAt: null }, 0, NOW, null).ok).toBe(
      false,
    );
  });

  it('finds the slots a gap in an interval job left empty', () => {
    const runs = [NOW - 5 * H, NOW - 4 * H, NOW - H];
    const missed = intervalGapSlots(60, runs, NOW - 6 * H, NOW, 300_000);
    expect(missed.map((t) => (NOW - t) / H)).toEqual([3, 2]);
  });
});

describe('one job over 7 days', () => {
  it('counts a week of successes as all expected runs, nothing missed', () => {
    const l = buildJobLedger(job(), ctx([0, 1, 2, 3, 4, 5, 6].map((d) => daily(d))));
    expect(l.expected7d).toBe(7);
    expect(l.missed7d).toBe(0);
    expect(l.runs.every((r) => r.outcome === 'ok')).toBe(true);
  });

  it('marks slots with no run as missed, with the cause the exporter observed', () => {
    const l = buildJobLedger(
      job(),
      ctx([daily(0), daily(3)], {
        outages: [
          {
            from: Date.parse('2026-07-16T06:00:00Z'),
            to: Date.parse('2026-07-17T08:00:00Z'),
            cause: 'vm-off',
          },
        ],
      }),
    );
    const missed = l.runs.filter((r) => r.outcome === 'missed');
    expect(missed.map((r) => [r.at.slice(0, 10), r.cause])).toEqual([
      ['2026-07-12', null],
      ['2026-07-13', null],
      ['2026-07-14', null],
      ['2026-07-16', 'vm-off'],
      ['2026-07-17', 'vm-off'],
    ]);
    expect(l.missedBeforeLatest).toBe(2);
  });

  it('counts consecutive failures back to the last success, skipping missed slots', () => {
    const l = buildJobLedger(
      job(),
      ctx([daily(4), daily(3, 'failed'), daily(1, 'failed'), daily(0, 'unknown')]),
    );
    expect(l.consecutiveFailures).toBe(3);
    expect(l.failed7d).toBe(3);
  });

  it('tells a failed delivery and an unconfirmed one apart from a plain success', () => {
    const l = buildJobLedger(
      job({ lastDeliveryFailed: true }),
      ctx([daily(2), daily(1), daily(0)], { deliveries: new Map([['e2', 'unknown']]) }),
    );
    expect(l.runs.slice(-3).map((r) => r.outcome)).toEqual(['undelivered', 'ok', 'delivery-failed']);
  });

  it('uses scheduled_instant over claim time when newer Hermes records it', () => {
    const late = {
      ...daily(1),
      claimedAt: Date.parse('2026-07-18T06:59:00Z'),
      scheduledAt: Date.parse('2026-07-17T07:00:00Z'),
    };
    const l = buildJobLedger(job({ createdAt: NOW - 2 * D }), ctx([late, daily(0)]));
    expect(l.missed7d).toBe(0);
  });

  it('flags a run going 10× past its median as an overrun, and a normal one as running', () => {
    const history = [daily(5, 'completed', 30), daily(4, 'completed', 30), daily(3, 'completed', 30)];
    const long: LedgerExecution = {
      id: 'r',
      status: 'running',
      claimedAt: NOW - 20 * 60_000,
      startedAt: NOW - 20 * 60_000,
      finishedAt: null,
    };
    const short: LedgerExecution = { ...long, startedAt: NOW - 60_000, claimedAt: NOW - 60_000 };
    expect(buildJobLedger(job(), ctx([...history, long])).runs.at(-1)!.outcome).toBe('overrun');
    expect(buildJobLedger(job(), ctx([...history, short])).runs.at(-1)!.outcome).toBe('running');
  });

  it('does not invent missed runs before the job existed, while paused, or beyond a pruned ledger', () => {
    expect(buildJobLedger(job({ createdAt: NOW - 2 * H }), ctx([])).missed7d).toBe(0);
    expect(buildJobLedger(job({ state: 'paused', pausedAt: NOW - 8 * D }), ctx([])).missed7d).toBe(0);
    expect(buildJobLedger(job(), ctx([daily(0)], { coverageSince: NOW - 4 * H })).missed7d).toBe(0);
  });

  it('leaves expected unknown without an attempt ledger (older Hermes) rather than calling everything missed', () => {
    const l = buildJobLedger(job(), ctx(null));
    expect(l.expected7d).toBeNull();
    expect(l.missed7d).toBe(0);
  });

  it('says why a job will not fire', () => {
    expect(buildJobLedger(job({ state: 'paused' }), ctx([])).willNotFire).toBe('paused');
    expect(buildJobLedger(job({ enabled: false }), ctx([])).willNotFire).toBe('disabled');
    expect(buildJobLedger(job({ nextRunAt: null }), ctx([])).willNotFire).toBe('no-next-run');
    const once = job({
      schedule: { kind: 'once', expr: null, minutes: null, runAt: NOW - D },
      nextRunAt: null,
    });
    expect(buildJobLedger(once, ctx([])).willNotFire).toBe('schedule-in-past');
    expect(buildJobLedger(job(), ctx([], { tickerDown: true })).willNotFire).toBe('no-ticker');
    expect(buildJobLedger(job(), ctx([])).willNotFire).toBeNull();
  });

  it('knows failures go nowhere when the failure lane is local only', () => {
    expect(buildJobLedger(job({ failureLane: ['local'] }), ctx([])).failuresGoNowhere).toBe(true);
    expect(buildJobLedger(job({ failureLane: ['local', 'telegram'] }), ctx([])).failuresGoNowhere).toBe(
      false,
    );
  });
});
