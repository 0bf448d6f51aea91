// The `hermes-mc web` server and its WebSocket bridge, from the outside: loopback only, token and Origin
// enforced, requests validated against the contract, pushes delivered, security headers on every page.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createWebCommand } from '../../main/cli/commands/web.js';
import { EXIT } from '../../main/cli/exit-codes.js';
import { memoryCliIo } from '../helpers/memory-cli-io.js';
import { startWebServer, type WebServer } from '../../main/web/web-server.js';
import { createFixtureService, type FixtureService } from './fixtures/fixture-service.js';

let dir: string;
let fx: FixtureService;
let server: WebServer;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hmc-web-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(tmpdir(), 'hmc-outside.txt'), 'outside');
  fx = createFixtureService();
  server = await startWebServer({
    service: fx.service,
    port: 0,
    staticDir: dir,
    onState: fx.onState,
    onFocusWarning: fx.onFocusWarning,
  });
});

afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const token = () => new URL(server.url).searchParams.get('token')!;
const origin = () => `http://127.0.0.1:${server.port}`;

/** Resolves with the HTTP status the upgrade was refused with, or 101 when it opened. */
function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', (e) => reject(e));
  });
}

function openBridge(): Promise<{
  ws: WebSocket;
  frames: unknown[];
  next: () => Promise<Record<string, unknown>>;
}> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/bridge?token=${token()}`, {
      headers: { Origin: origin() },
    });
    const frames: unknown[] = [];
    const waiters: ((f: Record<string, unknown>) => void)[] = [];
    ws.on('message', (d) => {
      const f = JSON.parse(d.toString()) as Record<string, unknown>;
      const w = waiters.shift();
      if (w) w(f);
      else frames.push(f);
    });
    const next = () =>
      new Promise<Record<string, unknown>>((r) => {
        const f = frames.shift();
        if (f) r(f as Record<string, unknown>);
        else waiters.push(r);
      });
    ws.on('open', () => resolve({ ws, frames, next }));
    ws.on('error', reject);
  });
}

function httpGet(
  path: string,
  host?: string,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, path, headers: host ? { Host: host } : {} },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('hermes-mc web server', () => {
  it('listens on 127.0.0.1 only: the URL is loopback and other addresses refuse the port', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
    const others = [
      '::1',
      '127.0.0.2',
      ...Object.values(networkInterfaces()).flatMap((l) =>
        (l ?? []).filter((a) => !a.internal).map((a) => a.address),
      ),
    ];
    for (const address of others) {
      const outcome = await new Promise<string>((resolve) => {
        const s = connect({ host: address, port: server.port });
        s.on('connect', () => (s.destroy(), resolve('connected')));
        s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
      });
      expect(outcome, `connect to ${address}`).not.toBe('connected');
    }
  });

  it('serves the page with CSP, no-referrer and nosniff headers, and nothing outside the folder', async () => {
    const page = await httpGet('/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['content-security-policy']).toContain(
      `connect-src 'self' ws://127.0.0.1:${server.port}`,
    );
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect((await httpGet('/../hmc-outside.txt')).status).toBe(404);
    expect((await httpGet('/%2e%2e/hmc-outside.txt')).status).toBe(404);
  });

  it('refuses requests addressed to another host name (DNS rebinding)', async () => {
    expect((await httpGet('/', `evil.example:${server.port}`)).status).toBe(421);
    expect(
      await upgradeStatus(`ws://127.0.0.1:${server.port}/bridge?token=${token()}`, {
        Origin: origin(),
        Host: `evil.example:${server.port}`,
      }),
    ).toBe(421);
  });

  it('rejects a WebSocket without the token, with a wrong token, or from another Origin', async () => {
    const base = `ws://127.0.0.1:${server.port}/bridge`;
    expect(await upgradeStatus(base, { Origin: origin() })).toBe(401);
    expect(await upgradeStatus(`${base}?token=${'x'.repeat(token().length)}`, { Origin: origin() })).toBe(
      401,
    );
    expect(await upgradeStatus(`${base}?token=${token()}`, { Origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus(`${base}?token=${token()}`, {})).toBe(403);
    expect(await upgradeStatus(`${base}?token=${token()}`, { Origin: origin() })).toBe(101);
  });

  it("tells a page whether its token is still the server's (204) or was refused (401), so it can stop retrying", async () => {
    const check = (headers: Record<string, string>) =>
      fetch(`${origin()}/bridge/token-check`, { headers }).then((r) => r.status);
    expect(await check({ 'X-Bridge-Token': token() })).toBe(204);
    expect(await check({ 'X-Bridge-Token': 'x'.repeat(token().length) })).toBe(401);
    expect(await check({})).toBe(401);
  });

  it('answers requests with IpcResult values, validating payloads against the contract', async () => {
    const { ws, next } = await openBridge();
    ws.send(JSON.stringify({ id: 1, channel: 'app:get-state' }));
    const state = await next();
    expect(state).toMatchObject({ id: 1, result: { ok: true, value: { demo: true } } });

    ws.send(
      JSON.stringify({
        id: 2,
        channel: 'history:query',
        payload: { instanceId: 'vijay', range: '1y', series: ['diskUsedPct'] },
      }),
    );
    const bad = (await next()) as { result: { ok: boolean; error: { code: string; message: string } } };
    expect(bad.result.ok).toBe(false);
    expect(bad.result.error.code).toBe('INVALID_REQUEST');
    expect(bad.result.error.message).toContain('range');

    ws.send(JSON.stringify({ id: 3, channel: 'shell:exec', payload: { cmd: 'rm -rf /' } }));
    expect(await next()).toMatchObject({ id: 3, result: { ok: false, error: { code: 'UNKNOWN_CHANNEL' } } });

    ws.send(JSON.stringify({ id: 4, channel: 'commands:list', payload: { instanceId: 'nobody' } }));
    expect(await next()).toMatchObject({ id: 4, result: { ok: false, error: { code: 'UNKNOWN_INSTANCE' } } });
    expect(fx.calls.map((c) => c.channel)).toEqual(['app:get-state', 'commands:list']);
    ws.close();
  });

  it('pushes state to connected pages when the service state changes', async () => {
    const { ws, next } = await openBridge();
    fx.setScenario('unreachable');
    const push = (await next()) as { push: string; payload: { instances: { id: string; state: string }[] } };
    expect(push.push).toBe('push:state');
    expect(push.payload.instances.find((i) => i.id === 'vijay')?.state).toBe('unreachable');
    ws.close();
  });
});

describe('hermes-mc web command', () => {
  it('prints the tokened URL as its first line, serves it, and stops on abort (exit 0)', async () => {
    const abort = new AbortController();
    const lines: string[] = [];
    const t = memoryCliIo();
    const io = {
      ...t.io,
      stdout: {
        write: (text: string) => {
          for (const l of text.split('\n').filter(Boolean)) {
            lines.push(l);
            if (lines.length === 1)
              void fetch(l).then((r) => (lines.push(`status ${r.status}`), abort.abort()));
          }
          return true;
        },
      },
    };
    const cmd = createWebCommand({
      createService: async () => ({ service: fx.service, onState: fx.onState }),
      signal: abort.signal,
      dataDir: join(dir, 'data'),
    });
    expect(await cmd.run(['--demo', '--port', '0', '--static', dir], io)).toBe(EXIT.ok);
    expect(lines[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
    expect(lines).toContain('status 200');
  });

  it('rejects a bad --port with a message naming it (usage error, 64)', async () => {
    const t = memoryCliIo();
    const cmd = createWebCommand({ createService: async () => ({ service: fx.service }) });
    expect(await cmd.run(['--port', '70000'], t.io)).toBe(EXIT.usage);
    expect(t.stderr()).toContain('--port must be 0–65535');
  });
});
