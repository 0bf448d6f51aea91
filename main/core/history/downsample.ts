/**
 * Shape-preserving downsampling for charts: LTTB (the `downsample` package) picks which points to keep
 * so peaks and dips stay in the line, and each kept point carries the min/max of the stretch it stands
 * for, so nothing between two kept points is hidden either.
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

interface Indexed extends SeriesPoint {
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
  const indexed: Indexed[] = points.map((p, i) => ({ ...p, i }));
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
