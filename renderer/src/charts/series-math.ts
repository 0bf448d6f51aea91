/** Pure transforms from history points to chart points. */
import type { HistoryPoint } from '../../../preload/ipc-contract.js';

export interface ChartPoint {
  /** Epoch milliseconds (the x axis). */
  t: number;
  v: number | null;
  /** The lowest and highest value this point stands for, when it stands for a stretch (main's downsampling). */
  lo?: number;
  hi?: number;
}

/** History `t` is epoch seconds; charts want ms. Values may be scaled (e.g. seconds → hours). */
export function toChartPoints(points: HistoryPoint[] | undefined, scale = 1): ChartPoint[] {
  if (!points) return [];
  return points.map((p) => {
    if (p.v === null) return { t: p.t * 1000, v: null };
    const out: ChartPoint = { t: p.t * 1000, v: p.v * scale };
    if (p.min !== undefined && p.min !== null) out.lo = p.min * scale;
    if (p.max !== undefined && p.max !== null) out.hi = p.max * scale;
    return out;
  });
}

/**
 * A cumulative counter as a per-day rate over a trailing window (a day, or half the range when shorter),
 * so bursty counters read as a steady daily figure.
 *
 * The counter's value at the window's start is interpolated between the two samples around it: history
 * arrives downsampled (at 90 d, ~400 points unevenly spaced, hours apart), so a sample exactly a window
 * back is rare, and requiring one left most days without a figure. Null when the lookback is too short,
 * when an unknown value or a counter reset (a decrease) falls inside the window, or when the samples
 * around the window's start are more than a window apart (a real gap: nothing to interpolate from).
 */
export function perDayRate(points: HistoryPoint[] | undefined): ChartPoint[] {
  if (!points || points.length < 2) return [];
  const span = points[points.length - 1]!.t - points[0]!.t;
  const window = Math.min(86400, span / 2);
  const out: ChartPoint[] = [];
  // `j`: the last sample at or before the window's start. `brokenAt`: the latest index whose step from
  // the sample before it cannot be read as counting (an unknown value on either side, or a decrease).
  let j = 0;
  let brokenAt = 0;
  for (let i = 0; i < points.length; i++) {
    const b = points[i]!;
    if (i > 0) {
      const prev = points[i - 1]!;
      if (prev.v === null || b.v === null || b.v < prev.v) brokenAt = i;
    }
    const start = b.t - window;
    while (j + 1 < i && points[j + 1]!.t <= start) j++;
    const a = points[j]!;
    const next = points[j + 1]!;
    const ok =
      window > 0 &&
      a.t <= start &&
      next.t - a.t <= window &&
      brokenAt <= j &&
      a.v !== null &&
      next.v !== null;
    if (!ok) {
      out.push({ t: b.t * 1000, v: null });
      continue;
    }
    const startValue = next.t === a.t ? a.v! : a.v! + ((next.v! - a.v!) * (start - a.t)) / (next.t - a.t);
    out.push({ t: b.t * 1000, v: ((b.v! - startValue) / window) * 86400 });
  }
  return out;
}

export const RANGE_SECONDS = {
  '6h': 6 * 3600,
  '24h': 86400,
  '7d': 7 * 86400,
  '30d': 30 * 86400,
  '90d': 90 * 86400,
} as const;
