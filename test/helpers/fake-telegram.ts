/**
 * A local stand-in for the Telegram Bot API's `sendMessage` (HTTPS on 127.0.0.1, a certificate from a
 * throwaway CA made with openssl for this test run), and that CA. It records every call and answers as
 * the test says: ok, 429 with retry_after, a 5xx, or never.
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);

export interface ThrowawayCa {
  /** PEM of the CA certificate (what a client must trust). */
  caFile: string;
  key: string;
  cert: string;
}

/** A CA and a server certificate for IP 127.0.0.1 signed by it, valid one day, in `dir`. */
export async function makeThrowawayCa(dir: string): Promise<ThrowawayCa> {
  const f = (n: string) => join(dir, n);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await execFileP('openssl', [
    'req',
    '-x509',
    ...ec,
    '-keyout',
    f('ca.key'),
    '-out',
    f('ca.pem'),
    '-days',
    '1',
    '-subj',
    '/CN=hmc throwaway test CA',
  ]);
  await execFileP('openssl', [
    'req',
    ...ec,
    '-keyout',
    f('server.key'),
    '-out',
    f('server.csr'),
    '-subj',
    '/CN=127.0.0.1',
  ]);
  await writeFile(f('san.ext'), 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n');
  await execFileP('openssl', [
    'x509',
    '-req',
    '-in',
    f('server.csr'),
    '-CA',
    f('ca.pem'),
    '-CAkey',
    f('ca.key'),
    '-CAcreateserial',
    '-out',
    f('server.pem'),
    '-days',
    '1',
    '-extfile',
    f('san.ext'),
  ]);
  return {
    caFile: f('ca.pem'),
    key: await readFile(f('server.key'), 'utf8'),
    cert: await readFile(f('server.pem'), 'utf8'),
  };
}

export interface RecordedCall {
  path: string;
  body: { chat_id?: unknown; text?: unknown; [k: string]: unknown };
  /** When the request arrived, on this process's monotonic clock (performance.now()). */
  receivedAtMs: number;
  /** The client hung up before any answer was sent (it gave up waiting: its own timeout). */
  abandonedByClient: boolean;
}

/** How the next call is answered. */
export type Answer =
  { kind: 'ok' } | { kind: '429'; retryAfter: number } | { kind: '5xx' } | { kind: 'never' };

export interface FakeTelegram {
  baseUrl: string;
  port: number;
  calls: RecordedCall[];
  /** Answers for the next calls, in order; when empty, calls are answered ok. */
  queue: Answer[];
  close(): Promise<void>;
}

export async function startFakeTelegram(ca: ThrowawayCa): Promise<FakeTelegram> {
  const calls: RecordedCall[] = [];
  const queue: Answer[] = [];
  const server: Server = createServer({ key: ca.key, cert: ca.cert }, (req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (raw += d));
    req.on('end', () => {
      let body: RecordedCall['body'] = {};
      try {
        body = JSON.parse(raw) as RecordedCall['body'];
      } catch {
        // recorded as empty
      }
      const call: RecordedCall = {
        path: req.url ?? '',
        body,
        receivedAtMs: performance.now(),
        abandonedByClient: false,
      };
      calls.push(call);
      res.on('close', () => {
        if (!res.writableEnded) call.abandonedByClient = true;
      });
      const answer = queue.shift() ?? { kind: 'ok' };
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      if (!/^\/bot\d+:[\w-]+\/sendMessage$/.test(req.url ?? '') || req.method !== 'POST')
        return json(404, { ok: false, error_code: 404, description: 'Not Found' });
      if (answer.kind === 'never') return; // holds the connection open, answers nothing
      if (answer.kind === '429')
        return json(429, {
          ok: false,
          error_code: 429,
          description: `Too Many Requests: retry after ${answer.retryAfter}`,
          parameters: { retry_after: answer.retryAfter },
        });
      if (answer.kind === '5xx') return json(502, { ok: false, error_code: 502, description: 'Bad Gateway' });
      json(200, { ok: true, result: { message_id: calls.length, date: Math.floor(Date.now() / 1000) } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `https://127.0.0.1:${port}`,
    port,
    calls,
    queue,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
