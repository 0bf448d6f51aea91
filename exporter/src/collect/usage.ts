/**
 * Spend from state.db: the queries (appended to the one batched state.db read, so no new subprocess and no
 * second open) and their interpretation into the snapshot's `usage` (common/contract/snapshot-usage.ts).
 *
 * Semantics follow Hermes's dashboard, `hermes_cli/web_server.py` `_get_usage_analytics`:
 * - day = `date(started_at, 'unixepoch')` (UTC), so a session counts whole on the day it started;
 * - tokens/cost = SUM of the `sessions` counters, `estimated_cost_usd` as the cost (COALESCE … 0);
 * - auxiliary usage = `session_model_usage` rows with `task != ''` joined to their session's start
 *   (`_aux_usage_rows`), never in the sessions counters, so adding it cannot double-count.
 * Archived sessions count (the dashboard does not filter them either: the money was spent).
 * Unpriced = tokens but `cost_status = 'unknown'` or no cost at all (`agent/usage_pricing.py`
 * `estimate_usage_cost` returns amount None / status "unknown" when it has no price).
 */
import type {
  SpendSource,
  UsageBucket,
  UsageDay,
  UsageInfo,
  UsageModel,
} from '../../../common/contract/snapshot-usage.js';
import { addBuckets, bucketTokens, emptyBucket, roundUsd } from '../../../common/spend/usage-bucket.js';
import { spendSourceOf } from '../../../common/spend/source-class.js';
import { rowsOf, type DbResult, type QuerySpec, type Row } from './sqlite/sqlite-request.js';

const DAY = 86400;
/** Today and the 7 days before it: the baseline the spend guard compares today against. */
export const USAGE_DAYS = 8;
const MODELS_PER_DAY = 12;
const MODEL_CHARS = 120;

/** Query names carry this prefix so the sessions probe can leave their failures to the usage probe. */
export const USAGE_QUERY_PREFIX = 'usage.';
const Q_DAILY = `${USAGE_QUERY_PREFIX}daily`;
const Q_AUX = `${USAGE_QUERY_PREFIX}aux`;
const Q_HOUR = `${USAGE_QUERY_PREFIX}lastHour`;

/** The bucket columns for rows of table `table` under alias `a` (schema-tolerant placeholders). */
function bucketColumns(a: string, table: 'sessions' | 'session_model_usage', sessionsExpr: string): string {
  const col = (name: string, fallback = '0') => `COALESCE({{${a}:${table}.${name}|NULL}}, ${fallback})`;
  const tokens = `(${col('input_tokens')} + ${col('output_tokens')} + ${col('cache_read_tokens')} + ${col('cache_write_tokens')})`;
  const unpriced =
    `${tokens} > 0 AND (COALESCE({{${a}:${table}.cost_status|NULL}}, '') = 'unknown' OR ` +
    `({{${a}:${table}.estimated_cost_usd|NULL}} IS NULL AND {{${a}:${table}.actual_cost_usd|NULL}} IS NULL))`;
  return [
    `${sessionsExpr} AS sessions`,
    `SUM(${col('api_call_count')}) AS api_calls`,
    `SUM(${col('input_tokens')}) AS input`,
    `SUM(${col('output_tokens')}) AS output`,
    `SUM(${col('cache_read_tokens')}) AS cache_read`,
    `SUM(${col('cache_write_tokens')}) AS cache_write`,
    `SUM(${col('reasoning_tokens')}) AS reasoning`,
    `SUM(${col('estimated_cost_usd')}) AS cost`,
    `SUM(${col('actual_cost_usd')}) AS actual`,
    `SUM(CASE WHEN ${unpriced} THEN 1 ELSE 0 END) AS unpriced_sessions`,
    `SUM(CASE WHEN ${unpriced} THEN ${tokens} ELSE 0 END) AS unpriced_tokens`,
  ].join(', ');
}

// `+s.source` (a no-op on the value) keeps SQLite from walking idx_sessions_source for the GROUP BY, which
// would scan every session; it uses idx_sessions_started for the time window instead (20k sessions: the
// last-hour query 23 ms → 0.06 ms).
const PARENT_JOIN = 'LEFT JOIN sessions p ON p.id = {{s:sessions.parent_session_id|NULL}}';

/** The spend queries, for the state.db request. `nowEpoch` is the run's frozen now (epoch seconds). */
export function usageQueries(nowEpoch: number): QuerySpec[] {
  const firstDay = Math.floor(nowEpoch / DAY) * DAY - (USAGE_DAYS - 1) * DAY;
  const requires = [
    'sessions.started_at',
    'sessions.source',
    'sessions.input_tokens',
    'sessions.output_tokens',
  ];
  return [
    {
      name: Q_DAILY,
      requires,
      sql:
        "SELECT date(s.started_at, 'unixepoch') AS d, +s.source AS src, +p.source AS psrc, " +
        `{{s:sessions.model|NULL}} AS mdl, ${bucketColumns('s', 'sessions', 'COUNT(*)')} ` +
        `FROM sessions s ${PARENT_JOIN} WHERE s.started_at >= ? GROUP BY d, src, psrc, mdl`,
      params: [firstDay],
    },
    {
      name: Q_AUX,
      requires: [...requires, 'session_model_usage.task', 'session_model_usage.session_id'],
      sql:
        "SELECT date(s.started_at, 'unixepoch') AS d, +s.source AS src, +p.source AS psrc, " +
        `u.model AS mdl, u.task AS tsk, ${bucketColumns('u', 'session_model_usage', 'COUNT(DISTINCT u.session_id)')} ` +
        `FROM session_model_usage u JOIN sessions s ON s.id = u.session_id ${PARENT_JOIN} ` +
        "WHERE s.started_at >= ? AND u.task != '' GROUP BY d, src, psrc, mdl, tsk",
      params: [firstDay],
    },
    {
      name: Q_HOUR,
      requires,
      sql:
        `SELECT +s.source AS src, +p.source AS psrc, ${bucketColumns('s', 'sessions', 'COUNT(*)')} ` +
        `FROM sessions s ${PARENT_JOIN} WHERE s.started_at >= ? GROUP BY src, psrc`,
      params: [nowEpoch - 3600],
    },
  ];
}

// --- interpretation --------------------------------------------------------------------------

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.max(0, Math.round(value)) : 0;
}

function usd(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? roundUsd(Math.max(0, value)) : 0;
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function bucketOf(r: Row): UsageBucket {
  return {
    sessions: count(r.sessions),
    apiCalls: count(r.api_calls),
    input: count(r.input),
    output: count(r.output),
    cacheRead: count(r.cache_read),
    cacheWrite: count(r.cache_write),
    reasoning: count(r.reasoning),
    costUsd: usd(r.cost),
    actualCostUsd: usd(r.actual),
    unpricedSessions: count(r.unpriced_sessions),
    unpricedTokens: count(r.unpriced_tokens),
  };
}

type BySource = Record<SpendSource, UsageBucket>;
const emptyBySource = (): BySource => ({
  cron: emptyBucket(),
  interactive: emptyBucket(),
  other: emptyBucket(),
});

function addToSource(by: BySource, r: Row, bucket: UsageBucket): void {
  const source = spendSourceOf(text(r.src), text(r.psrc));
  by[source] = addBuckets(by[source], bucket);
}

interface DayAcc {
  total: UsageBucket;
  aux: UsageBucket;
  bySource: BySource;
  models: Map<string, UsageModel>;
}

function modelKey(model: string | null, task: string | null): string {
  return `${model ?? ''}\u0000${task ?? ''}`;
}

function addModel(acc: DayAcc, model: string | null, task: string | null, bucket: UsageBucket): void {
  const name = model === null ? null : model.slice(0, MODEL_CHARS);
  const key = modelKey(name, task);
  const prev = acc.models.get(key);
  acc.models.set(key, { model: name, task, ...addBuckets(prev ?? emptyBucket(), bucket) });
}

/** Biggest first; past MODELS_PER_DAY the rest become one `(other models)` row, so sums still add up. */
function topModels(models: Iterable<UsageModel>): UsageModel[] {
  const sorted = [...models].sort((a, b) => bucketTokens(b) - bucketTokens(a) || b.costUsd - a.costUsd);
  if (sorted.length <= MODELS_PER_DAY + 1) return sorted;
  const rest = sorted
    .slice(MODELS_PER_DAY)
    .reduce<UsageBucket>((acc, m) => addBuckets(acc, m), emptyBucket());
  return [...sorted.slice(0, MODELS_PER_DAY), { model: '(other models)', task: null, ...rest }];
}

function isoDay(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().slice(0, 10);
}

/**
 * The usage section, or null when state.db could not be read or lacks the token columns (unknown, never
 * zero). Pure.
 */
export function interpretUsage(db: DbResult | undefined, nowEpoch: number): UsageInfo | null {
  if (db === undefined || !db.ok) return null;
  const daily = rowsOf(db.results[Q_DAILY]);
  const hour = rowsOf(db.results[Q_HOUR]);
  if (daily === null || hour === null) return null;
  const auxRows = rowsOf(db.results[Q_AUX]);

  const today = Math.floor(nowEpoch / DAY) * DAY;
  const dates: string[] = [];
  for (let i = USAGE_DAYS - 1; i >= 0; i--) dates.push(isoDay(today - i * DAY));
  const acc = new Map<string, DayAcc>(
    dates.map((d) => [
      d,
      { total: emptyBucket(), aux: emptyBucket(), bySource: emptyBySource(), models: new Map() },
    ]),
  );
  const unpriced = new Set<string>();

  for (const r of daily) {
    const day = acc.get(String(r.d));
    if (!day) continue; // a session stamped in the future: not one of these days
    const bucket = bucketOf(r);
    day.total = addBuckets(day.total, bucket);
    addToSource(day.bySource, r, bucket);
    addModel(day, text(r.mdl), null, bucket);
    if (bucket.unpricedSessions > 0) unpriced.add((text(r.mdl) ?? '(no model)').slice(0, MODEL_CHARS));
  }
  for (const r of auxRows ?? []) {
    const day = acc.get(String(r.d));
    if (!day) continue;
    const bucket = bucketOf(r);
    day.aux = addBuckets(day.aux, bucket);
    addToSource(day.bySource, r, bucket);
    addModel(day, text(r.mdl), (text(r.tsk) ?? '').slice(0, 40) || null, bucket);
    if (bucket.unpricedSessions > 0) unpriced.add((text(r.mdl) ?? '(no model)').slice(0, MODEL_CHARS));
  }

  const lastHour = emptyBySource();
  for (const r of hour) addToSource(lastHour, r, bucketOf(r));

  const days: UsageDay[] = dates.map((date) => {
    const d = acc.get(date)!;
    return {
      date,
      total: d.total,
      aux: auxRows === null ? null : d.aux,
      bySource: d.bySource,
      byModel: topModels(d.models.values()),
    };
  });
  return {
    dayBoundary: 'UTC',
    today: isoDay(today),
    days,
    lastHour,
    unpricedModels: [...unpriced].sort().slice(0, 20),
  };
}

/** Why usage is null (for the probe), or null when it is fine. */
export function usageProblem(db: DbResult | undefined): string | null {
  if (db === undefined) return 'state.db: not read';
  if (!db.ok) return `state.db: ${db.error ?? db.code ?? 'unreadable'}`;
  const failed = [Q_DAILY, Q_HOUR, Q_AUX]
    .map((name) => [name, db.results[name]] as const)
    .filter(([name, r]) => r !== undefined && !('rows' in r) && !(name === Q_AUX && 'missing' in r))
    .map(
      ([name, r]) =>
        `${name.slice(USAGE_QUERY_PREFIX.length)} (${'missing' in r! ? `missing ${r.missing}` : 'error' in r! ? r.error : '?'})`,
    );
  return failed.length === 0 ? null : `state.db: ${failed.join('; ')}`;
}
