/**
 * What a failed or lost connection leads to: a jittered retry when time can fix it, a stop when only a
 * person can, the reason callers see while they wait, and which reasons are worth a Tailscale look.
 * Pure apart from the injected refiner.
 */
import type { StatusReason } from '../../../common/model/instance-status.js';
import { backoffDelayMs, type BackoffPolicy } from './backoff.js';
import { isRetryable, makeReason } from './errors.js';

/** After a failure: retry in `retryInMs` (state `backoff`), or wait for a person (`retryInMs` null, `failed`). */
export interface FailureOutcome {
  state: 'backoff' | 'failed';
  /** Consecutive failures, this one included. */
  failures: number;
  retryInMs: number | null;
}

/** `failuresBefore` failures came before this one; the retry window grows with them. */
export function outcomeOfFailure(
  reason: StatusReason,
  failuresBefore: number,
  policy: BackoffPolicy,
  random: () => number,
): FailureOutcome {
  const failures = failuresBefore + 1;
  if (!isRetryable(reason.code)) return { state: 'failed', failures, retryInMs: null };
  return { state: 'backoff', failures, retryInMs: backoffDelayMs(failuresBefore, policy, random) };
}

/**
 * The reason a request for a host that is down fails with: the recorded one, plus when the next automatic
 * attempt is due so a CLI or UI can say "retrying at …" instead of a bare error.
 */
export function reasonWhileDown(
  hostName: string,
  state: 'backoff' | 'failed',
  reason: StatusReason | null,
  nextRetryAtMs: number | null,
): StatusReason {
  const known = reason ?? makeReason('UNREACHABLE', `${hostName} is not connected.`);
  if (state !== 'backoff' || nextRetryAtMs === null) return known;
  return { ...known, detail: { ...known.detail, nextRetryAt: new Date(nextRetryAtMs).toISOString() } };
}

/** Only network-level failures can be explained better by the VPN's state; auth or host key ones cannot. */
const REFINABLE_CODES: ReadonlySet<string> = new Set(['UNREACHABLE', 'TIMEOUT', 'DNS_FAILED']);

export type RefineUnreachable = (reason: StatusReason, host: string) => Promise<StatusReason>;

/** The refined reason for a network failure; the original when there is no refiner, or it fails. */
export async function refineNetworkReason(
  reason: StatusReason,
  refine: RefineUnreachable | undefined,
): Promise<StatusReason> {
  if (!refine || !REFINABLE_CODES.has(reason.code)) return reason;
  const host = typeof reason.detail?.host === 'string' ? reason.detail.host : '';
  try {
    return await refine(reason, host);
  } catch {
    return reason;
  }
}
