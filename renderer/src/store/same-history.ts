/**
 * Whether a history answer draws exactly what the store already holds. A quiet refresh (after a poll, or
 * after switching to an instance whose history the All tab already loaded) often brings the same points
 * back; keeping the old object then spares the charts a redraw that would change nothing on screen.
 */
import type { HistoryPoint, HistoryQueryResult } from '../../../preload/ipc-contract.js';
import type { HistoryEntry } from './history-slice.js';

function samePoints(a: HistoryPoint[] | undefined, b: HistoryPoint[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const p = a[i]!;
    const q = b[i]!;
    if (
      p.t !== q.t ||
      p.v !== q.v ||
      (p.min ?? null) !== (q.min ?? null) ||
      (p.max ?? null) !== (q.max ?? null)
    )
      return false;
  }
  return true;
}

function sameResult(a: HistoryQueryResult, b: HistoryQueryResult): boolean {
  if (a.instanceId !== b.instanceId || a.range !== b.range) return false;
  const names = Object.keys(a.series) as (keyof HistoryQueryResult['series'])[];
  if (names.length !== Object.keys(b.series).length) return false;
  return names.every((name) => samePoints(a.series[name], b.series[name]));
}

/** True when `next` is a ready answer for the same range with the same points as the ready `current`. */
export function sameHistoryEntry(current: HistoryEntry | undefined, next: HistoryEntry): boolean {
  return (
    current !== undefined &&
    current.range === next.range &&
    current.data.status === 'ready' &&
    next.data.status === 'ready' &&
    sameResult(current.data.value, next.data.value)
  );
}
