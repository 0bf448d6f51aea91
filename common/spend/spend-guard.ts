/**
 * The unattended-spend guard's arithmetic: today's spend (the VM's UTC day, sessions + aux, as Hermes's
 * dashboard counts days) against the trailing 7-day daily average and against an optional daily cap.
 * Pure; the rule (common/alerts/rules/spend-guard.ts) turns this into warnings, the CLI and the window
 * show it as is.
 */
import type { SpendSource, UsageBucket, UsageDay, UsageInfo } from '../contract/snapshot-usage.js';
import { addBuckets, emptyBucket, roundUsd } from './usage-bucket.js';

/** Cap steps that warn, in percent. */
export const CAP_STEPS = [50, 75, 90, 100] as const;
export type CapStep = (typeof CAP_STEPS)[number];

export interface SpendAssessment {
  today: UsageBucket;
  todayBySource: Record<SpendSource, UsageBucket>;
  /** Mean daily spend over the 7 days before today; null when none of them is in the snapshot. */
  baselineUsd: number | null;
  /** The baseline itself is a lower bound (some of those days had unpriced usage). */
  baselineLowerBound: boolean;
  /** today / baseline; null without a baseline or with a zero one. */
  ratio: number | null;
  capUsd: number | null;
  /** today / cap in percent; null without a cap. */
  capPct: number | null;
  /** The highest cap step reached, or null. */
  capStep: CapStep | null;
}

/** A day's whole spend: its sources added up (sessions and aux). */
export function daySpend(day: UsageDay): UsageBucket {
  const { cron, interactive, other } = day.bySource;
  return addBuckets(addBuckets(cron, interactive), other);
}

export function assessSpend(usage: UsageInfo, capUsd: number | null): SpendAssessment {
  const todayDay = usage.days.find((d) => d.date === usage.today) ?? null;
  const today = todayDay ? daySpend(todayDay) : emptyBucket();
  const previous = usage.days.filter((d) => d.date < usage.today).slice(-7);
  const baselineUsd =
    previous.length === 0
      ? null
      : roundUsd(previous.reduce((s, d) => s + daySpend(d).costUsd, 0) / previous.length);
  const ratio = baselineUsd === null || baselineUsd === 0 ? null : today.costUsd / baselineUsd;
  const capPct = capUsd === null || capUsd <= 0 ? null : (today.costUsd / capUsd) * 100;
  const reached = capPct === null ? [] : CAP_STEPS.filter((s) => capPct >= s);
  return {
    today,
    todayBySource: todayDay
      ? todayDay.bySource
      : { cron: emptyBucket(), interactive: emptyBucket(), other: emptyBucket() },
    baselineUsd,
    baselineLowerBound: previous.some((d) => daySpend(d).unpricedTokens > 0),
    ratio,
    capUsd: capPct === null ? null : capUsd,
    capPct,
    capStep: reached.length > 0 ? reached[reached.length - 1]! : null,
  };
}
