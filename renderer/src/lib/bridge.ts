/**
 * The only file that touches `window.api`.
 *
 * In Electron the preload exposes `window.api` (a {@link WindowApi}). In a plain browser (`hermes-mc web`)
 * there is no preload, so this module builds the same object over a same-origin WebSocket guarded by the
 * token from the page URL (`?token=…`). The rest of the renderer cannot tell the difference.
 */
import {
  Channels,
  PushChannels,
  type AppState,
  type ChannelKey,
  type IpcResult,
  type WindowApi,
} from '../../../preload/ipc-contract.js';

declare global {
  interface Window {
    api?: WindowApi;
  }
}

/**
 * `open`: connected. `connecting`/`closed`: not connected, retrying by itself (the server may be restarting).
 * `rejected`: the server answers but refuses our token (it was restarted with `--rotate-token`, or the page
 * was opened without one): retrying cannot help, so it stops and the window says what to do.
 */
export type BridgeStatus = 'connecting' | 'open' | 'closed' | 'rejected';

export interface Bridge {
  /** `electron` when the preload provides the API; `web` for the WebSocket bridge. */
  kind: 'electron' | 'web';
  api: WindowApi;
  status(): BridgeStatus;
  /** Called on every status change; returns an unsubscribe. */
  onStatus(listener: (status: BridgeStatus) => void): () => void;
}

const TOKEN_KEY = 'hmc.bridgeToken';
/** main/web/token-check.ts */
const TOKEN_CHECK_PATH = '/bridge/token-check';
const TOKEN_HEADER = 'X-Bridge-Token';
const RETRY_FIRST_MS = 500;
/** A restarted server is found within this long. */
const RETRY_MAX_MS = 5_000;

/** Whether the server refuses `token` (401); false when it accepts it or cannot be reached at all. */
async function tokenRefused(token: string): Promise<boolean> {
  try {
    const r = await fetch(TOKEN_CHECK_PATH, { headers: { [TOKEN_HEADER]: token }, cache: 'no-store' });
    return r.status === 401;
  } catch {
    return false;
  }
}

/** Reads the token once and keeps it for reloads of this tab, then removes it from the visible URL. */
function takeToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    try {
      sessionStorage.setItem(TOKEN_KEY, fromUrl);
      url.searchParams.delete('token');
      window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    } catch {
      // Storage unavailable: keep the token in the URL so a reload still works.
    }
    return fromUrl;
  }
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

type Pending = (result: IpcResult<unknown>) => void;

export const TOKEN_REJECTED = 'Mission Control restarted — open the URL it printed.';

function createWebBridge(): Bridge {
  const token = takeToken();
  const pending = new Map<number, Pending>();
  const queue: string[] = [];
  const stateListeners = new Set<(s: AppState) => void>();
  const focusListeners = new Set<(p: { warningId: string }) => void>();
  const statusListeners = new Set<(s: BridgeStatus) => void>();
  let status: BridgeStatus = 'connecting';
  let socket: WebSocket | null = null;
  let nextId = 1;
  let retryMs = RETRY_FIRST_MS;

  const setStatus = (s: BridgeStatus): void => {
    status = s;
    for (const l of statusListeners) l(s);
  };

  const failAll = (code: string, message: string): void => {
    for (const resolve of pending.values()) resolve({ ok: false, error: { code, message } });
    pending.clear();
  };

  const connect = (): void => {
    if (!token) {
      setStatus('rejected');
      return;
    }
    const proto = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(`${proto}//${window.location.host}/bridge?token=${encodeURIComponent(token)}`);
    socket = ws;
    setStatus('connecting');
    ws.onopen = () => {
      retryMs = RETRY_FIRST_MS;
      for (const frame of queue.splice(0)) ws.send(frame);
      setStatus('open');
    };
    ws.onmessage = (ev: MessageEvent) => {
      let msg: unknown;
      try {
        msg = JSON.parse(String(ev.data));
      } catch {
        return;
      }
      if (typeof msg !== 'object' || msg === null) return;
      const m = msg as { id?: number; result?: IpcResult<unknown>; push?: string; payload?: unknown };
      if (typeof m.id === 'number' && m.result) {
        pending.get(m.id)?.(m.result);
        pending.delete(m.id);
      } else if (m.push === PushChannels.state) {
        for (const l of stateListeners) l(m.payload as AppState);
      } else if (m.push === PushChannels.focusWarning) {
        for (const l of focusListeners) l(m.payload as { warningId: string });
      }
    };
    ws.onclose = () => {
      socket = null;
      // Frames queued for this socket die with it: their callers get BRIDGE_CLOSED now, not a late reply.
      queue.length = 0;
      failAll('BRIDGE_CLOSED', 'The connection to Mission Control closed; reconnecting.');
      setStatus('closed');
      void tokenRefused(token).then((refused) => {
        if (refused) {
          setStatus('rejected');
          return;
        }
        // Reconnect with a capped backoff: the server may simply have restarted (same token, same port).
        window.setTimeout(connect, retryMs);
        retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
      });
    };
  };

  const request = (channel: string, payload: unknown): Promise<IpcResult<unknown>> => {
    if (!token) {
      return Promise.resolve({
        ok: false,
        error: {
          code: 'NO_TOKEN',
          message: 'Open the exact URL printed by `hermes-mc web` (it includes ?token=…).',
        },
      });
    }
    const id = nextId++;
    const frame = JSON.stringify(payload === undefined ? { id, channel } : { id, channel, payload });
    if (status === 'rejected') {
      return Promise.resolve({ ok: false, error: { code: 'TOKEN_REJECTED', message: TOKEN_REJECTED } });
    }
    return new Promise((resolve) => {
      pending.set(id, resolve);
      if (socket && socket.readyState === WebSocket.OPEN) socket.send(frame);
      else queue.push(frame);
    });
  };

  const api: Record<string, unknown> = {
    onState(listener: (s: AppState) => void) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    onFocusWarning(listener: (p: { warningId: string }) => void) {
      focusListeners.add(listener);
      return () => focusListeners.delete(listener);
    },
  };
  for (const key of Object.keys(Channels) as ChannelKey[]) {
    api[key] = (payload?: unknown) => request(Channels[key], payload);
  }
  connect();
  return {
    kind: 'web',
    api: api as WindowApi,
    status: () => status,
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
  };
}

/** The bridge for this page: the preload's API in Electron, the WebSocket bridge in a browser. */
export function createBridge(): Bridge {
  const preloadApi = window.api;
  if (preloadApi) {
    return { kind: 'electron', api: preloadApi, status: () => 'open', onStatus: () => () => undefined };
  }
  return createWebBridge();
}

/** Writes to the clipboard: through main in Electron (the sandbox denies the web clipboard), else the web API. */
export async function copyToClipboard(bridge: Bridge, text: string): Promise<IpcResult<{ copied: true }>> {
  if (bridge.kind === 'web' && navigator.clipboard) {
    try {
      await navigator.clipboard.writeText(text);
      return { ok: true, value: { copied: true } };
    } catch {
      // Fall through to the service (e.g. clipboard permission denied).
    }
  }
  return bridge.api.copyText({ text });
}
