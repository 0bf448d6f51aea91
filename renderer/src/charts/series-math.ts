/** Pure transforms from history points to chart points. */
import type { HistoryPoint } from '../../../preload/ipc-contract.js';

export interface ChartPoint {
  /** Epoch milliseconds (the x axis). */
  t: number;
  v: number | null;
}

/** History `t` is epoch seconds; charts want ms. Values may be scaled (e.g. seconds → hours). */
export function toChartPoints(points: HistoryPoint[] | undefined, scale = 1): ChartPoint[] {
  if (!points) return [];
  return points.map((p) => ({ t: p.t * 1000, v: p.v === null ? null : p.v * scale }));
}

/**
 * A cumulative counter as a per-day rate over a trailing window (a day, or half the range when shorter),
 * so bursty counters read as a steady daily figure. Resets, gaps and too-short lookbacks give null.
 */
export function perDayRate(points: HistoryPoint[] | undefined): ChartPoint[] {
  if (!points || points.length < 2) return [];
  const span = points[points.length - 1]!.t - points[0]!.t;
  const window = Math.min(86400, span / 2);
  const out: ChartPoint[] = [];
  let j = 0;
  for (let i = 0; i < points.length; i++) {
    const b = points[i]!;
    while (j < i && points[j]!.t < b.t - window) j++;
    const a = points[j]!;
    const dt = b.t - a.t;
    const ok = a.v !== null && b.v !== null && dt >= window * 0.9 && b.v >= a.v;
    out.push({ t: b.t * 1000, v: ok ? ((b.v! - a.v!) / dt) * 86400 : null });
  }
  return out;
}

export const RANGE_SECONDS = { '6h': 6 * 3600, '24h': 86400, '7d': 7 * 86400, '30d': 30 * 86400, '90d': 90 * 86400 } as const;
