/**
 * The `hermes-mc web` bridge: the renderer's `window.api`, over a loopback WebSocket.
 *
 * Frames: request `{ id, channel, payload }` → reply `{ id, result: IpcResult }`; pushes
 * `{ push: 'push:state', payload }`. Upgrades are accepted only with the right token (constant-time
 * compare) and from the page's own origin, so another local web page or process cannot drive it.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { PushChannels, type AppState, type MissionControlService } from '../../preload/ipc-contract.js';
import { dispatchRequest } from '../ipc/dispatch-request.js';

export const BRIDGE_PATH = '/bridge';
const MAX_FRAME_BYTES = 256 * 1024;

export interface WsBridgeOptions {
  service: MissionControlService;
  token: string;
  /** Origins allowed to connect (the page's own origin(s)). Resolved lazily: the port is known after listen. */
  allowedOrigins: () => string[];
  /** Subscribe to state changes; returns an unsubscribe. */
  onState?: (listener: (state: AppState) => void) => () => void;
  onFocusWarning?: (listener: (p: { warningId: string }) => void) => () => void;
}

/** Constant-time token check (hash first so lengths never leak through an early return). */
export function tokenMatches(expected: string, given: string | null): boolean {
  if (given === null) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}

function reject(socket: Duplex, status: number, text: string): void {
  socket.write(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

export interface WsBridge {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  clientCount(): number;
  close(): void;
}

export function createWsBridge(opts: WsBridgeOptions): WsBridge {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const clients = new Set<WebSocket>();

  const broadcast = (frame: unknown) => {
    const text = JSON.stringify(frame);
    for (const c of clients) if (c.readyState === c.OPEN) c.send(text);
  };
  const offState = opts.onState?.((payload) => broadcast({ push: PushChannels.state, payload }));
  const offFocus = opts.onFocusWarning?.((payload) =>
    broadcast({ push: PushChannels.focusWarning, payload }),
  );

  wss.on('connection', (ws) => {
    clients.add(ws);
    ws.on('close', () => clients.delete(ws));
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      let msg: { id?: unknown; channel?: unknown; payload?: unknown };
      try {
        msg = JSON.parse(data.toString()) as typeof msg;
      } catch {
        ws.send(
          JSON.stringify({
            id: null,
            result: { ok: false, error: { code: 'INVALID_FRAME', message: 'frame is not JSON' } },
          }),
        );
        return;
      }
      const id = typeof msg?.id === 'number' || typeof msg?.id === 'string' ? msg.id : null;
      void dispatchRequest(opts.service, msg?.channel, msg?.payload).then((result) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id, result }));
      });
    });
  });

  return {
    handleUpgrade(req, socket, head) {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname !== BRIDGE_PATH) return reject(socket, 404, 'Not Found');
      const origin = req.headers.origin;
      if (!origin || !opts.allowedOrigins().includes(origin)) return reject(socket, 403, 'Forbidden');
      if (!tokenMatches(opts.token, url.searchParams.get('token')))
        return reject(socket, 401, 'Unauthorized');
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    clientCount: () => clients.size,
    close() {
      offState?.();
      offFocus?.();
      for (const c of clients) c.terminate();
      wss.close();
    },
  };
}
