/**
 * The VM's "now", estimated from evidence only the VM's clock produced — so a laptop clock that is off by
 * hours never turns fresh data stale (field lesson 1), and the skew itself can be reported.
 *
 * Why this is needed: a read-only SFTP session has no "what time is it" request, and file mtimes tell us
 * when something was written, not what time it is now. So we collect *fresh* evidence, each giving bounds
 * on skew = laptop clock − VM clock:
 *
 * - `server`: the source read a timestamp the VM produced right now. Over SFTP that is the mtime of
 *   `/proc/self` (the sftp-server process's /proc entry, instantiated when we first look it up, i.e. just
 *   now); a local folder uses the machine's own clock. It says VM-now ≥ that mtime at the laptop time of the
 *   reply, so skew ≤ laptopAtReply − mtime (an upper bound, tight to the mtime's one-second resolution).
 * - `transition`: between two polls we saw a file's mtime M change. The write happened after the previous
 *   poll started and before this one ended, so prevPollStart − M < skew ≤ thisPollEnd − M. This works in the
 *   chrooted account too (no /proc there), as soon as the exporter has written once while we watched.
 *
 * An *old* mtime is not evidence (a stopped exporter's file says nothing about now), which is exactly the
 * case that must turn stale.
 *
 * The estimate is the smallest recent upper bound, raised to the lower bound if needed. Taking the upper
 * bound errs towards a *younger* age (by at most one poll interval for transition evidence), never older:
 * with stale thresholds of several exporter intervals this delays a stale verdict by at most one poll and
 * never invents one. Only the latest evidence of each kind is kept, so a stepped laptop clock is re-learnt
 * at the next exporter write or session.
 *
 * With no evidence yet (chrooted account, just started, exporter not seen writing) the caller falls back to
 * the laptop clock and marks the age `unverified`.
 */

export interface VmClockState {
  /** Upper bound on skew from the newest `server` observation (ms). */
  serverHiMs: number | null;
  serverAtMs: number | null;
  /** Bounds on skew from the newest observed file change (ms). */
  transitionLoMs: number | null;
  transitionHiMs: number | null;
  transitionAtMs: number | null;
}

export type VmClockObservation =
  | { kind: 'server'; laptopAtMs: number; serverMs: number; resolutionMs: number }
  | {
      kind: 'transition';
      /** Laptop time the previous poll (which saw the old mtime) started. */
      prevPollStartMs: number;
      /** Laptop time this poll (which saw the new mtime) got its answer. */
      laptopAtMs: number;
      newMtimeMs: number;
      resolutionMs: number;
    };

export interface VmClockEstimate {
  /** laptop − VM in ms; null when no evidence exists. */
  skewMs: number | null;
  /** Where the estimate comes from; `none` → the caller uses the laptop clock, unverified. */
  source: 'server' | 'transition' | 'none';
}

export const EMPTY_VM_CLOCK: VmClockState = {
  serverHiMs: null,
  serverAtMs: null,
  transitionLoMs: null,
  transitionHiMs: null,
  transitionAtMs: null,
};

/** Fold one observation into the state (pure). */
export function observeVmClock(state: VmClockState, obs: VmClockObservation): VmClockState {
  if (obs.kind === 'server') {
    // SFTP truncates mtimes to whole seconds: the VM's instant may be up to one resolution step later.
    const hi = obs.laptopAtMs - obs.serverMs;
    return { ...state, serverHiMs: hi, serverAtMs: obs.laptopAtMs };
  }
  const hi = obs.laptopAtMs - obs.newMtimeMs;
  const lo = obs.prevPollStartMs - obs.newMtimeMs - obs.resolutionMs;
  return { ...state, transitionLoMs: lo, transitionHiMs: hi, transitionAtMs: obs.laptopAtMs };
}

/** Forget session-scoped evidence (a new SFTP session will measure again). */
export function resetServerEvidence(state: VmClockState): VmClockState {
  return { ...state, serverHiMs: null, serverAtMs: null };
}

/** The current best skew estimate (pure). */
export function estimateVmClock(state: VmClockState): VmClockEstimate {
  const his: number[] = [];
  if (state.serverHiMs !== null) his.push(state.serverHiMs);
  if (state.transitionHiMs !== null) his.push(state.transitionHiMs);
  if (his.length === 0) return { skewMs: null, source: 'none' };
  let skew = Math.min(...his);
  if (state.transitionLoMs !== null && skew < state.transitionLoMs) skew = state.transitionLoMs;
  return { skewMs: skew, source: state.serverHiMs !== null ? 'server' : 'transition' };
}

/** The VM's "now" for a laptop time, given an estimate; falls back to the laptop clock. */
export function vmNowMs(estimate: VmClockEstimate, laptopNowMs: number): number {
  return laptopNowMs - (estimate.skewMs ?? 0);
}
