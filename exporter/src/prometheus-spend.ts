/**
 * Today's spend as Prometheus series (UTC day, as Hermes's dashboard counts it), so a Grafana/Alertmanager
 * user gets the same guard: `hermes_spend_today_usd{source}` with `hermes_spend_today_lower_bound` = 1
 * when part of it had no price in Hermes. No usage (older snapshot shape, failed probe) = no series, and
 * the `usage` probe reads 0.
 */
import type { UsageInfo } from '../../common/contract/snapshot-usage.js';
import { SPEND_SOURCES } from '../../common/contract/snapshot-usage.js';
import { daySpend } from '../../common/spend/spend-guard.js';
import { bucketTokens } from '../../common/spend/usage-bucket.js';

export type AddMetric = (
  name: string,
  help: string,
  value: number | boolean | null,
  labels?: Record<string, string>,
) => void;

export function addSpendMetrics(add: AddMetric, usage: UsageInfo | null | undefined): void {
  const today = usage?.days.find((d) => d.date === usage.today);
  if (!today) return;
  const all = daySpend(today);
  const cost =
    'Spend so far today, UTC day, sessions + aux (USD; a lower bound when hermes_spend_today_lower_bound is 1).';
  const tokens = 'Tokens (input + output + cache) so far today, UTC day.';
  add('hermes_spend_today_usd', cost, all.costUsd, { source: 'all' });
  add('hermes_spend_today_tokens', tokens, bucketTokens(all), { source: 'all' });
  for (const source of SPEND_SOURCES) {
    add('hermes_spend_today_usd', cost, today.bySource[source].costUsd, { source });
    add('hermes_spend_today_tokens', tokens, bucketTokens(today.bySource[source]), { source });
  }
  add('hermes_spend_today_unpriced_tokens', 'Tokens today that Hermes has no price for.', all.unpricedTokens);
  add(
    'hermes_spend_today_lower_bound',
    "Today's cost is a lower bound (part of it unpriced).",
    all.unpricedTokens > 0,
  );
  add(
    'hermes_spend_last_hour_cron_usd',
    'Cost of cron sessions started in the last 60 minutes (USD).',
    usage!.lastHour.cron.costUsd,
  );
}
