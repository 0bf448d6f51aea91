import { describe, expect, it } from 'vitest';
import { settingsSchema } from '../../../../preload/ipc-contract.js';
import {
  dailyPeaks,
  historySpendLines,
  spendDayRows,
  spendDomain,
  spendLines,
  spendModelRows,
  unpricedModelsText,
} from '../../../../renderer/src/features/trends/spend-trend-lines.js';
import { capDrafts, withSpendCapsSaved } from '../../../../renderer/src/features/settings/spend-cap-model.js';
import { makeUsage, type DaySpec } from '../../../fixtures/usage-factory.js';

const week = Array<DaySpec>(7).fill({ interactive: 0.5 });
const usage = makeUsage([...week, { cron: 4.2, interactive: 0.11, other: 0.05, unpricedTokens: 3700 }]);

describe('Spend section of Trends', () => {
  it('draws one point per UTC day per source, cron solid, interactive dashed, other dotted', () => {
    const lines = spendLines([{ id: 'vijay', label: 'Vijay', usage }], 'cost');
    expect(lines.map((l) => [l.name, l.dash, l.weight])).toEqual([
      ['Vijay cron', 'solid', 'heavy'],
      ['Vijay interactive', 'dashed', 'light'],
      ['Vijay other', 'dotted', 'light'],
    ]);
    expect(lines[0]!.points.at(-1)).toEqual({ t: Date.parse('2026-07-18T00:00:00Z'), v: 4.2 });
    expect(lines[0]!.points).toHaveLength(8);
    expect(spendDomain([{ id: 'vijay', label: 'Vijay', usage }])).toEqual([
      Date.parse('2026-07-11T00:00:00Z'),
      Date.parse('2026-07-18T00:00:00Z'),
    ]);
  });

  it('draws nothing for an instance without spend data, and has no domain when none has any', () => {
    expect(spendLines([{ id: 'b', label: 'B', usage: null }], 'tokens')).toEqual([]);
    expect(spendDomain([{ id: 'b', label: 'B', usage: undefined }])).toBeNull();
  });

  it('tabulates the days newest first with lower bounds marked, and the models with unpriced ones named', () => {
    const rows = spendDayRows(usage);
    expect(rows[0]).toEqual({
      date: '2026-07-18',
      today: true,
      total: '≥ $4.36',
      cron: '$4.20',
      interactive: '≥ $0.11',
      other: '$0.05',
      tokens: '47k',
      unpriced: '3.7k',
    });
    expect(rows[1]!.total).toBe('$0.50');
    const models = spendModelRows(usage);
    expect(models.find((m) => m.model === 'local/unpriced')).toMatchObject({
      today: 'unpriced',
      week: 'unpriced',
    });
    expect(models[0]).toMatchObject({ model: 'openai/gpt-5', today: '$4.20' });
  });

  it('shows model names from the VM inert', () => {
    const hostile = structuredClone(usage);
    hostile.days.at(-1)!.byModel[0]!.model = 'a\u202eb\u001b[31m';
    hostile.unpricedModels = ['x\u0007'];
    const names = spendModelRows(hostile).map((m) => m.model);
    expect(names.join('')).not.toMatch(/[\u202e\u001b]/);
    expect(unpricedModelsText(hostile)).not.toContain('\u0007');
  });
});

describe('spend per day from the history', () => {
  const day = (d: string, h: number) =>
    Date.parse(`2026-07-${d}T${String(h).padStart(2, '0')}:00:00Z`) / 1000;
  it("takes each UTC day's highest running total (a rollup's max where bucketed), one point per day at its noon", () => {
    const points = [
      { t: day('16', 1), v: 0.2 },
      { t: day('16', 23), v: 1.9, min: 1.5, max: 2.1 },
      { t: day('17', 0), v: 0.01 },
      { t: day('17', 12), v: null },
      { t: day('17', 20), v: 3.3 },
    ];
    expect(dailyPeaks(points)).toEqual([
      { t: Date.parse('2026-07-16T12:00:00Z'), v: 2.1 },
      { t: Date.parse('2026-07-17T12:00:00Z'), v: 3.3 },
    ]);
  });

  it('draws a total and a dashed cron line per instance with history', () => {
    const result = {
      instanceId: 'vijay',
      range: '7d' as const,
      series: { costToday: [{ t: day('17', 5), v: 1 }], costTodayCron: [{ t: day('17', 5), v: 0.4 }] },
    };
    const lines = historySpendLines([
      { label: 'Vijay', result },
      { label: 'Bheem', result: undefined },
    ]);
    expect(lines.map((l) => [l.name, l.dash === 'dashed', l.points.length])).toEqual([
      ['Vijay total', false, 1],
      ['Vijay cron', true, 1],
    ]);
  });
});

describe('daily spend caps in Settings', () => {
  const saved = settingsSchema.parse({ hosts: [] });
  it('saves a cap per instance, drops a blank one, and keeps the other settings as saved', () => {
    const withCap = withSpendCapsSaved(saved, { vijay: '$10', bheem: '' });
    expect(withCap.ok && withCap.settings.thresholds.spendDailyCapUsd).toEqual({ vijay: 10 });
    if (!withCap.ok) return;
    expect(withCap.settings.pollIntervalSeconds).toBe(saved.pollIntervalSeconds);
    expect(capDrafts(withCap.settings, ['vijay', 'bheem'])).toEqual({ vijay: '10', bheem: '' });
    const cleared = withSpendCapsSaved(withCap.settings, { vijay: ' ' });
    expect(cleared.ok && cleared.settings.thresholds.spendDailyCapUsd).toEqual({});
  });

  it('refuses a cap that is not an amount above 0, naming the instance field', () => {
    expect(withSpendCapsSaved(saved, { vijay: 'lots', bheem: '-2' })).toEqual({
      ok: false,
      errors: {
        vijay: 'Enter an amount in USD above 0, or leave it blank for no cap',
        bheem: 'Enter an amount in USD above 0, or leave it blank for no cap',
      },
    });
  });

  it('is accepted by the settings contract main validates', () => {
    const r = withSpendCapsSaved(saved, { vijay: '7.5' });
    expect(r.ok && settingsSchema.parse(r.settings).thresholds.spendDailyCapUsd).toEqual({ vijay: 7.5 });
  });
});
