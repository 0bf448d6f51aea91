/**
 * How old an instance's data is (ADR 0004). Pure, and the one rule used by the status model (staleness),
 * the tray and the window's "as of" lines, so they never disagree.
 *
 * The age is the LARGEST of three things we can know, because each can be fooled on its own:
 *
 * | Evidence | Clock | Fooled by |
 * |---|---|---|
 * | VM-now − `generatedAt` (never negative) | VM (skew-corrected) | a writer whose clock is ahead |
 * | VM-now − the file's mtime | VM (skew-corrected) | a `touch` of an old file |
 * | laptop-now − when we first saw these exact bytes | laptop only (skew cancels) | nothing, but 0 at start |
 *
 * A `generatedAt` in the future therefore never makes data younger: the mtime (written by the VM's own
 * file system when the bytes landed) still ages it. A `generatedAt` ahead of the mtime or of VM-now is
 * reported as `generatedAheadSeconds` so the rules can say the clock is wrong.
 */
import type { InstanceStatus } from './instance-status.js';

export interface DataAgeInput {
  /** From the snapshot (the writer's clock, normally the VM's). */
  generatedAt: string | null;
  /** The mtime of the file the snapshot came from (VM clock), when known. */
  fileModifiedAt: string | null;
  /** Laptop clock: when we first saw these exact bytes. */
  fetchedAt: string | null;
  /** Laptop clock − VM clock, ms; null = unknown (the laptop clock stands in). */
  skewMs: number | null;
  /** Laptop clock, ms. */
  nowMs: number;
}

export interface DataAge {
  /** Seconds, ≥ 0; null when there is no snapshot at all. */
  age: number | null;
  /** VM-now − generatedAt, seconds (negative when generatedAt is in the future). */
  byGeneratedAt: number | null;
  /** VM-now − file mtime, seconds; null when the mtime is unknown. */
  byFileTime: number | null;
  /** Seconds since we first saw these bytes (laptop clock only; 0 when unknown). */
  unchangedFor: number;
  /**
   * How far `generatedAt` lies ahead of what the VM's clock allows (its file's mtime, or VM-now), seconds;
   * null when it does not (or there is no snapshot). Compare with the skew tolerance before warning.
   */
  generatedAheadSeconds: number | null;
}

const parse = (iso: string | null): number | null => {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : null;
};

export function measureDataAge(input: DataAgeInput): DataAge {
  const generatedMs = parse(input.generatedAt);
  if (generatedMs === null) {
    return { age: null, byGeneratedAt: null, byFileTime: null, unchangedFor: 0, generatedAheadSeconds: null };
  }
  const vmNow = input.nowMs - (input.skewMs ?? 0);
  const mtimeMs = parse(input.fileModifiedAt);
  const fetchedMs = parse(input.fetchedAt);
  const byGeneratedAt = (vmNow - generatedMs) / 1000;
  const byFileTime = mtimeMs === null ? null : (vmNow - mtimeMs) / 1000;
  const unchangedFor = fetchedMs === null ? 0 : Math.max(0, (input.nowMs - fetchedMs) / 1000);
  const age = Math.max(0, byGeneratedAt, byFileTime ?? 0, unchangedFor);
  // The bytes cannot have been generated after they landed on disk, nor after VM-now.
  const ahead = Math.max(-byGeneratedAt, mtimeMs === null ? -Infinity : (generatedMs - mtimeMs) / 1000);
  return {
    age,
    byGeneratedAt,
    byFileTime,
    unchangedFor,
    generatedAheadSeconds: ahead > 0 ? ahead : null,
  };
}

/** The age of what an instance status shows, at `nowMs` (laptop clock), in whole seconds. */
export function instanceDataAgeSeconds(
  instance: Pick<InstanceStatus, 'generatedAt' | 'fetchedAt' | 'clockSkewSeconds' | 'fileModifiedAt'>,
  nowMs: number,
): number | null {
  const { age } = measureDataAge({
    generatedAt: instance.generatedAt,
    fileModifiedAt: instance.fileModifiedAt ?? null,
    fetchedAt: instance.fetchedAt,
    skewMs: instance.clockSkewSeconds === null ? null : instance.clockSkewSeconds * 1000,
    nowMs,
  });
  return age === null ? null : Math.round(age);
}

/** Data older than `staleAfterIntervals` × the exporter's interval is stale; exactly at the limit is live. */
export function isStaleAge(
  ageSeconds: number,
  intervalSeconds: number,
  staleAfterIntervals: number,
): boolean {
  return ageSeconds > staleAfterIntervals * intervalSeconds;
}
