import { describe, expect, it } from 'vitest';
import { evaluateRules } from '../../../../common/alerts/evaluate-rules.js';
import type { UsageInfo } from '../../../../common/contract/snapshot-usage.js';
import {
  notificationPrefsSchema,
  thresholdsSchema,
  type Thresholds,
} from '../../../../common/model/rule-settings.js';
import type { Warning } from '../../../../common/model/warning.js';
import { decideNotifications, emptyPolicyState } from '../../../../common/notify/notification-policy.js';
import { assessSpend } from '../../../../common/spend/spend-guard.js';
import { formatSpend, formatUsd } from '../../../../common/spend/spend-money.js';
import { FIXED_NOW, makeSnapshot, makeStatus } from '../../../fixtures/snapshot-factory.js';
import { makeUsage, type DaySpec } from '../../../fixtures/usage-factory.js';

const DAYTIME = { enabled: false, start: '22:00', end: '07:00' };
const ALL_NIGHT = { enabled: true, start: '00:00', end: '23:59' };

function thresholds(extra: Partial<Thresholds> = {}): Thresholds {
  return thresholdsSchema.parse({ spendOvernight: DAYTIME, ...extra });
}

/** A quiet week at $0.50 a day, then `today`. */
function week(today: DaySpec): DaySpec[] {
  return [...Array<DaySpec>(7).fill({ interactive: 0.5 }), today];
}

function spendWarnings(
  usage: UsageInfo | null | undefined,
  t: Thresholds = thresholds(),
  previous: Warning[] = [],
): Warning[] {
  const snapshot = { ...makeSnapshot('vijay'), usage };
  if (usage === undefined) delete (snapshot as { usage?: unknown }).usage;
  return evaluateRules({ instances: [makeStatus(snapshot)], thresholds: t, now: FIXED_NOW, previous }).filter(
    (w) => w.check.startsWith('spend.'),
  );
}

describe('spend against the trailing 7-day average', () => {
  it('stays quiet on an ordinary day', () => {
    expect(spendWarnings(makeUsage(week({ interactive: 0.9 })))).toEqual([]);
  });

  it('warns at 3× the average (default), naming sources and the average', () => {
    const [w] = spendWarnings(makeUsage(week({ cron: 1.4, interactive: 0.1 })));
    expect(w).toMatchObject({ check: 'spend.baseline', severity: 'warning', status: 'active' });
    expect(w!.title).toBe('Spend today $1.50 is 3.0× the 7-day average');
    expect(w!.facts.join('\n')).toMatch(/cron \$1\.40, interactive \$0\.10, other \$0\.00/);
    expect(w!.facts.join('\n')).toContain('7-day average: $0.50 a day');
    expect(w!.commands.map((c) => c.id)).toContain('hermes-cron-list');
  });

  it('just under the multiple is quiet; the multiple is configurable', () => {
    expect(spendWarnings(makeUsage(week({ cron: 1.49 })))).toEqual([]);
    expect(
      spendWarnings(makeUsage(week({ cron: 1.0 })), thresholds({ spendBaselineMultiple: 2 })),
    ).toHaveLength(1);
  });

  it('does not cry wolf over cents: below the minimum amount nothing fires, even at 10×', () => {
    const usage = makeUsage([...Array<DaySpec>(7).fill({ interactive: 0.02 }), { cron: 0.2 }]);
    expect(spendWarnings(usage)).toEqual([]);
  });

  it('warns on a first burn after a week of nothing', () => {
    const [w] = spendWarnings(makeUsage([...Array<DaySpec>(7).fill({}), { cron: 20 }]));
    expect(w!.title).toBe('Spend today $20.00 is with nothing spent the 7 days before');
  });

  it('makes a cron burn critical in the overnight window (notifies at once, through quiet hours)', () => {
    const [w] = spendWarnings(makeUsage(week({ cron: 4.2 })), thresholds({ spendOvernight: ALL_NIGHT }));
    expect(w).toMatchObject({ check: 'spend.baseline', severity: 'critical' });
    expect(w!.title).toContain('mostly cron, overnight');
  });
});

describe('spend against the daily cap', () => {
  const capped = (cap: number) => thresholds({ spendDailyCapUsd: { vijay: cap } });
  const cases: [number, [string, string][]][] = [
    [4.99, []],
    [5.0, [['spend.cap.50', 'info']]],
    [
      7.5,
      [
        ['spend.cap.50', 'info'],
        ['spend.cap.75', 'warning'],
      ],
    ],
    [
      9.1,
      [
        ['spend.cap.50', 'info'],
        ['spend.cap.75', 'info'],
        ['spend.cap.90', 'warning'],
      ],
    ],
    [
      10.0,
      [
        ['spend.cap.50', 'info'],
        ['spend.cap.75', 'info'],
        ['spend.cap.90', 'info'],
        ['spend.cap.100', 'critical'],
      ],
    ],
    [
      31,
      [
        ['spend.cap.50', 'info'],
        ['spend.cap.75', 'info'],
        ['spend.cap.90', 'info'],
        ['spend.cap.100', 'critical'],
      ],
    ],
  ];
  for (const [spent, expected] of cases) {
    it(`$${spent} of a $10 cap → ${expected.at(-1)?.[0] ?? 'nothing'} (steps passed stay, as info)`, () => {
      const ws = spendWarnings(makeUsage(week({ interactive: spent })), capped(10)).filter((w) =>
        w.check.startsWith('spend.cap'),
      );
      expect(ws.map((w) => [w.check, w.severity]).sort()).toEqual([...expected].sort());
    });
  }

  it('notifies each crossing once and never calls a passed step "recovered" while the day goes on', () => {
    let state = emptyPolicyState();
    const prefs = notificationPrefsSchema.parse({ holdPolls: 1 });
    const told: string[] = [];
    let previous: Warning[] = [];
    for (const spent of [6, 7.6, 7.8, 9.2, 9.4, 10.5, 11]) {
      previous = spendWarnings(makeUsage(week({ interactive: spent })), capped(10), previous).filter((w) =>
        w.check.startsWith('spend.cap'),
      );
      const r = decideNotifications(state, previous, prefs, FIXED_NOW);
      state = r.state;
      told.push(...r.notifications.map((n) => `${n.kind}: ${n.title}`));
    }
    expect(told).toEqual([
      'new: vijay: Spend today $7.60 is 76 % of the $10.00 daily cap',
      'new: vijay: Spend today $9.20 is 92 % of the $10.00 daily cap',
      'new: vijay: Spend today $10.50 has reached the $10.00 daily cap (105 %)',
    ]);
  });

  it("is per instance: another instance's cap does not apply", () => {
    const ws = spendWarnings(
      makeUsage(week({ interactive: 9 })),
      thresholds({ spendDailyCapUsd: { bheem: 1 } }),
    );
    expect(ws.some((w) => w.check.startsWith('spend.cap'))).toBe(false);
  });

  it('says plainly that Hermes will not stop at the cap', () => {
    const [w] = spendWarnings(makeUsage(week({ interactive: 10 })), capped(10)).filter((x) =>
      x.check.startsWith('spend.cap'),
    );
    expect(w!.title).toBe('Spend today $10.00 has reached the $10.00 daily cap (100 %)');
    expect(w!.facts.at(-1)).toMatch(/does not stop/);
  });
});

describe('unpriced usage', () => {
  it('shows totals with unpriced tokens as a lower bound, and names the tokens', () => {
    const usage = makeUsage(week({ cron: 4.2, unpricedTokens: 3700 }));
    const [w] = spendWarnings(usage);
    expect(w!.title).toBe('Spend today ≥ $4.20 is 8.4× the 7-day average');
    expect(w!.facts.join('\n')).toMatch(
      /3\.7k tokens have no price in Hermes \(local\/unpriced\): the total is a lower bound/,
    );
  });

  it('formats a lower bound with ≥ and an exact amount without', () => {
    const a = assessSpend(makeUsage(week({ interactive: 1, unpricedTokens: 10 })), null);
    expect(formatSpend(a.today)).toBe('≥ $1.00');
    expect(formatSpend(assessSpend(makeUsage(week({ interactive: 1 })), null).today)).toBe('$1.00');
    expect(formatUsd(0.004)).toBe('$0.004');
  });
});

describe('overnight cron burn', () => {
  it('is critical when cron spent over the hourly limit in the last hour during the window', () => {
    const usage = makeUsage(week({ cron: 1.2 }), { lastHourCron: 1.2 });
    const ws = spendWarnings(usage, thresholds({ spendOvernight: ALL_NIGHT }));
    const w = ws.find((x) => x.check === 'spend.overnight-cron');
    expect(w).toMatchObject({ severity: 'critical' });
    expect(w!.title).toBe('Cron spent $1.20 in the last hour, overnight (1 run)');
  });

  it('is not raised outside the window, or under the hourly limit', () => {
    const usage = makeUsage(week({ cron: 1.2 }), { lastHourCron: 1.2 });
    expect(spendWarnings(usage).some((w) => w.check === 'spend.overnight-cron')).toBe(false);
    const small = makeUsage(week({ cron: 0.4 }), { lastHourCron: 0.4 });
    expect(spendWarnings(small, thresholds({ spendOvernight: ALL_NIGHT }))).toEqual([]);
  });
});

describe('spend data missing', () => {
  it('carries an earlier spend warning as unknown when the usage probe fails or an older exporter has none', () => {
    const first = spendWarnings(makeUsage(week({ cron: 4 })));
    expect(first).toHaveLength(1);
    for (const usage of [null, undefined]) {
      const next = spendWarnings(usage, thresholds(), first);
      expect(next.map((w) => [w.check, w.status])).toEqual([['spend.baseline', 'unknown']]);
    }
  });
});
