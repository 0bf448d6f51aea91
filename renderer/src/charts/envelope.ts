/**
 * One line as a chart can draw it at its width: when a line has more points than the chart has pixel
 * columns to show them, its points are gathered into equal stretches of time, about one per column, each
 * drawn as its lowest-to-highest band (the envelope) with the mean through it — what Grafana and Netdata
 * draw at long ranges, where a sawtooth drawn as thousands of vertices turns into a solid block. The band
 * uses the min/max each point already carries from main's downsampling, so no peak between two kept
 * points is lost. Unknown values (null) stay gaps: a stretch with no known value is a gap too. Pure.
 */
import type { ChartPoint } from './series-math.js';

/** One stretch of time (or one point, when the line is sparse enough to draw as it is). */
export interface Bucket {
  /** Epoch ms: the stretch's mean sample time (the point's own time when not bucketed). */
  t: number;
  /** Null: nothing known in this stretch (a gap in the line). */
  mean: number | null;
  lo: number | null;
  hi: number | null;
}

export interface DrawnLine {
  buckets: Bucket[];
  /** True when some stretch spans a range (lo < hi): the chart draws the band behind the mean. */
  banded: boolean;
}

/** Gathers `points` into at most `columns` equal stretches of `domain`, or keeps them when they fit. */
export function lineForColumns(
  points: readonly ChartPoint[],
  domain: [number, number],
  columns: number,
): DrawnLine {
  const cols = Math.max(1, Math.floor(columns));
  if (points.length <= cols) {
    const buckets = points.map((p) =>
      p.v === null
        ? { t: p.t, mean: null, lo: null, hi: null }
        : { t: p.t, mean: p.v, lo: Math.min(p.lo ?? p.v, p.v), hi: Math.max(p.hi ?? p.v, p.v) },
    );
    return { banded: isBanded(buckets), buckets };
  }
  const [from, to] = domain;
  const width = (to - from) / cols;
  const buckets: Bucket[] = [];
  let index = -1;
  let sum = 0;
  let n = 0;
  let tSum = 0;
  let lo = Infinity;
  let hi = -Infinity;
  let sawUnknown = false;
  const flush = () => {
    if (index < 0) return;
    if (n > 0) buckets.push({ t: tSum / n, mean: sum / n, lo, hi });
    else if (sawUnknown) buckets.push({ t: from + (index + 0.5) * width, mean: null, lo: null, hi: null });
  };
  for (const p of points) {
    const i = Math.min(cols - 1, Math.max(0, Math.floor((p.t - from) / width)));
    if (i !== index) {
      flush();
      index = i;
      sum = 0;
      n = 0;
      tSum = 0;
      lo = Infinity;
      hi = -Infinity;
      sawUnknown = false;
    }
    if (p.v === null) {
      sawUnknown = true;
      continue;
    }
    sum += p.v;
    tSum += p.t;
    n++;
    lo = Math.min(lo, p.lo ?? p.v);
    hi = Math.max(hi, p.hi ?? p.v);
  }
  flush();
  return { banded: isBanded(buckets), buckets };
}

const isBanded = (buckets: readonly Bucket[]) =>
  buckets.some((b) => b.lo !== null && b.hi !== null && b.hi > b.lo);

/** The lowest and highest value any of `lines` draws (band included), or null when none has data. */
export function valueExtent(lines: readonly DrawnLine[]): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const l of lines)
    for (const b of l.buckets) {
      if (b.lo !== null && b.lo < lo) lo = b.lo;
      if (b.hi !== null && b.hi > hi) hi = b.hi;
    }
  return lo === Infinity ? null : [lo, hi];
}
