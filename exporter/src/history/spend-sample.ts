/**
 * Today's spend as history series (additive keys; see HISTORY_SERIES). Absent `usage` (an older
 * snapshot shape) adds nothing; a null `usage` (the probe failed) records every spend series as unknown,
 * never as $0.
 */
import type { HistorySeries } from '../../../common/contract/history.js';
import type { UsageInfo } from '../../../common/contract/snapshot-usage.js';
import { addBuckets, bucketTokens } from '../../../common/spend/usage-bucket.js';

type Values = Partial<Record<HistorySeries, number | null>>;

const SPEND_KEYS = [
  'costToday',
  'costTodayCron',
  'costTodayInteractive',
  'costTodayOther',
  'tokensToday',
  'tokensTodayCron',
  'unpricedTokensToday',
] as const satisfies readonly HistorySeries[];

export function spendSampleValues(usage: UsageInfo | null | undefined): Values {
  if (usage === undefined) return {};
  const today = usage?.days.find((d) => d.date === usage.today);
  if (!usage || !today) return Object.fromEntries(SPEND_KEYS.map((k) => [k, null]));
  const { cron, interactive, other } = today.bySource;
  const all = addBuckets(addBuckets(cron, interactive), other);
  const cents = (n: number) => Math.round(n * 1e4) / 1e4;
  return {
    costToday: cents(all.costUsd),
    costTodayCron: cents(cron.costUsd),
    costTodayInteractive: cents(interactive.costUsd),
    costTodayOther: cents(other.costUsd),
    tokensToday: bucketTokens(all),
    tokensTodayCron: bucketTokens(cron),
    unpricedTokensToday: all.unpricedTokens,
  };
}
