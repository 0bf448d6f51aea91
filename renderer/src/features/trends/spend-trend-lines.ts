/**
 * What the Spend section of Trends draws, pure: per instance and source, one point per UTC day (cost and
 * tokens), and the same numbers as table rows (the chart's text alternative). Data is the snapshot's
 * `usage` (today and the 7 days before, as Hermes's dashboard counts days); a lower bound reads "≥ $x".
 */
import {
  SPEND_SOURCES,
  type SpendSource,
  type UsageInfo,
} from '../../../../common/contract/snapshot-usage.js';
import { daySpend } from '../../../../common/spend/spend-guard.js';
import { inertText } from '../../../../common/text/inert-text.js';
import { formatSpend, formatTokens } from '../../../../common/spend/spend-money.js';
import { addBuckets, bucketTokens, emptyBucket } from '../../../../common/spend/usage-bucket.js';
import type { HistoryPoint, HistoryQueryResult } from '../../../../preload/ipc-contract.js';
import { SERIES_COLORS, type ChartLine, type LineDash } from '../../charts/chart-line.js';
import type { ChartPoint } from '../../charts/series-math.js';

const COLORS = SERIES_COLORS;
/** Cron solid and heavy (the unattended spend), interactive dashed, other dotted. */
const SOURCE_DASH: Record<SpendSource, LineDash> = { cron: 'solid', interactive: 'dashed', other: 'dotted' };
const SOURCE_LABEL: Record<SpendSource, string> = {
  cron: 'cron',
  interactive: 'interactive',
  other: 'other',
};

export interface SpendInstance {
  id: string;
  label: string;
  /** undefined = the exporter has no spend yet; null = it could not read it. */
  usage: UsageInfo | null | undefined;
}

const dayMs = (date: string) => Date.parse(`${date}T00:00:00Z`);

/** [first day, today] of the instances that have usage, or null when none has. */
export function spendDomain(instances: readonly SpendInstance[]): [number, number] | null {
  const days = instances.flatMap((i) => i.usage?.days.map((d) => dayMs(d.date)) ?? []);
  return days.length === 0 ? null : [Math.min(...days), Math.max(...days)];
}

/** Cost (USD) or tokens per day: a line per instance and source; cron solid, interactive dashed, other dotted. */
export function spendLines(instances: readonly SpendInstance[], metric: 'cost' | 'tokens'): ChartLine[] {
  const lines: ChartLine[] = [];
  instances.forEach((inst, idx) => {
    if (!inst.usage) return;
    for (const source of SPEND_SOURCES) {
      lines.push({
        name: `${inst.label} ${SOURCE_LABEL[source]}`,
        color: COLORS[idx % COLORS.length]!,
        dash: SOURCE_DASH[source],
        weight: source === 'cron' ? 'heavy' : 'light',
        points: inst.usage.days.map((d) => ({
          t: dayMs(d.date),
          v: metric === 'cost' ? d.bySource[source].costUsd : bucketTokens(d.bySource[source]),
        })),
      });
    }
  });
  return lines;
}

export interface SpendDayRow {
  date: string;
  today: boolean;
  total: string;
  cron: string;
  interactive: string;
  other: string;
  tokens: string;
  unpriced: string;
}

export function spendDayRows(usage: UsageInfo): SpendDayRow[] {
  return [...usage.days].reverse().map((d) => {
    const all = daySpend(d);
    return {
      date: d.date,
      today: d.date === usage.today,
      total: formatSpend(all),
      cron: formatSpend(d.bySource.cron),
      interactive: formatSpend(d.bySource.interactive),
      other: formatSpend(d.bySource.other),
      tokens: formatTokens(bucketTokens(all)),
      unpriced: all.unpricedTokens > 0 ? formatTokens(all.unpricedTokens) : '–',
    };
  });
}

export interface SpendModelRow {
  key: string;
  model: string;
  task: string;
  today: string;
  week: string;
  tokens: string;
}

/** Models Hermes had no price for, inert, for the note under the tables. */
export function unpricedModelsText(usage: UsageInfo): string | null {
  return usage.unpricedModels.length === 0 ? null : usage.unpricedModels.map(inertText).join(', ');
}

/** Per model (aux apart by task), over the eight days, biggest first; "unpriced" where Hermes had no price. */
export function spendModelRows(usage: UsageInfo): SpendModelRow[] {
  const acc = new Map<
    string,
    {
      model: string;
      task: string;
      today: ReturnType<typeof emptyBucket>;
      week: ReturnType<typeof emptyBucket>;
    }
  >();
  for (const d of usage.days) {
    for (const m of d.byModel) {
      // Model and task names come from the VM: shown inert (control and bidi characters as escapes).
      const model = inertText(m.model ?? '(no model)');
      const task = inertText(m.task ?? '');
      const key = `${model}\u0000${task}`;
      const a = acc.get(key) ?? { model, task, today: emptyBucket(), week: emptyBucket() };
      a.week = addBuckets(a.week, m);
      if (d.date === usage.today) a.today = addBuckets(a.today, m);
      acc.set(key, a);
    }
  }
  const money = (b: ReturnType<typeof emptyBucket>) =>
    b.costUsd === 0 && b.unpricedTokens > 0 ? 'unpriced' : formatSpend(b);
  return [...acc.entries()]
    .sort(([, a], [, b]) => bucketTokens(b.week) - bucketTokens(a.week))
    .map(([key, a]) => ({
      key,
      model: a.model,
      task: a.task,
      today: money(a.today),
      week: money(a.week),
      tokens: formatTokens(bucketTokens(a.week)),
    }));
}

/**
 * A day's spend from the history's running total (`costToday` resets at UTC midnight): the day's highest
 * value (a rollup's `max` where the history is bucketed), one point per UTC day at its noon (the middle of
 * the day it sums). Today's point is the spend so far.
 */
export function dailyPeaks(points: readonly HistoryPoint[] | undefined): ChartPoint[] {
  const byDay = new Map<number, number>();
  for (const p of points ?? []) {
    const v = typeof p.max === 'number' ? p.max : p.v;
    if (v === null) continue;
    const day = Math.floor(p.t / 86400) * 86400_000 + 43_200_000;
    byDay.set(day, Math.max(byDay.get(day) ?? 0, v));
  }
  return [...byDay.entries()].sort(([a], [b]) => a - b).map(([t, v]) => ({ t, v }));
}

/** Per instance with history: its daily spend and its cron part over the range on screen. */
export function historySpendLines(
  instances: readonly { label: string; result: HistoryQueryResult | undefined }[],
): ChartLine[] {
  const lines: ChartLine[] = [];
  instances.forEach(({ label, result }, idx) => {
    if (!result) return;
    const color = COLORS[idx % COLORS.length]!;
    lines.push({
      name: `${label} total`,
      color,
      weight: 'heavy',
      points: dailyPeaks(result.series.costToday),
    });
    lines.push({
      name: `${label} cron`,
      color,
      dash: 'dashed',
      points: dailyPeaks(result.series.costTodayCron),
    });
  });
  return lines;
}
