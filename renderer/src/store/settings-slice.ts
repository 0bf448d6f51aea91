/** Settings as main last returned them, the Settings form's unsaved edits, and connection-test outcomes. */
import type { StateCreator } from 'zustand';
import type { ConnectionTestResult, Settings } from '../../../preload/ipc-contract.js';
import {
  NO_EDITS,
  rebaseEdits,
  unsavedFields,
  withEdit,
  type SettingsEdits,
} from '../features/settings/settings-draft.js';
import type { Loadable } from './history-slice.js';
import type { Store } from './store-types.js';

export interface SettingsSlice {
  settings: Loadable<Settings> | null;
  /**
   * What the person typed in the Settings form and has not saved. Kept here for as long as the app runs so
   * that switching panes or instances does not lose it; cleared by Discard or by saving it.
   */
  settingsEdits: SettingsEdits;
  /** Keyed by the host name being tested (or `draft`). */
  connectionTests: Record<string, Loadable<ConnectionTestResult>>;
  dashboardNotice: { instanceId: string; text: string } | null;
  /** New saved settings; edits they now hold are dropped, the others stay pending over them. */
  setSettings(value: Loadable<Settings>): void;
  editSetting(path: string, value: string | boolean): void;
  discardSettingsEdits(): void;
  setConnectionTest(key: string, value: Loadable<ConnectionTestResult>): void;
  setDashboardNotice(n: SettingsSlice['dashboardNotice']): void;
}

export const createSettingsSlice: StateCreator<Store, [], [], SettingsSlice> = (set) => ({
  settings: null,
  settingsEdits: NO_EDITS,
  connectionTests: {},
  dashboardNotice: null,
  // A failed load keeps the edits: they come back once the settings load again.
  setSettings: (settings) =>
    set((s) =>
      settings.status === 'ready'
        ? { settings, settingsEdits: rebaseEdits(s.settingsEdits, settings.value) }
        : { settings },
    ),
  editSetting: (path, value) => set((s) => ({ settingsEdits: withEdit(s.settingsEdits, path, value) })),
  discardSettingsEdits: () => set({ settingsEdits: NO_EDITS }),
  setConnectionTest: (key, value) =>
    set((s) => ({ connectionTests: { ...s.connectionTests, [key]: value } })),
  setDashboardNotice: (dashboardNotice) => set({ dashboardNotice }),
});

/** How many Settings fields hold an unsaved edit (0 until the saved settings are loaded). */
export function selectUnsavedSettingsCount(s: Store): number {
  if (s.settingsEdits === NO_EDITS || s.settings?.status !== 'ready') return 0;
  return unsavedFields(s.settings.value, s.settingsEdits).length;
}
