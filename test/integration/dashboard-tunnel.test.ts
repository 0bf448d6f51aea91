// "Open dashboard" against a real OpenSSH sshd: a loopback forward through the app's SSH connection
// reaches a local HTTP server standing in for the Hermes dashboard, as the restricted hmc-reader account
// (PermitOpen) and as root; a destination PermitOpen does not allow fails with a clear code.
import { readFileSync } from 'node:fs';
import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSnapshot } from '../fixtures/snapshot-factory.js';
import { startSshd, type SshdHandle } from '../helpers/sshd.js';
import { TunnelRegistry } from '../../main/tunnels/tunnel-registry.js';
import type { TunnelTimers } from '../../main/tunnels/dashboard-tunnel.js';

let sshd: SshdHandle;
let dashboard: Server;
let forbidden: Server;
let dashboardPort: number;
let forbiddenPort: number;
const clients: Client[] = [];

function listen(body: string): Promise<Server> {
  const server = createServer((_req, res) => {
    res.setHeader('Connection', 'close');
    res.end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function connect(username: string): Promise<Client> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    clients.push(client);
    client
      .on('ready', () => resolve(client))
      .on('error', reject)
      .connect({
        host: sshd.host,
        port: sshd.port,
        username,
        privateKey: readFileSync(sshd.clientKeyPath),
        hostVerifier: (key: Buffer) => key.toString('base64') === sshd.hostKeyBase64,
      });
  });
}

function fetchText(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve(text));
    }).on('error', reject);
  });
}

/** Local addresses of LISTEN sockets on `port`, from /proc/net/tcp and tcp6 (hex, little-endian IPv4). */
function listeningAddresses(port: number): string[] {
  const out: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      const [addr, portHex] = (cols[1] ?? '').split(':');
      if (cols[3] !== '0A' || !addr || parseInt(portHex ?? '', 16) !== port) continue;
      out.push(
        addr.length === 8
          ? (addr.match(/../g) ?? [])
              .reverse()
              .map((h) => parseInt(h, 16))
              .join('.')
          : addr,
      );
    }
  }
  return out;
}

/** Polls a condition every few ms (socket close events are asynchronous); fails after 5 s. */
async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(condition()).toBe(true);
}

const snapshotFor = (port: number) =>
  makeSnapshot('vijay', {
    dashboard: { port, bindings: [{ address: '127.0.0.1', family: 'ipv4', class: 'loopback' }] },
  });

/** Timers the test fires by hand: idle close without waiting. */
function manualTimers(): TunnelTimers & { fire(): void; pending(): number } {
  const due = new Map<number, () => void>();
  let next = 0;
  return {
    setTimeout: (fn) => {
      due.set(++next, fn);
      return next;
    },
    clearTimeout: (h) => void due.delete(h as number),
    fire: () => {
      const fns = [...due.values()];
      due.clear();
      for (const fn of fns) fn();
    },
    pending: () => due.size,
  };
}

beforeAll(async () => {
  dashboard = await listen('hermes dashboard');
  forbidden = await listen('should never be reached');
  dashboardPort = (dashboard.address() as AddressInfo).port;
  forbiddenPort = (forbidden.address() as AddressInfo).port;
  sshd = await startSshd({ permitOpen: [`127.0.0.1:${dashboardPort}`] });
});

afterAll(async () => {
  for (const c of clients) c.end();
  await sshd?.stop();
  dashboard?.close();
  forbidden?.close();
});

describe('dashboard tunnel over a real sshd', () => {
  it('reaches the dashboard as the restricted account, listening on 127.0.0.1 only, and reuses the forward', async () => {
    const reader = await connect(sshd.readerUser);
    const registry = new TunnelRegistry({ getClient: () => reader });
    const opened = await registry.open('hermes-vm', snapshotFor(dashboardPort));
    expect(opened.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(opened.target).toEqual({ host: '127.0.0.1', port: dashboardPort });
    expect(await fetchText(opened.url)).toBe('hermes dashboard');
    expect(listeningAddresses(opened.port)).toEqual(['127.0.0.1']);
    expect(registry.forwardedPorts().has(opened.port)).toBe(true);

    const again = await registry.open('hermes-vm', snapshotFor(dashboardPort));
    expect(again).toMatchObject({ url: opened.url, reused: true });
    await registry.closeAll();
    expect(registry.forwardedPorts().size).toBe(0);
    expect(listeningAddresses(opened.port)).toEqual([]);
  });

  it('fails clearly, with no listener left behind, when PermitOpen forbids the destination', async () => {
    const reader = await connect(sshd.readerUser);
    const registry = new TunnelRegistry({ getClient: () => reader });
    await expect(registry.open('hermes-vm', snapshotFor(forbiddenPort))).rejects.toMatchObject({
      code: 'TUNNEL_FORBIDDEN',
      message: expect.stringContaining('PermitOpen'),
    });
    expect(registry.size).toBe(0);
    expect(registry.forwardedPorts().size).toBe(0);
  });

  it('works as root too, and closes itself once idle', async () => {
    const root = await connect('root');
    const timers = manualTimers();
    const registry = new TunnelRegistry({ getClient: () => root, timers, idleMs: 60_000 });
    const opened = await registry.open('hermes-vm', snapshotFor(forbiddenPort));
    expect(await fetchText(opened.url)).toBe('should never be reached');
    // Once the browser's connection has closed the idle timer is armed again; firing it closes the tunnel.
    await waitFor(() => timers.pending() === 1);
    timers.fire();
    await waitFor(() => registry.size === 0);
    expect(registry.forwardedPorts().has(opened.port)).toBe(false);
    await expect(fetchText(opened.url)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('says when the host is not connected instead of opening a dead listener', async () => {
    const registry = new TunnelRegistry({ getClient: () => null });
    await expect(registry.open('hermes-vm', snapshotFor(dashboardPort))).rejects.toMatchObject({
      code: 'UNREACHABLE',
    });
    await expect(
      registry.open('hermes-vm', makeSnapshot('vijay', { dashboard: { bindings: [] } })),
    ).rejects.toMatchObject({ code: 'DASHBOARD_NOT_LISTENING' });
  });
});
