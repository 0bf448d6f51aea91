/**
 * How long the SSH layer waits before it gives up on a step, and how it spaces reconnects. One place, so a
 * test can shrink every wait and the desktop and CLI share the same defaults.
 */
import { DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';

export interface ConnectionTiming {
  readyTimeoutMs: number;
  keepaliveIntervalMs: number;
  /** Unanswered keepalives before the link is declared dead (detects a silently stalled link). */
  keepaliveCountMax: number;
  /** Liveness probe used by `retryNow()` on a connection that claims to be ready. */
  probeTimeoutMs: number;
  backoff: BackoffPolicy;
}

export const DEFAULT_TIMING: ConnectionTiming = {
  readyTimeoutMs: 20_000,
  keepaliveIntervalMs: 15_000,
  keepaliveCountMax: 3,
  probeTimeoutMs: 5_000,
  backoff: DEFAULT_BACKOFF,
};
