/**
 * Everything the UI can ask main to do, as plain functions over the bridge and the store. Components call
 * these (through {@link useActions}); they never touch the bridge themselves.
 */
import { createContext, useContext } from 'react';
import type {
  HistoryRange,
  HostKeyPrompt,
  HostSettings,
  IpcResult,
  Settings,
  SnoozeDuration,
} from '../../../preload/ipc-contract.js';
import type { IncidentKind } from '../../../common/incidents/incident-types.js';
import { copyToClipboard, type Bridge } from '../lib/bridge.js';
import type { AppStore } from './store.js';

/** Every history series the Trends and Backups panes draw (≤ 16, the request limit). */
export const TREND_SERIES = [
  'backupAge',
  'backupDirty',
  'diskUsedPct',
  'memAvailablePct',
  'sessions24h',
  'messagesTotal',
  'cronErrors',
  'cronOverdue',
  'cronDeliveryFailed',
  'warningsWarning',
  'warningsCritical',
  'pollRttMs',
  'costToday',
  'costTodayCron',
] as const;

const COPY_FEEDBACK_MS = 2000;

export function createActions(bridge: Bridge, store: AppStore) {
  const { api } = bridge;
  const get = store.getState;
  let historySeq = 0;
  let incidentSeq = 0;
  let copyTimer: ReturnType<typeof setTimeout> | undefined;

  return {
    async refresh(): Promise<void> {
      const r = await api.refresh();
      if (r.ok) get().receiveState(r.value);
      else get().setLoadError(r.error);
    },
    async acknowledge(warningId: string): Promise<void> {
      const r = await api.acknowledgeWarning({ warningId });
      if (r.ok) get().receiveNotifications(r.value);
    },
    async snooze(warningId: string, duration: SnoozeDuration): Promise<void> {
      const r = await api.snoozeWarning({ warningId, duration });
      if (r.ok) get().receiveNotifications(r.value);
    },
    async mute(duration: SnoozeDuration | 'off'): Promise<void> {
      const r = await api.muteNotifications({ duration });
      if (r.ok) get().receiveNotifications(r.value);
    },
    /**
     * Queries history for each instance; a later call wins over a slower earlier one. Quietly: an instance
     * whose history for this range is already loaded keeps it on screen until the new answer replaces it;
     * only one with nothing to show for the range (yet, or after an error) shows a loading state.
     */
    async loadHistory(instanceIds: string[], range: HistoryRange): Promise<void> {
      const seq = ++historySeq;
      await Promise.all(
        instanceIds.map(async (instanceId) => {
          const current = get().history[instanceId];
          const keep = current?.range === range && current.data.status === 'ready';
          if (!keep) get().setHistory(instanceId, { range, data: { status: 'loading' } });
          const r = await api.queryHistory({ instanceId, range, series: [...TREND_SERIES], maxPoints: 400 });
          if (seq !== historySeq) return;
          get().setHistory(instanceId, {
            range,
            data: r.ok ? { status: 'ready', value: r.value } : { status: 'error', error: r.error },
          });
        }),
      );
    },
    /**
     * The incident timeline for the pane's window, kinds and instance scope; a later call wins. Quietly:
     * what is on screen stays until the answer replaces it (only the first load shows a loading state).
     */
    async loadIncidents(query: { sinceSeconds: number; instanceId: string | null; kinds: IncidentKind[] }) {
      const seq = ++incidentSeq;
      if (get().incidents?.status !== 'ready') get().setIncidents({ status: 'loading' });
      const r = await api.listIncidents(query);
      if (seq !== incidentSeq) return;
      get().setIncidents(r.ok ? { status: 'ready', value: r.value } : { status: 'error', error: r.error });
    },
    /** Starts (minutes) or ends (null) an instance's maintenance; the state push shows it. */
    async setMaintenance(instanceId: string, minutes: number | null) {
      return api.setMaintenance({ instanceId, minutes, source: 'window' });
    },
    /**
     * Fetches each range of `ranges` not yet known for these instances, and keeps the
     * answers without drawing them, so a later range click draws at once (history-slice.ts). For when the
     * window is idle: the Trends pane calls it once its charts are drawn.
     */
    async prefetchHistory(instanceIds: string[], ranges: readonly HistoryRange[]): Promise<void> {
      const missing = ranges.flatMap((range) =>
        instanceIds
          .filter((id) => !get().historyByRange[id]?.[range])
          .map((instanceId) => ({ instanceId, range })),
      );
      // All at once: main answers them in turn, and nothing else waits on them.
      await Promise.all(
        missing.map(async ({ instanceId, range }) => {
          const r = await api.queryHistory({ instanceId, range, series: [...TREND_SERIES], maxPoints: 400 });
          if (r.ok && !get().historyByRange[instanceId]?.[range]) get().rememberHistory(r.value);
        }),
      );
    },
    async loadCommands(instanceId: string): Promise<void> {
      if (get().commands[instanceId]?.status === 'loading') return;
      get().setCommands(instanceId, { status: 'loading' });
      const r = await api.listCommands({ instanceId });
      get().setCommands(
        instanceId,
        r.ok ? { status: 'ready', value: r.value } : { status: 'error', error: r.error },
      );
    },
    async copy(key: string, text: string): Promise<void> {
      const r = await copyToClipboard(bridge, text);
      get().setCopyFeedback(r.ok ? { key, ok: true } : { key, ok: false, error: r.error });
      clearTimeout(copyTimer);
      copyTimer = setTimeout(() => {
        if (get().copyFeedback?.key === key) get().setCopyFeedback(null);
      }, COPY_FEEDBACK_MS);
    },
    async loadSettings(): Promise<void> {
      const r = await api.getSettings();
      get().setSettings(r.ok ? { status: 'ready', value: r.value } : { status: 'error', error: r.error });
    },
    /** Saves; the caller shows the outcome (the form and each host report their own). */
    async saveSettings(settings: Settings): Promise<IpcResult<Settings>> {
      const r = await api.saveSettings(settings);
      if (r.ok) get().setSettings({ status: 'ready', value: r.value });
      return r;
    },
    async testConnection(key: string, host: HostSettings): Promise<void> {
      get().setConnectionTest(key, { status: 'loading' });
      const r = await api.testConnection(host);
      get().setConnectionTest(
        key,
        r.ok ? { status: 'ready', value: r.value } : { status: 'error', error: r.error },
      );
    },
    async decideHostKey(prompt: HostKeyPrompt, accept: boolean): Promise<void> {
      const r = await api.decideHostKey({
        hostName: prompt.hostName,
        fingerprint: prompt.fingerprint,
        accept,
      });
      if (r.ok) get().receiveState(r.value);
      else get().setLoadError(r.error);
    },
    /** Where the window runs: desktop-only settings (launch at login, tray) are hidden in `web`. */
    runtime: bridge.kind,
    async openDashboard(instanceId: string): Promise<void> {
      const r = await api.openDashboard({ instanceId });
      get().setDashboardNotice({
        instanceId,
        text: r.ok
          ? `Dashboard opened at ${r.value.url}`
          : `Could not open the dashboard: ${r.error.message}`,
      });
    },
  };
}

export type Actions = ReturnType<typeof createActions>;

export const ActionsContext = createContext<Actions | null>(null);

export function useActions(): Actions {
  const a = useContext(ActionsContext);
  if (!a) throw new Error('useActions outside ActionsContext');
  return a;
}
