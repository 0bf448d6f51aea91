/**
 * Reconnect delays: exponential backoff with "full jitter" (AWS architecture blog), so a fleet of laptops
 * waking together does not hammer one VM in lockstep, with a small floor so a zero draw never spins.
 * Pure: the random source is injected.
 */
export interface BackoffPolicy {
  /** First retry window, ms. */
  baseMs: number;
  /** Largest window, ms. */
  maxMs: number;
  /** Never retry sooner than this, ms. */
  minMs: number;
  factor: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 2_000, maxMs: 60_000, minMs: 500, factor: 2 };

/** Delay before retry number `attempt` (0 = first retry after a failure): uniform in [minMs, window]. */
export function backoffDelayMs(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const window = Math.min(policy.maxMs, policy.baseMs * Math.pow(policy.factor, Math.max(0, attempt)));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.max(policy.minMs, Math.round(r * window));
}

/** Timers as a dependency, so tests drive time by hand. */
export interface Timers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    // A pending reconnect must not keep a CLI process alive on its own.
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};
