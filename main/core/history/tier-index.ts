/**
 * A sorted, columnar view of one history file's records (one source, one tier of one instance), so a
 * query reads only the records in its range instead of walking and sorting every record per series: the
 * 90-day Trends query asks 14 series of ~6,400 records each, per instance, and the walk dominated main's
 * answer (profiled on the renderer bench's seed).
 *
 * Built lazily on the first query after the file's records changed (the store drops it on every change),
 * one column per series name asked for. Memory, per stored record: 8 B for its time, plus per column 9 B
 * (raw: value + presence) or 25 B (rollup: avg, min, max + presence); at most {@link MAX_COLUMNS}
 * columns per file (more names → the columns are dropped and rebuilt as asked). The records themselves
 * stay where they are (the store's map); the index only keeps them in time order.
 */
import type { SeriesPoint } from './downsample.js';
import { isRollup, type RawRecord, type RollupRecord } from './tiers.js';

type AnyRecord = RawRecord | RollupRecord;

/** Series columns kept per file; the request limit is 16 series, the Trends pane asks 14. */
export const MAX_COLUMNS = 16;

interface Column {
  /** 1 where the record carries a number for the series. */
  has: Uint8Array;
  v: Float64Array;
  /** Rollups only (raw points carry no min/max); already defaulted to `v` when the record lacks them. */
  min: Float64Array | null;
  max: Float64Array | null;
}

export class TierIndex {
  private readonly records: AnyRecord[];
  /** The records' `t`, ascending. */
  private readonly times: Float64Array;
  private readonly columns = new Map<string, Column>();

  constructor(records: Iterable<AnyRecord>) {
    this.records = [...records].sort((a, b) => a.t - b.t);
    this.times = Float64Array.from(this.records, (r) => r.t);
  }

  /** Position of the first record with `t >= startS` (records.length when none). */
  firstAtOrAfter(startS: number): number {
    let lo = 0;
    let hi = this.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.times[mid]! < startS) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The earliest record time at or after `startS`, whatever series it carries (Infinity when none). */
  earliestSince(startS: number): number {
    const i = this.firstAtOrAfter(startS);
    return i < this.times.length ? this.times[i]! : Infinity;
  }

  /**
   * Appends `name`'s points of the records with `startS <= t < beforeS` to `out`, in time order, shaped
   * as the store always answered: a raw record → `{ t, v }`, a rollup → its midpoint with min/max.
   */
  pushPoints(name: string, startS: number, beforeS: number, out: SeriesPoint[]): void {
    const col = this.column(name);
    const { times, records } = this;
    for (let i = this.firstAtOrAfter(startS); i < times.length && times[i]! < beforeS; i++) {
      if (col.has[i] !== 1) continue;
      const r = records[i]!;
      if (col.min && col.max && isRollup(r))
        out.push({ t: r.t + r.span / 2, v: col.v[i]!, min: col.min[i]!, max: col.max[i]! });
      else out.push({ t: r.t, v: col.v[i]! });
    }
  }

  private column(name: string): Column {
    const known = this.columns.get(name);
    if (known) return known;
    if (this.columns.size >= MAX_COLUMNS) this.columns.clear();
    const n = this.records.length;
    const anyRollup = this.records.some(isRollup);
    const col: Column = {
      has: new Uint8Array(n),
      v: new Float64Array(n),
      min: anyRollup ? new Float64Array(n) : null,
      max: anyRollup ? new Float64Array(n) : null,
    };
    this.records.forEach((r, i) => {
      if (isRollup(r)) {
        const v = r.avg[name];
        if (typeof v !== 'number') return;
        const min = r.min[name];
        const max = r.max[name];
        col.has[i] = 1;
        col.v[i] = v;
        col.min![i] = typeof min === 'number' ? min : v;
        col.max![i] = typeof max === 'number' ? max : v;
      } else {
        const v = r.v[name];
        if (typeof v !== 'number') return;
        col.has[i] = 1;
        col.v[i] = v;
      }
    });
    this.columns.set(name, col);
    return col;
  }
}

/**
 * Two time-ordered runs as one, `a`'s point first on equal times: the same order as a stable sort by
 * time of `a` then `b` (what the store answered before the index), in one pass.
 */
export function mergeByTime(a: SeriesPoint[], b: SeriesPoint[]): SeriesPoint[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const out: SeriesPoint[] = new Array<SeriesPoint>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = b[j]!.t < a[i]!.t ? b[j++]! : a[i++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}

/**
 * One series' points from `startS` on across tiers, finest first: each tier covers the stretch before
 * the earliest record (in range) of the finer tiers, so a finer tier wins wherever it has data. Time
 * order; on equal times the finer tier's point comes first.
 */
export function pointsSince(
  finestFirst: readonly (TierIndex | null)[],
  name: string,
  startS: number,
): SeriesPoint[] {
  let out: SeriesPoint[] = [];
  let finerStart = Infinity;
  for (const index of finestFirst) {
    if (!index) continue;
    const run: SeriesPoint[] = [];
    index.pushPoints(name, startS, finerStart, run);
    // Each run is in time order, but a rollup's midpoint can pass the finer tier's first point.
    out = mergeByTime(out, run);
    finerStart = Math.min(finerStart, index.earliestSince(startS));
  }
  return out;
}
