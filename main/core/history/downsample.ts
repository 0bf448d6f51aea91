/**
 * Shape-preserving downsampling for charts: LTTB (the `downsample` package) picks which points to keep
 * so peaks and dips stay in the line, and each kept point carries the min/max of the stretch it stands
 * for, so nothing between two kept points is hidden either.
 *
 * History mixes tiers (a point a minute for 48 h, rollups before that), and LTTB divides its budget by
 * point count: left alone it spent ~45% of a 90-day chart's points on its last 2% (measured by the
 * renderer bench). So dense input is first thinned per equal stretch of time (2 stretches per output point,
 * see evenInTime); LTTB then chooses among what is left, and the min/max still cover every input point.
 */
import { createLTTB } from 'downsample';
import type { HistoryPoint } from '../../../preload/ipc-contract.js';

/** One input point; `min`/`max` when it already stands for a bucket (a rollup). */
export interface SeriesPoint {
  t: number;
  v: number;
  min?: number;
  max?: number;
}

/** What LTTB sees: time, value and the position in the thinned input (min/max are read from there). */
interface Indexed {
  t: number;
  v: number;
  i: number;
}

const lttb = createLTTB<Indexed>({ x: 't', y: 'v' });

/** At most `maxPoints` points, oldest first. Input must be sorted by `t` and free of nulls. */
export function downsampleSeries(points: SeriesPoint[], maxPoints: number): HistoryPoint[] {
  const limit = Math.max(1, Math.floor(maxPoints));
  if (points.length <= limit) {
    return points.map((p) =>
      p.min !== undefined || p.max !== undefined
        ? { t: p.t, v: p.v, min: p.min ?? p.v, max: p.max ?? p.v }
        : { t: p.t, v: p.v },
    );
  }
  if (limit < 3) return points.slice(-limit).map((p) => ({ t: p.t, v: p.v }));
  const even = evenInTime(points, limit * 2);
  return even.length <= limit ? downsampleSeries(even, limit) : lttbWithRanges(even, limit);
}

/**
 * Thins dense input to at most two points per equal stretch of time (the stretch's lowest and highest,
 * real points in time order, so LTTB can still pick a spike at its true value), plus the first and last
 * point. Sparse input passes through.
 */
export function evenInTime(points: SeriesPoint[], buckets: number): SeriesPoint[] {
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last || points.length <= buckets * 2 || last.t <= first.t) return points;
  const width = (last.t - first.t) / buckets;
  const out: SeriesPoint[] = [first];
  let bucket = -1;
  let lo: SeriesPoint | null = null;
  let hi: SeriesPoint | null = null;
  const flush = (): void => {
    if (!lo || !hi) return;
    const pair = lo === hi ? [lo] : lo.t <= hi.t ? [lo, hi] : [hi, lo];
    for (const p of pair) if (p !== first && p !== last) out.push(p);
  };
  for (const p of points) {
    const b = Math.min(buckets - 1, Math.floor((p.t - first.t) / width));
    if (b !== bucket) {
      flush();
      bucket = b;
      lo = p;
      hi = p;
    } else {
      if ((p.min ?? p.v) < (lo!.min ?? lo!.v)) lo = p;
      if ((p.max ?? p.v) > (hi!.max ?? hi!.v)) hi = p;
    }
  }
  flush();
  out.push(last);
  return out;
}

function lttbWithRanges(points: SeriesPoint[], limit: number): HistoryPoint[] {
  // A fixed shape, not `{ ...p, i }`: spreading points of two shapes (raw, rollup) cost ~2 ms per series.
  const indexed: Indexed[] = points.map((p, i) => ({ t: p.t, v: p.v, i }));
  const kept = Array.from(lttb(indexed, limit) as ArrayLike<Indexed>);
  return kept.map((p, k) => {
    // The stretch this point stands for: halfway to its neighbours.
    const prev = kept[k - 1];
    const next = kept[k + 1];
    const from = prev ? Math.floor((prev.i + p.i) / 2) + 1 : 0;
    const to = next ? Math.floor((p.i + next.i) / 2) : points.length - 1;
    let min = Infinity;
    let max = -Infinity;
    for (let j = from; j <= to; j++) {
      const q = points[j]!;
      min = Math.min(min, q.min ?? q.v);
      max = Math.max(max, q.max ?? q.v);
    }
    return { t: p.t, v: p.v, min, max };
  });
}
