/**
 * Retention tiers of the local history (Beszel/Netdata style, field lesson 7): raw samples for two days,
 * 10-minute buckets for two weeks, hourly buckets for four months. Rolling up keeps min/avg/max, so a
 * peak is never averaged away.
 */
import type { RollupSample } from '../../../common/contract/history.js';
import type { HistoryRange } from '../../../preload/ipc-contract.js';

export type TierName = 'raw' | '10m' | '1h';

export const TIERS: Record<TierName, { spanSeconds: number; keepSeconds: number }> = {
  raw: { spanSeconds: 0, keepSeconds: 48 * 3600 },
  '10m': { spanSeconds: 600, keepSeconds: 14 * 86400 },
  '1h': { spanSeconds: 3600, keepSeconds: 120 * 86400 },
};

export const RANGE_SECONDS: Record<HistoryRange, number> = {
  '6h': 6 * 3600,
  '24h': 24 * 3600,
  '7d': 7 * 86400,
  '30d': 30 * 86400,
  '90d': 90 * 86400,
};

/** Values keyed by series name (numbers; null = unknown). */
export type SeriesValues = Record<string, number | null | undefined>;
export interface RawRecord {
  t: number;
  v: SeriesValues;
}
export interface RollupRecord {
  t: number;
  span: number;
  n: number;
  avg: SeriesValues;
  min: SeriesValues;
  max: SeriesValues;
}

/** The tier a rollup of `span` seconds belongs to, or null for spans we do not keep. */
export function tierForSpan(span: number): TierName | null {
  if (span === 600) return '10m';
  if (span === 3600) return '1h';
  return null;
}

interface Acc {
  n: number;
  sum: Record<string, { s: number; w: number }>;
  min: Record<string, number>;
  max: Record<string, number>;
}

function addValue(acc: Acc, key: string, avg: number, min: number, max: number, weight: number): void {
  const s = (acc.sum[key] ??= { s: 0, w: 0 });
  s.s += avg * weight;
  s.w += weight;
  acc.min[key] = Math.min(acc.min[key] ?? Infinity, min);
  acc.max[key] = Math.max(acc.max[key] ?? -Infinity, max);
}

/** Rolls raw samples or finer rollups into buckets of `span` seconds (aligned to epoch multiples). */
export function rollUp(records: (RawRecord | RollupRecord)[], span: number): RollupRecord[] {
  const buckets = new Map<number, Acc>();
  for (const r of records) {
    const t = Math.floor(r.t / span) * span;
    let acc = buckets.get(t);
    if (!acc) buckets.set(t, (acc = { n: 0, sum: {}, min: {}, max: {} }));
    if ('span' in r) {
      acc.n += r.n;
      for (const [k, avg] of Object.entries(r.avg)) {
        if (typeof avg !== 'number') continue;
        addValue(acc, k, avg, r.min[k] ?? avg, r.max[k] ?? avg, r.n);
      }
    } else {
      acc.n += 1;
      for (const [k, v] of Object.entries(r.v)) if (typeof v === 'number') addValue(acc, k, v, v, v, 1);
    }
  }
  return [...buckets.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([t, acc]) => {
      const out: RollupRecord = { t, span, n: Math.max(1, acc.n), avg: {}, min: {}, max: {} };
      for (const [k, { s, w }] of Object.entries(acc.sum)) {
        out.avg[k] = w > 0 ? s / w : null;
        out.min[k] = acc.min[k] ?? null;
        out.max[k] = acc.max[k] ?? null;
      }
      return out;
    });
}

/** Type guard for records read back from disk. */
export function isRollup(r: RawRecord | RollupRecord): r is RollupRecord {
  return 'span' in r;
}

export type { RollupSample };
