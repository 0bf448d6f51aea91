/**
 * The renderer's single zustand store, built from slices. It is a cache of main's truth (filled by
 * ipc-sync) plus view state. Components select primitives or use `useShallow`.
 */
import { create } from 'zustand';
import { createAppSlice } from './app-slice.js';
import { createCommandsSlice } from './commands-slice.js';
import { createHistorySlice } from './history-slice.js';
import { createIncidentsSlice } from './incidents-slice.js';
import { createSettingsSlice } from './settings-slice.js';
import type { Store } from './store-types.js';
import { createUiSlice, type KeyValueStorage } from './ui-slice.js';

export function createAppStore(storage: KeyValueStorage) {
  return create<Store>()((...a) => ({
    ...createAppSlice(...a),
    ...createUiSlice(storage)(...a),
    ...createHistorySlice(storage)(...a),
    ...createCommandsSlice(...a),
    ...createSettingsSlice(...a),
    ...createIncidentsSlice(...a),
  }));
}

export type AppStore = ReturnType<typeof createAppStore>;

const memoryStorage = (): KeyValueStorage => {
  const m = new Map<string, string>();
  return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v) };
};

function pickStorage(): KeyValueStorage {
  try {
    return typeof window !== 'undefined' && window.localStorage ? window.localStorage : memoryStorage();
  } catch {
    return memoryStorage();
  }
}

/** The app's store instance. */
export const useAppStore = createAppStore(pickStorage());
export type { Store };
