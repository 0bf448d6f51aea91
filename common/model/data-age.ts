/**
 * How old an instance's data is, measured on the VM's clock (ADR 0004). Pure, and the one rule used by the
 * status model (staleness), the tray and the window's "as of" lines, so they never disagree.
 *
 * The exporter's `generatedAt` is a VM-clock time; laptop-now is moved onto the VM clock with the estimated
 * skew. The age is also never less than the time since the app fetched the data, which needs the laptop
 * clock only (the skew cancels): a badly estimated skew can then make data look younger than `byClock`
 * says, but never younger than it provably is.
 */
import type { InstanceStatus } from './instance-status.js';

export interface DataAge {
  /** Seconds; null when there is no snapshot at all. */
  age: number | null;
  /** Seconds from generatedAt to VM-now (may be negative when the skew estimate is off). */
  byClock: number | null;
  /** Seconds since the app fetched the data (0 when unknown). */
  atLeast: number;
}

export function measureDataAge(
  generatedAt: string | null,
  fetchedAt: string | null,
  skewMs: number | null,
  nowMs: number,
): DataAge {
  if (!generatedAt) return { age: null, byClock: null, atLeast: 0 };
  const vmNow = nowMs - (skewMs ?? 0);
  const byClock = (vmNow - Date.parse(generatedAt)) / 1000;
  const atLeast = fetchedAt ? Math.max(0, (nowMs - Date.parse(fetchedAt)) / 1000) : 0;
  return { age: Math.max(0, byClock, atLeast), byClock, atLeast };
}

/** The age of what an instance status shows, at `nowMs` (laptop clock), in whole seconds. */
export function instanceDataAgeSeconds(
  instance: Pick<InstanceStatus, 'generatedAt' | 'fetchedAt' | 'clockSkewSeconds'>,
  nowMs: number,
): number | null {
  const skewMs = instance.clockSkewSeconds === null ? null : instance.clockSkewSeconds * 1000;
  const { age } = measureDataAge(instance.generatedAt, instance.fetchedAt, skewMs, nowMs);
  return age === null ? null : Math.round(age);
}
