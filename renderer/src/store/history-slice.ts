/** Trend data: the selected range (persisted) and the last history query result per instance. */
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
  setTrendRange(range: HistoryRange): void;
  setHistory(instanceId: string, entry: HistoryEntry): void;
}

export const createHistorySlice =
  (storage: KeyValueStorage): StateCreator<Store, [], [], HistorySlice> =>
  (set) => {
    const stored = readStorage(storage, STORAGE_KEYS.range);
    return {
      trendRange: HISTORY_RANGES.includes(stored as HistoryRange) ? (stored as HistoryRange) : '24h',
      history: {},
      setTrendRange: (trendRange) => {
        writeStorage(storage, STORAGE_KEYS.range, trendRange);
        set({ trendRange });
      },
      // An answer identical to the one held keeps the held object: nothing that draws it re-renders.
      setHistory: (instanceId, entry) =>
        set((s) =>
          sameHistoryEntry(s.history[instanceId], entry)
            ? s
            : { history: { ...s.history, [instanceId]: entry } },
        ),
    };
  };
