/**
 * Trend data: the selected range (persisted), the last history query result per instance, and the last
 * answer per instance and range. Switching ranges draws the range's last answer at once (in the same store
 * update as the switch, so no loading frame comes between) while its refresh runs quietly: a range click
 * costs what a tab switch costs, not a round trip to main's history store (renderer bench).
 */
import type { StateCreator } from 'zustand';
import {
  HISTORY_RANGES,
  type HistoryQueryResult,
  type HistoryRange,
  type IpcError,
} from '../../../preload/ipc-contract.js';
import { sameHistoryEntry } from './same-history.js';
import type { Store } from './store-types.js';
import { readStorage, writeStorage, STORAGE_KEYS, type KeyValueStorage } from './ui-slice.js';

export type Loadable<T> =
  { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; error: IpcError };

export interface HistoryEntry {
  range: HistoryRange;
  data: Loadable<HistoryQueryResult>;
}

export interface HistorySlice {
  trendRange: HistoryRange;
  history: Record<string, HistoryEntry>;
  /** The last ready answer per instance and range (at most one per pair: five ranges per instance). */
  historyByRange: Record<string, Partial<Record<HistoryRange, HistoryQueryResult>>>;
  setTrendRange(range: HistoryRange): void;
  setHistory(instanceId: string, entry: HistoryEntry): void;
  /** Keeps an answer for its range without drawing it (a prefetch). */
  rememberHistory(result: HistoryQueryResult): void;
}

function remember(
  byRange: HistorySlice['historyByRange'],
  r: HistoryQueryResult,
): HistorySlice['historyByRange'] {
  if (byRange[r.instanceId]?.[r.range] === r) return byRange;
  return { ...byRange, [r.instanceId]: { ...byRange[r.instanceId], [r.range]: r } };
}

export const createHistorySlice =
  (storage: KeyValueStorage): StateCreator<Store, [], [], HistorySlice> =>
  (set) => {
    const stored = readStorage(storage, STORAGE_KEYS.range);
    return {
      trendRange: HISTORY_RANGES.includes(stored as HistoryRange) ? (stored as HistoryRange) : '24h',
      history: {},
      historyByRange: {},
      setTrendRange: (trendRange) => {
        writeStorage(storage, STORAGE_KEYS.range, trendRange);
        set((s) => {
          const history = { ...s.history };
          for (const [id, byRange] of Object.entries(s.historyByRange)) {
            const known = byRange[trendRange];
            if (known) history[id] = { range: trendRange, data: { status: 'ready', value: known } };
          }
          return { trendRange, history };
        });
      },
      // An answer identical to the one held keeps the held object: nothing that draws it re-renders.
      setHistory: (instanceId, entry) =>
        set((s) => {
          const byRange =
            entry.data.status === 'ready' ? remember(s.historyByRange, entry.data.value) : s.historyByRange;
          if (sameHistoryEntry(s.history[instanceId], entry))
            return byRange === s.historyByRange ? s : { historyByRange: byRange };
          return { history: { ...s.history, [instanceId]: entry }, historyByRange: byRange };
        }),
      rememberHistory: (result) => set((s) => ({ historyByRange: remember(s.historyByRange, result) })),
    };
  };
