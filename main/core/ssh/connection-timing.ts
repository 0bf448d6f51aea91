/**
 * How long the SSH layer waits before it gives up on a step, and how it spaces reconnects. One place, so a
 * test can shrink every wait and the desktop and CLI share the same defaults.
 *
 * A black-holed link (packets dropped, nothing refused) fails no request; only clocks notice it. The
 * defaults report one within 20 s (issue 11 §4): ssh2 sends a keepalive every `keepaliveIntervalMs` and
 * gives up after `keepaliveCountMax` unanswered ones, so a silent link is declared dead between
 * countMax × interval and (countMax + 1) × interval after it went silent (10–15 s here). SFTP requests and
 * the subsystem start carry their own deadlines too, so nothing waits forever even without keepalives.
 */
import { DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';

export interface ConnectionTiming {
  readyTimeoutMs: number;
  keepaliveIntervalMs: number;
  /** Unanswered keepalives before the link is declared dead (detects a silently stalled link). */
  keepaliveCountMax: number;
  /** Liveness probe used by `retryNow()` on a connection that claims to be ready. */
  probeTimeoutMs: number;
  /** Logged in, but the SFTP subsystem did not start within this long: the link stalled. */
  sftpOpenTimeoutMs: number;
  backoff: BackoffPolicy;
}

export const DEFAULT_TIMING: ConnectionTiming = {
  readyTimeoutMs: 20_000,
  keepaliveIntervalMs: 5_000,
  keepaliveCountMax: 2,
  probeTimeoutMs: 5_000,
  sftpOpenTimeoutMs: 10_000,
  backoff: DEFAULT_BACKOFF,
};

/** The longest a silent link can go unnoticed by keepalives alone, ms. */
export function silentLinkDetectionMs(
  timing: Pick<ConnectionTiming, 'keepaliveIntervalMs' | 'keepaliveCountMax'>,
): number {
  return (timing.keepaliveCountMax + 1) * timing.keepaliveIntervalMs;
}
