/**
 * `hermes-mc web`: serves the built renderer on 127.0.0.1 only, with the WebSocket bridge beside it.
 * The URL it returns carries a fresh random token; without it the bridge refuses to connect.
 */
import { answerTokenCheck, isTokenCheck } from './token-check.js';
import { randomBytes } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { AppState, MissionControlService } from '../../preload/ipc-contract.js';
import { serveStatic } from './static-assets.js';
import { createWsBridge } from './ws-bridge.js';

export const LOOPBACK = '127.0.0.1';

export interface WebServerOptions {
  service: MissionControlService;
  /** 0 = any free port. */
  port: number;
  /** Folder with the built renderer (index.html + assets). */
  staticDir: string;
  onState?: (listener: (state: AppState) => void) => () => void;
  onFocusWarning?: (listener: (p: { warningId: string }) => void) => () => void;
  /** The bridge token: `hermes-mc web` passes the data directory's (web-token.ts); 32 random bytes otherwise. */
  token?: string;
}

export interface WebServer {
  /** `http://127.0.0.1:<port>/?token=…` */
  url: string;
  port: number;
  close(): Promise<void>;
}

export function securityHeaders(port: number): Record<string, string> {
  return {
    'Content-Security-Policy': [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      `connect-src 'self' ws://${LOOPBACK}:${port}`,
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ].join('; '),
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  };
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body = ''): void {
  res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(body);
}

/** Starts the server; resolves once it listens on 127.0.0.1. */
export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const token = opts.token ?? randomBytes(32).toString('base64url');
  const root = resolve(opts.staticDir);
  let port = 0;
  // Host/Origin allowlists defeat DNS rebinding: a page on evil.example resolved to 127.0.0.1 sends its own Host.
  const hosts = () => [`${LOOPBACK}:${port}`, `localhost:${port}`];
  const origins = () => hosts().map((h) => `http://${h}`);

  const bridge = createWsBridge({
    service: opts.service,
    token,
    allowedOrigins: origins,
    onState: opts.onState,
    onFocusWarning: opts.onFocusWarning,
  });

  const server = createServer((req, res) => {
    const headers = securityHeaders(port);
    if (!hosts().includes(req.headers.host ?? '')) return send(res, 421, headers, 'misdirected request');
    if (isTokenCheck(req)) return answerTokenCheck(token, req, res, headers);
    serveStatic(root, req, res, headers);
  });
  server.on('upgrade', (req, socket, head) => {
    if (!hosts().includes(req.headers.host ?? '')) {
      socket.write('HTTP/1.1 421 Misdirected Request\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    bridge.handleUpgrade(req, socket, head);
  });

  await new Promise<void>((resolvePromise, rejectPromise) => {
    server.once('error', rejectPromise);
    server.listen({ host: LOOPBACK, port: opts.port }, () => {
      server.off('error', rejectPromise);
      resolvePromise();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://${LOOPBACK}:${port}/?token=${token}`,
    port,
    close: () =>
      new Promise<void>((resolveClose) => {
        bridge.close();
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
