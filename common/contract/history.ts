/**
 * The history contract: compact samples the exporter appends every run, so trends exist for the hours
 * the laptop was asleep. Two JSONL files per instance, beside snapshot.json:
 *
 * - raw (`history.jsonl`): one {@link RawSample} per run, kept for at least 48 h.
 * - rollups (`history-rollup.jsonl`): {@link RollupSample}s (10-minute buckets kept 14 days, hourly
 *   buckets kept at least 90 days), written when raw samples age out.
 *
 * Both files are append-only between compactions. A compaction rewrites them atomically and changes
 * `snapshot.history.generation`, which tells a reader to start again from offset 0.
 * No node or electron imports here.
 */
import { z } from 'zod';

/**
 * The series every sample may carry. Values are numbers; booleans are stored as 0/1; unknown is null
 * (or the key is absent). Keep keys short and stable: they are also chart `dataKey`s.
 */
export const HISTORY_SERIES = [
  'gatewayUp', // 1 running, 0 not running
  'heartbeatAge', // seconds
  'telegramUp', // 1 connected
  'sessionsActive',
  'sessionsTotal',
  'messagesTotal',
  'sessions24h',
  'tokens24h', // input + output
  'cost24h', // USD
  'cronEnabled',
  'cronErrors', // jobs whose last run failed
  'cronOverdue',
  'cronDeliveryFailed',
  'tickerAge', // seconds
  'backupAge', // seconds since last backup commit
  'backupDirty', // 1 dirty
  'diskUsedPct', // root filesystem
  'diskFreeBytes',
  'memAvailablePct',
  'load1',
  'errors24h', // ERROR+CRITICAL lines in errors.log over 24 h
  'restarts1h',
  // Spend so far today (UTC day, as Hermes's dashboard counts it; snapshot.usage). A day's spend is the
  // last (largest) value before UTC midnight; the rollups' `max` keeps it.
  'costToday', // USD, sessions + aux; a lower bound when unpricedTokensToday > 0
  'costTodayCron',
  'costTodayInteractive',
  'costTodayOther',
  'tokensToday', // input + output + cache read + cache write
  'tokensTodayCron',
  'unpricedTokensToday',
] as const;
export type HistorySeries = (typeof HISTORY_SERIES)[number];

const seriesValues = z.record(z.string(), z.number().nullable());

/** One exporter run. `t` is epoch seconds (VM clock). */
export const rawSampleSchema = z.object({
  t: z.number(),
  v: seriesValues,
});
export type RawSample = { t: number; v: Partial<Record<HistorySeries, number | null>> };

/** A bucket of raw samples: `span` seconds starting at `t`, with per-series min/avg/max over `n` samples. */
export const rollupSampleSchema = z.object({
  t: z.number(),
  span: z.number().int().positive(),
  n: z.number().int().positive(),
  avg: seriesValues,
  min: seriesValues,
  max: seriesValues,
});
export type RollupSample = {
  t: number;
  span: number;
  n: number;
  avg: Partial<Record<HistorySeries, number | null>>;
  min: Partial<Record<HistorySeries, number | null>>;
  max: Partial<Record<HistorySeries, number | null>>;
};

/** Retention the exporter keeps (and the app can rely on). */
export const HISTORY_RETENTION = {
  rawSeconds: 48 * 3600,
  tenMinuteSeconds: 14 * 24 * 3600,
  hourlySeconds: 120 * 24 * 3600,
  maxBytesPerInstance: 10 * 1024 * 1024,
} as const;
