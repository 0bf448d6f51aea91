/**
 * A rolling window's cost from the sessions probe (`sessions.last24h.costUsd`, `last7d`) marked as a lower
 * bound, "≥ $4.20", when the spend probe (`snapshot.usage`) saw unpriced usage in the UTC days that window
 * touches: Hermes sums unknown costs as $0, so the total is then only a floor. Pure, runtime-neutral.
 */
import type { UsageInfo } from '../contract/snapshot-usage.js';
import { isLowerBound } from './spend-money.js';

/** How many UTC days (today backwards) a rolling window of `hours` can touch. */
function daysTouched(hours: number): number {
  return Math.ceil(hours / 24) + 1;
}

/**
 * True when part of the last `hours` may be unpriced: an unpriced bucket in a UTC day the window touches.
 * Null when the snapshot has no spend probe (older exporter, or it failed): then nobody can say.
 */
export function windowHasUnpriced(usage: UsageInfo | null | undefined, hours: number): boolean | null {
  if (!usage) return null;
  const days = usage.days.slice(-daysTouched(hours));
  return days.some((d) => isLowerBound(d.total) || (d.aux !== null && isLowerBound(d.aux)));
}

/** "$4.20", "≥ $4.20" when part is unpriced, "—" when the cost is unknown. */
export function windowCostText(
  costUsd: number | null | undefined,
  usage: UsageInfo | null | undefined,
  hours: number,
): string {
  if (costUsd === null || costUsd === undefined || !Number.isFinite(costUsd)) return '—';
  const money = `$${costUsd.toFixed(2)}`;
  return windowHasUnpriced(usage, hours) ? `≥ ${money}` : money;
}
