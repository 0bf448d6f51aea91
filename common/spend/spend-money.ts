/**
 * Money and tokens as a person reads them. A total that includes unpriced usage is never shown as exact:
 * Hermes's dashboard sums unknown costs as $0, so the honest reading is a lower bound, "≥ $4.20".
 */
import type { UsageBucket } from '../contract/snapshot-usage.js';

/** "$4.20", "$0.004" (sub-cent amounts keep a significant digit), "$1,234". */
export function formatUsd(amount: number): string {
  const a = Math.max(0, amount);
  if (a === 0) return '$0.00';
  if (a < 0.01) return `$${a.toPrecision(1)}`;
  if (a >= 1000) return `$${Math.round(a).toLocaleString('en-US')}`;
  return `$${a.toFixed(2)}`;
}

/** True when part of this spend had no price in Hermes, so its cost is a lower bound. */
export function isLowerBound(b: Pick<UsageBucket, 'unpricedSessions' | 'unpricedTokens'>): boolean {
  return b.unpricedSessions > 0 || b.unpricedTokens > 0;
}

/** "$4.20", or "≥ $4.20" when part of it is unpriced. */
export function formatSpend(b: Pick<UsageBucket, 'costUsd' | 'unpricedSessions' | 'unpricedTokens'>): string {
  return `${isLowerBound(b) ? '≥ ' : ''}${formatUsd(b.costUsd)}`;
}

/** "950", "12.3k", "4.1M". */
export function formatTokens(n: number): string {
  if (n < 1000) return String(Math.round(n));
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(n < 10_000_000 ? 1 : 0)}M`;
}

/** "3.7k tokens unpriced", or null when everything had a price. */
export function unpricedNote(b: Pick<UsageBucket, 'unpricedTokens' | 'unpricedSessions'>): string | null {
  if (!isLowerBound(b)) return null;
  return `${formatTokens(b.unpricedTokens)} tokens unpriced`;
}
