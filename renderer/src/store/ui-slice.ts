/** What the person is looking at: instance scope, pane, feed filters, palette. Scope and pane persist. */
import type { StateCreator } from 'zustand';
import type { Severity } from '../../../common/model/warning.js';
import type { Store } from './store-types.js';

export const PANES = [
  { id: 'overview', label: 'Overview' },
  { id: 'health', label: 'Health' },
  { id: 'cron', label: 'Cron' },
  { id: 'backups', label: 'Backups & recovery' },
  { id: 'sessions', label: 'Sessions' },
  { id: 'agent-config', label: 'Agent config' },
  { id: 'host', label: 'Host' },
  { id: 'trends', label: 'Trends' },
  { id: 'incidents', label: 'Incidents' },
  { id: 'commands', label: 'Commands' },
  { id: 'settings', label: 'Settings' },
] as const;
export type PaneId = (typeof PANES)[number]['id'];

/** `all` or an instance id. */
export type Scope = string;

/** The part of storage we use (injected so the store works without a DOM in tests). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export const STORAGE_KEYS = { scope: 'hmc.scope', pane: 'hmc.pane', range: 'hmc.trendRange' } as const;

export interface UiSlice {
  scope: Scope;
  pane: PaneId;
  severityFilter: 'all' | Severity;
  instanceFilter: 'all' | string;
  showHiddenWarnings: boolean;
  paletteOpen: boolean;
  /** Set by "Add your VM" so the settings pane opens the new-host form. */
  addHostRequested: boolean;
  /** The host whose key the person asked to review ("Review host key…"); null when none. */
  hostKeyReview: string | null;
  /** `host|fingerprint` prompts put off with Esc or the backdrop ("ask me later"): not popped up again. */
  hostKeyDeferred: string[];
  setScope(scope: Scope): void;
  setPane(pane: PaneId): void;
  setSeverityFilter(f: 'all' | Severity): void;
  setInstanceFilter(f: 'all' | string): void;
  setShowHiddenWarnings(v: boolean): void;
  setPaletteOpen(open: boolean): void;
  requestAddHost(v: boolean): void;
  reviewHostKey(hostName: string | null): void;
  deferHostKey(key: string): void;
}

function safeGet(storage: KeyValueStorage, key: string): string | null {
  try {
    return storage.getItem(key);
  } catch {
    return null;
  }
}

function safeSet(storage: KeyValueStorage, key: string, value: string): void {
  try {
    storage.setItem(key, value);
  } catch {
    // Private mode or full storage: the choice just will not survive a reload.
  }
}

export const createUiSlice =
  (storage: KeyValueStorage): StateCreator<Store, [], [], UiSlice> =>
  (set) => {
    const storedPane = safeGet(storage, STORAGE_KEYS.pane);
    const pane: PaneId = PANES.some((p) => p.id === storedPane) ? (storedPane as PaneId) : 'overview';
    const storedScope = safeGet(storage, STORAGE_KEYS.scope);
    return {
      scope: storedScope && /^[a-z0-9_-]{1,64}$/.test(storedScope) ? storedScope : 'all',
      pane,
      severityFilter: 'all',
      instanceFilter: 'all',
      showHiddenWarnings: false,
      paletteOpen: false,
      addHostRequested: false,
      setScope: (scope) => {
        safeSet(storage, STORAGE_KEYS.scope, scope);
        set({ scope });
      },
      setPane: (pane) => {
        safeSet(storage, STORAGE_KEYS.pane, pane);
        set({ pane });
      },
      setSeverityFilter: (severityFilter) => set({ severityFilter }),
      setInstanceFilter: (instanceFilter) => set({ instanceFilter }),
      setShowHiddenWarnings: (showHiddenWarnings) => set({ showHiddenWarnings }),
      setPaletteOpen: (paletteOpen) => set({ paletteOpen }),
      requestAddHost: (addHostRequested) => set({ addHostRequested }),
      hostKeyReview: null,
      hostKeyDeferred: [],
      reviewHostKey: (hostKeyReview) => set({ hostKeyReview }),
      deferHostKey: (key) =>
        set((s) => ({
          hostKeyReview: null,
          hostKeyDeferred: s.hostKeyDeferred.includes(key) ? s.hostKeyDeferred : [...s.hostKeyDeferred, key],
        })),
    };
  };

export { safeGet as readStorage, safeSet as writeStorage };
