/** Settings as main last returned them, plus save and connection-test outcomes. */
import type { StateCreator } from 'zustand';
import type { ConnectionTestResult, IpcError, Settings } from '../../../preload/ipc-contract.js';
import type { Loadable } from './history-slice.js';
import type { Store } from './store-types.js';

export type SaveState = { status: 'idle' } | { status: 'saving' } | { status: 'saved'; at: number } | { status: 'error'; error: IpcError };

export interface SettingsSlice {
  settings: Loadable<Settings> | null;
  saveState: SaveState;
  /** Keyed by the host name being tested (or `draft`). */
  connectionTests: Record<string, Loadable<ConnectionTestResult>>;
  dashboardNotice: { instanceId: string; text: string } | null;
  setSettings(value: Loadable<Settings>): void;
  setSaveState(s: SaveState): void;
  setConnectionTest(key: string, value: Loadable<ConnectionTestResult>): void;
  setDashboardNotice(n: SettingsSlice['dashboardNotice']): void;
}

export const createSettingsSlice: StateCreator<Store, [], [], SettingsSlice> = (set) => ({
  settings: null,
  saveState: { status: 'idle' },
  connectionTests: {},
  dashboardNotice: null,
  setSettings: (settings) => set({ settings }),
  setSaveState: (saveState) => set({ saveState }),
  setConnectionTest: (key, value) => set((s) => ({ connectionTests: { ...s.connectionTests, [key]: value } })),
  setDashboardNotice: (dashboardNotice) => set({ dashboardNotice }),
});
