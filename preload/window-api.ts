/**
 * Builds the `window.api` object from the contract: one method per channel, one subscription per push
 * channel, nothing generic (no `invoke(channel)`, no ipcRenderer, no event objects reach the page).
 * No electron import, so the completeness test runs in plain node; preload/index.ts passes ipcRenderer.
 */
import type { Channels, ChannelKey, IpcResult, PushChannels, WindowApi } from './ipc-contract.js';

/*
 * The channel names, checked against the contract at compile time (`satisfies` fails on a missing, extra or
 * renamed channel) and at test time (ipc-contract-completeness). Imported as types only: a runtime import
 * of ipc-contract.ts would pull zod and every schema into the sandboxed preload (~740 KB instead of ~2 KB).
 */
const CHANNELS = {
  getState: 'app:get-state',
  refresh: 'poll:refresh',
  queryHistory: 'history:query',
  listCommands: 'commands:list',
  getSettings: 'settings:get',
  saveSettings: 'settings:save',
  testConnection: 'hosts:test-connection',
  decideHostKey: 'hostkey:decide',
  acknowledgeWarning: 'warnings:acknowledge',
  snoozeWarning: 'warnings:snooze',
  muteNotifications: 'notifications:mute',
  openDashboard: 'dashboard:open',
  copyText: 'clipboard:copy',
  listIncidents: 'incidents:list',
  setMaintenance: 'maintenance:set',
} as const satisfies typeof Channels;

/** The slice of ipcRenderer used. */
export interface IpcRendererLike {
  invoke(channel: string, payload?: unknown): Promise<unknown>;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
}

/** Subscription method on `window.api` → the push channel it listens to. */
export const PUSH_SUBSCRIPTIONS = {
  onState: 'push:state',
  onFocusWarning: 'push:focus-warning',
} as const satisfies Record<
  Exclude<keyof WindowApi, ChannelKey>,
  (typeof PushChannels)[keyof typeof PushChannels]
>;

/** Channel name per `window.api` request method. */
export const CHANNEL_BY_METHOD: Readonly<Record<ChannelKey, string>> = CHANNELS;

export function createWindowApi(ipc: IpcRendererLike): WindowApi {
  const api: Record<string, unknown> = {};
  for (const key of Object.keys(CHANNELS) as ChannelKey[]) {
    const channel = CHANNELS[key];
    api[key] = async (payload?: unknown): Promise<IpcResult<unknown>> => {
      try {
        return (await ipc.invoke(channel, payload)) as IpcResult<unknown>;
      } catch (error) {
        // main never rejects; this is the bridge itself failing (window closing, handler missing).
        return {
          ok: false,
          error: { code: 'IPC_FAILED', message: error instanceof Error ? error.message : String(error) },
        };
      }
    };
  }
  for (const [method, channel] of Object.entries(PUSH_SUBSCRIPTIONS)) {
    api[method] = (listener: (payload: unknown) => void) => {
      if (typeof listener !== 'function') throw new TypeError(`${method} needs a listener function`);
      const wrapped = (_event: unknown, payload: unknown) => listener(payload);
      ipc.on(channel, wrapped);
      return () => {
        ipc.removeListener(channel, wrapped);
      };
    };
  }
  return Object.freeze(api) as WindowApi;
}
