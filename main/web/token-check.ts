/**
 * `GET /bridge/token-check` with the page's token in `X-Bridge-Token`: 204 when it is the server's token,
 * 401 when not. A browser cannot read why a WebSocket upgrade failed (it only sees code 1006), so after a
 * failed connect the page asks here: no answer means the server is down (keep retrying), 401 means it was
 * restarted with another token (stop, and tell the person to open the URL it printed).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tokenMatches } from './ws-bridge.js';

export const TOKEN_CHECK_PATH = '/bridge/token-check';
export const TOKEN_HEADER = 'x-bridge-token';

export function isTokenCheck(req: IncomingMessage): boolean {
  return new URL(req.url ?? '/', 'http://127.0.0.1').pathname === TOKEN_CHECK_PATH;
}

export function answerTokenCheck(
  token: string,
  req: IncomingMessage,
  res: ServerResponse,
  headers: Record<string, string>,
): void {
  if (req.method !== 'GET') {
    res.writeHead(405, { ...headers, Allow: 'GET' });
    res.end();
    return;
  }
  const given = req.headers[TOKEN_HEADER];
  const ok = tokenMatches(token, typeof given === 'string' ? given : null);
  res.writeHead(ok ? 204 : 401, headers);
  res.end();
}
