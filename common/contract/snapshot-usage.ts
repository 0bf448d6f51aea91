/**
 * Spend in the snapshot: tokens and cost per UTC day, per source class and per model, computed the way
 * Hermes's dashboard computes its usage analytics (`hermes_cli/web_server.py` `_get_usage_analytics`):
 *
 * - a session's whole usage counts on the day it STARTED, `date(started_at, 'unixepoch')`, i.e. the UTC
 *   day (the dashboard uses no 'localtime' modifier);
 * - tokens and cost are the `sessions` row counters (`input_tokens`, …, `estimated_cost_usd`,
 *   `actual_cost_usd`); auxiliary calls (vision, compression, titles) live only in
 *   `session_model_usage` rows with `task != ''` and are reported apart (`aux`), as the dashboard folds
 *   them into its per-model list but not into its daily rows.
 *
 * Where Hermes has no price for a model it stores `cost_status = 'unknown'` and no estimate
 * (`agent/usage_pricing.py` `estimate_usage_cost`); the dashboard then sums that as $0. Here those
 * sessions are counted as `unpricedSessions`/`unpricedTokens` so a reader can say "≥ $4.20" instead.
 *
 * Additive to the snapshot: older snapshots have no `usage` key; null = the probe failed.
 * No node or electron imports here.
 */
import { z } from 'zod';

const count = z.number().int().nonnegative();
const usd = z.number().nonnegative();

/** How a session is attributed: `cron` jobs, a person talking to it, or anything else (API, webhooks). */
export const SPEND_SOURCES = ['cron', 'interactive', 'other'] as const;
export type SpendSource = (typeof SPEND_SOURCES)[number];

/** Sums over a set of sessions (or aux rows). */
export const usageBucketSchema = z.object({
  sessions: count,
  apiCalls: count,
  input: count,
  output: count,
  cacheRead: count,
  cacheWrite: count,
  reasoning: count,
  /** SUM(estimated_cost_usd): the dashboard's "estimated cost" (unpriced rows add nothing). */
  costUsd: usd,
  /** SUM(actual_cost_usd), where the provider reported one; 0 when none did. */
  actualCostUsd: usd,
  /** Sessions with tokens that Hermes could not price (cost_status 'unknown' or no cost at all). */
  unpricedSessions: count,
  /** input + output + cache read + cache write tokens of those sessions. */
  unpricedTokens: count,
});
export type UsageBucket = z.infer<typeof usageBucketSchema>;

export const usageModelSchema = usageBucketSchema.extend({
  /** The session's recorded model (or the aux row's), truncated; null when Hermes recorded none. */
  model: z.string().nullable(),
  /** Aux task (`vision`, `compression`, …) for aux rows; null for main-agent usage. */
  task: z.string().nullable(),
});
export type UsageModel = z.infer<typeof usageModelSchema>;

export const usageDaySchema = z.object({
  /** UTC calendar day, `YYYY-MM-DD`. */
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** The dashboard's daily row for this day (sessions table only). */
  total: usageBucketSchema,
  /** Auxiliary usage of sessions started this day; null when state.db has no per-task usage table. */
  aux: usageBucketSchema.nullable(),
  /** Per source class, aux included: these add up to `total` + `aux`, the day's whole spend. */
  bySource: z.object({ cron: usageBucketSchema, interactive: usageBucketSchema, other: usageBucketSchema }),
  /** Per model (aux rows apart, with their task), biggest first (tokens), at most 12; the rest folded into one row with model `(other models)`. */
  byModel: z.array(usageModelSchema).max(13),
});
export type UsageDay = z.infer<typeof usageDaySchema>;

export const usageSchema = z.object({
  /** Day boundaries used (Hermes's dashboard groups by UTC day). */
  dayBoundary: z.literal('UTC'),
  /** Today's UTC date on the VM clock. */
  today: z.string(),
  /** Today and the 7 days before it, oldest first (always 8 entries; days without sessions are zero). */
  days: z.array(usageDaySchema).max(8),
  /** Sessions started in the last 60 minutes, per source (an overnight cron burn shows here first). */
  lastHour: z.object({ cron: usageBucketSchema, interactive: usageBucketSchema, other: usageBucketSchema }),
  /** Models with unpriced usage in these 8 days, truncated names, at most 20. */
  unpricedModels: z.array(z.string()).max(20),
});
export type UsageInfo = z.infer<typeof usageSchema>;
