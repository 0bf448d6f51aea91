/**
 * Builds the `window.api` object from the contract: one method per channel, one subscription per push
 * channel, nothing generic (no `invoke(channel)`, no ipcRenderer, no event objects reach the page).
 * No electron import, so the completeness test runs in plain node; preload/index.ts passes ipcRenderer.
 */
import { Channels, PushChannels, type ChannelKey, type IpcResult, type PushChannel, type WindowApi } from './ipc-contract.js';

/** The slice of ipcRenderer used. */
export interface IpcRendererLike {
  invoke(channel: string, payload?: unknown): Promise<unknown>;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
}

/** Subscription method on `window.api` → the push channel it listens to. */
export const PUSH_SUBSCRIPTIONS = {
  onState: PushChannels.state,
  onFocusWarning: PushChannels.focusWarning,
} as const satisfies Record<string, PushChannel>;

export function createWindowApi(ipc: IpcRendererLike): WindowApi {
  const api: Record<string, unknown> = {};
  for (const key of Object.keys(Channels) as ChannelKey[]) {
    const channel = Channels[key];
    api[key] = async (payload?: unknown): Promise<IpcResult<unknown>> => {
      try {
        return (await ipc.invoke(channel, payload)) as IpcResult<unknown>;
      } catch (error) {
        // main never rejects; this is the bridge itself failing (window closing, handler missing).
        return { ok: false, error: { code: 'IPC_FAILED', message: error instanceof Error ? error.message : String(error) } };
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
