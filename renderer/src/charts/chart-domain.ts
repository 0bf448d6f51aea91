/**
 * The time domain a trend chart spans. Its right edge is "now" rounded UP to a step that is a small part
 * of the range (about 1/300 of it, under a pixel or two of a chart's width), so the 15-second clock tick
 * leaves every chart untouched until the edge has moved by a visible amount: re-drawing seven 90-day charts
 * costs ~100 ms (renderer bench), and moving their edge by 15 s out of 90 days changes nothing on screen.
 * Rounding up, not down, keeps the newest sample inside the domain.
 */
import type { HistoryRange } from '../../../preload/ipc-contract.js';
import { RANGE_SECONDS } from './series-math.js';

const MINUTE_MS = 60_000;

/** How far the right edge jumps at a time, per range. */
export const DOMAIN_STEP_MS: Record<HistoryRange, number> = {
  '6h': MINUTE_MS,
  '24h': 5 * MINUTE_MS,
  '7d': 30 * MINUTE_MS,
  '30d': 2 * 60 * MINUTE_MS,
  '90d': 6 * 60 * MINUTE_MS,
};

/** The domain's right edge (epoch ms) for the clock at `nowMs`: the next step boundary at or after it. */
export function chartDomainEnd(nowMs: number, range: HistoryRange): number {
  const step = DOMAIN_STEP_MS[range];
  return Math.ceil(nowMs / step) * step;
}

/** [start, end] in epoch ms for a domain ending at `endMs`. */
export function chartDomain(endMs: number, range: HistoryRange): [number, number] {
  return [endMs - RANGE_SECONDS[range] * 1000, endMs];
}
