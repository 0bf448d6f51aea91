/** The cache of main's truth: the last AppState pushed or fetched, the bridge status and a shared clock. */
import type { StateCreator } from 'zustand';
import type { AppState, IpcError, NotificationStatus } from '../../../preload/ipc-contract.js';
import type { BridgeStatus } from '../lib/bridge.js';
import type { Store } from './store-types.js';

export interface AppSlice {
  app: AppState | null;
  loadError: IpcError | null;
  bridgeStatus: BridgeStatus;
  /** Laptop ms when the bridge last went from open to not open; null while open (or never opened). */
  disconnectedAt: number | null;
  /** Shared "now" (ms), ticked by the sync module so relative times move without each component timing. */
  now: number;
  /** A warning main asked us to show (notification click). */
  focusWarningId: string | null;
  receiveState(state: AppState): void;
  setLoadError(error: IpcError | null): void;
  setBridgeStatus(status: BridgeStatus): void;
  receiveNotifications(status: NotificationStatus): void;
  tick(now: number): void;
  setFocusWarning(id: string | null): void;
}

export const createAppSlice: StateCreator<Store, [], [], AppSlice> = (set) => ({
  app: null,
  loadError: null,
  bridgeStatus: 'connecting',
  disconnectedAt: null,
  now: Date.now(),
  focusWarningId: null,
  receiveState: (app) => set({ app, loadError: null }),
  setLoadError: (loadError) => set({ loadError }),
  setBridgeStatus: (bridgeStatus) =>
    set((s) => ({
      bridgeStatus,
      // Relative times move at once, not at the next clock tick, when the link changes.
      now: Date.now(),
      disconnectedAt:
        bridgeStatus === 'open' ? null : s.bridgeStatus === 'open' ? Date.now() : s.disconnectedAt,
    })),
  receiveNotifications: (notifications) => set((s) => (s.app ? { app: { ...s.app, notifications } } : {})),
  tick: (now) => set({ now }),
  setFocusWarning: (focusWarningId) => set({ focusWarningId }),
});
