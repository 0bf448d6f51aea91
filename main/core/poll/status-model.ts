/**
 * The honest data-age model, as a pure function: (previous status, what this poll saw, the connection,
 * the VM-clock estimate, now, thresholds) → InstanceStatus.
 *
 * Three ages kept apart (field lesson 1): when the exporter wrote the snapshot (`generatedAt`, VM clock),
 * when we fetched it (`fetchedAt`, laptop clock), and now. "Stale" means the exporter stopped writing;
 * "unreachable" means we could not look; neither is "the agent is down" — that is for the rules.
 *
 * Data age = the largest of VM-now − generatedAt, VM-now − the file's mtime and laptop-now − when we first
 * saw these bytes (common/model/data-age.ts), where VM-now comes from VM-clock evidence (vm-clock.ts), so
 * laptop clock skew cancels out and a future-dated `generatedAt` cannot make old bytes look fresh.
 * When there is no VM-clock evidence (chrooted account, just started, a one-shot CLI run) the laptop clock
 * stands in; the status says so (`vmClock: 'none'`) and a resulting stale verdict is marked unverified.
 */
import type { InstanceStatus, StatusReason } from '../../../common/model/instance-status.js';
import { isStaleAge, measureDataAge } from '../../../common/model/data-age.js';
import type { SnapshotView } from './snapshot-fetcher.js';
import type { VmClockEstimate } from './vm-clock.js';

/** What the transport says about the host, for this poll. */
export interface ConnectionView {
  /** `connected`: the source answered; `connecting`: first attempt under way; `unreachable`: it failed. */
  state: 'connected' | 'connecting' | 'unreachable';
  reason: StatusReason | null;
  /** Laptop clock ISO, while waiting to retry. */
  nextRetryAt: string | null;
}

export interface StatusModelInput {
  previous: InstanceStatus;
  connection: ConnectionView;
  /** What the fetcher saw; null when the files were not reached this poll. */
  poll: {
    view: SnapshotView;
    transportError: { code: 'UNREACHABLE' | 'INTERNAL'; message: string } | null;
  } | null;
  clock: VmClockEstimate;
  /** Laptop clock, ms. */
  nowMs: number;
  thresholds: { staleAfterIntervals: number };
}

export function initialStatus(
  init: Pick<InstanceStatus, 'id' | 'label' | 'hostName' | 'source'>,
): InstanceStatus {
  return {
    ...init,
    state: 'unknown',
    reason: null,
    snapshot: null,
    snapshotIsLastGood: false,
    generatedAt: null,
    fetchedAt: null,
    checkedAt: null,
    fileModifiedAt: null,
    dataAgeSeconds: null,
    vmClock: 'none',
    generatedAheadSeconds: null,
    clockSkewSeconds: null,
    checkingSince: null,
    lastAnswerAt: null,
    nextRetryAt: null,
  };
}

const tenths = (s: number) => Math.round(s * 10) / 10;

const iso = (ms: number) => new Date(ms).toISOString();

/** "3 min", "2 h 5 min": for messages only. */
export function formatAge(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 90) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 90) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m % 60} min`;
  return `${Math.round(h / 24)} days`;
}

/** Compute the next status for one instance. Pure. */
export function nextInstanceStatus(input: StatusModelInput): InstanceStatus {
  const { previous, connection, poll, clock, nowMs, thresholds } = input;
  const common = {
    checkedAt: iso(nowMs),
    clockSkewSeconds: clock.skewMs === null ? null : Math.round(clock.skewMs / 100) / 10,
    vmClock: clock.source,
  };

  // Could not look at the files: keep what we had, let it age, say why.
  if (connection.state !== 'connected' || !poll || poll.transportError) {
    if (connection.state === 'connecting' && previous.state === 'unknown') {
      return { ...previous, ...common, nextRetryAt: null };
    }
    const reason: StatusReason =
      connection.reason ??
      (poll?.transportError
        ? {
            code: poll.transportError.code,
            message: `Lost the connection while reading: ${poll.transportError.message}`,
          }
        : { code: 'UNREACHABLE', message: 'The host did not answer.' });
    const { age } = measureDataAge({
      generatedAt: previous.generatedAt,
      fileModifiedAt: previous.fileModifiedAt ?? null,
      fetchedAt: previous.fetchedAt,
      skewMs: clock.skewMs,
      nowMs,
    });
    return {
      ...previous,
      ...common,
      state: 'unreachable',
      reason,
      dataAgeSeconds: age === null ? null : tenths(age),
      nextRetryAt: connection.nextRetryAt,
      schemaVersions: undefined,
    };
  }

  const { lastGood, problem } = poll.view;
  const kept = {
    snapshot: lastGood?.snapshot ?? null,
    generatedAt: lastGood?.snapshot.generatedAt ?? null,
    fetchedAt: lastGood ? iso(lastGood.fetchedAtMs) : null,
    fileModifiedAt: lastGood ? iso(lastGood.stat.mtimeMs) : null,
    snapshotIsLastGood: lastGood !== null && problem !== null,
    nextRetryAt: null,
  };
  const { age, unchangedFor, generatedAheadSeconds } = measureDataAge({
    ...kept,
    skewMs: clock.skewMs,
    nowMs,
  });
  const ahead = {
    generatedAheadSeconds: generatedAheadSeconds === null ? null : tenths(generatedAheadSeconds),
  };

  if (problem?.code === 'SNAPSHOT_INCOMPATIBLE') {
    return {
      ...previous,
      ...common,
      ...kept,
      ...ahead,
      state: 'incompatible',
      reason: { code: problem.code, message: problem.message, detail: { ...problem.schemaVersions } },
      dataAgeSeconds: age === null ? null : tenths(age),
      schemaVersions: problem.schemaVersions,
    };
  }

  if (!lastGood || age === null) {
    // The host answers but there is nothing valid to show. A file it served that does not parse is an
    // invalid snapshot on a reachable host; no file (or no permission) keeps the older `unreachable`.
    const reason: StatusReason = problem
      ? { code: problem.code, message: problem.message }
      : { code: 'SNAPSHOT_MISSING', message: 'No snapshot yet.' };
    const served = reason.code === 'SNAPSHOT_INVALID' || reason.code === 'SNAPSHOT_TOO_LARGE';
    return {
      ...previous,
      ...common,
      ...kept,
      generatedAheadSeconds: null,
      state: served ? 'invalid' : 'unreachable',
      reason,
      dataAgeSeconds: null,
      schemaVersions: undefined,
    };
  }

  const interval = lastGood.snapshot.intervalSeconds;
  const staleAfter = thresholds.staleAfterIntervals * interval;
  const stale = isStaleAge(age, interval, thresholds.staleAfterIntervals);
  let reason: StatusReason | null = problem ? { code: problem.code, message: problem.message } : null;
  if (stale && !reason) {
    // Stale by the laptop clock alone (no VM-clock evidence, and we have not watched that long ourselves):
    // say so rather than claim it.
    const unverified = clock.source === 'none' && unchangedFor <= staleAfter;
    reason = {
      code: 'SNAPSHOT_STALE',
      message:
        `The exporter last wrote ${formatAge(age)} ago; it should write every ${interval} s.` +
        (unverified ? " (By this computer's clock: the VM clock is unknown.)" : ''),
      detail: {
        ageSeconds: Math.round(age),
        intervalSeconds: interval,
        vmClock: unverified ? 'unverified' : clock.source,
      },
    };
  }
  return {
    ...previous,
    ...common,
    ...kept,
    ...ahead,
    state: stale ? 'stale' : 'live',
    reason,
    dataAgeSeconds: tenths(age),
    schemaVersions: undefined,
  };
}
