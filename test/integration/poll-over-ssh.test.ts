/**
 * The poller against a real OpenSSH sshd on 127.0.0.1, reading snapshots the REAL exporter bundle wrote
 * from a generated Hermes home — as root and as the chrooted, read-only, SFTP-only account.
 */
import { mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FleetPoller } from '../../main/core/poll/fleet-poller.js';
import { createSshSource } from '../../main/core/sources/instance-source.js';
import { ConnectionManager } from '../../main/core/ssh/connection-manager.js';
import { PinnedKeyStore } from '../../main/core/ssh/pinned-keys.js';
import { buildHermesHome, type HermesHomeFixture } from '../fixtures/hermes-home/build-hermes-home.js';
import { runExporterOnce } from '../helpers/exporter-run.js';
import { startSshd, type SshdHandle } from '../helpers/sshd.js';

let tmp: string;
let sshd: SshdHandle;
let fixture: HermesHomeFixture;
let knownHosts: string;
const open: { poller: FleetPoller; manager: ConnectionManager }[] = [];

/** What the systemd timer does on the VM: one exporter run writing into the folder sshd serves. */
async function exporterRuns(): Promise<void> {
  await runExporterOnce({ hermesHome: fixture.hermesHome }, join(sshd.chrootDir, 'vijay'));
}

/** The exporter last ran 10 minutes ago (VM clock) and has not run since. */
async function exporterStoppedTenMinutesAgo(): Promise<void> {
  const path = join(sshd.chrootDir, 'vijay', 'snapshot.json');
  const snapshot = JSON.parse(await readFile(path, 'utf8')) as { generatedAt: string };
  const then = Date.now() - 10 * 60_000;
  snapshot.generatedAt = new Date(then).toISOString();
  await writeFile(path, JSON.stringify(snapshot));
  await utimes(path, then / 1000 + 1, then / 1000 + 1);
}

function connect(user: string, snapshotRoot: string, intervalMs = 60_000) {
  const manager = new ConnectionManager({
    hosts: [
      {
        name: 'vm',
        host: '127.0.0.1',
        port: sshd.port,
        user,
        identityFile: sshd.clientKeyPath,
        useAgent: false,
        knownHostsFile: knownHosts,
      },
    ],
    secretStore: { get: async () => null, set: async () => undefined },
    pinnedKeys: new PinnedKeyStore(join(tmp, `pins-${user}-${open.length}.json`)),
    decideUnknownHostKey: async () => false,
    home: tmp,
    env: {},
    timing: {
      readyTimeoutMs: 5000,
      keepaliveIntervalMs: 1000,
      keepaliveCountMax: 2,
      backoff: { baseMs: 100, maxMs: 400, minMs: 50, factor: 2 },
    },
  });
  const poller = new FleetPoller({
    hosts: [
      {
        source: createSshSource(manager, 'vm'),
        snapshotRoot,
        instances: [{ id: 'vijay', label: 'Vijay (root)' }],
      },
    ],
    intervalMs,
    staleAfterIntervals: 3,
  });
  open.push({ poller, manager });
  return { manager, poller };
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'hmc-poll-ssh-'));
  await mkdir(join(tmp, 'fixture'));
  fixture = await buildHermesHome(join(tmp, 'fixture'));
  sshd = await startSshd();
  knownHosts = join(tmp, 'known_hosts');
  await writeFile(knownHosts, sshd.knownHostsLine + '\n');
  await exporterRuns();
});

afterAll(async () => {
  for (const { poller, manager } of open) {
    await poller.stop();
    await manager.close();
  }
  await sshd?.stop();
  await fixture?.close();
  await rm(tmp, { recursive: true, force: true });
});

describe.each([
  { user: 'root', root: () => sshd.chrootDir, vmClock: 'server' },
  { user: 'hmc-reader', root: () => '/', vmClock: 'none' },
])('as $user', ({ user, root, vmClock }) => {
  it('shows the real exporter snapshot live, and an unchanged poll reads nothing', async () => {
    await exporterRuns();
    const { poller } = connect(user, root());
    const first = await poller.refreshNow();
    const vijay = first.instances[0]!;
    expect(vijay.state).toBe('live');
    expect(vijay.reason).toBeNull();
    expect(vijay.snapshot?.instance.id).toBe('vijay');
    expect(vijay.snapshot?.instance.hermesHome).toBe(fixture.hermesHome);
    expect(first.hosts[0]?.lastBytesRead).toBeGreaterThan(1000);
    // root can see /proc/self (the VM's clock); the chrooted account cannot, and says so.
    expect(first.hosts[0]?.vmClock).toBe(vmClock);

    const second = await poller.refreshNow();
    expect(second.instances[0]?.state).toBe('live');
    expect(second.hosts[0]?.lastBytesRead).toBe(0);
    expect(second.instances[0]?.fetchedAt).toBe(vijay.fetchedAt);
  });

  it('turns stale when the exporter stopped writing, and live again when it runs', async () => {
    await exporterStoppedTenMinutesAgo();
    const { poller } = connect(user, root());
    const stale = (await poller.refreshNow()).instances[0]!;
    expect(stale.state).toBe('stale');
    expect(stale.reason?.code).toBe('SNAPSHOT_STALE');
    // VM clock evidence has one-second resolution and errs younger, never older.
    expect(stale.dataAgeSeconds).toBeGreaterThan(598);
    expect(stale.snapshot).not.toBeNull();

    await exporterRuns();
    expect((await poller.refreshNow()).instances[0]?.state).toBe('live');
  });
});

describe('faults', () => {
  it('sshd killed under a running poller: unreachable (data kept), then recovers on its own', async () => {
    await exporterRuns();
    const { poller } = connect('root', sshd.chrootDir, 200);
    const states: string[] = [];
    poller.onChange((s) => states.push(s.instances[0]!.state));
    poller.start();
    await expect.poll(() => states.at(-1), { timeout: 15_000 }).toBe('live');

    await sshd.kill();
    await expect.poll(() => poller.state().instances[0]?.state, { timeout: 15_000 }).toBe('unreachable');
    const down = poller.state().instances[0]!;
    expect(['UNREACHABLE', 'REFUSED', 'TIMEOUT']).toContain(down.reason?.code);
    expect(down.snapshot?.instance.id).toBe('vijay');

    await sshd.restart();
    await expect.poll(() => poller.state().instances[0]?.state, { timeout: 20_000 }).toBe('live');
    await poller.stop();
  });

  it('a changed host key: unreachable with HOST_KEY_MISMATCH, and no snapshot read', async () => {
    await exporterRuns();
    const { poller } = connect('root', sshd.chrootDir);
    const before = (await poller.refreshNow()).instances[0]!;
    expect(before.state).toBe('live');

    await sshd.rotateHostKey();
    await exporterRuns(); // new data is there, but must not be read through an untrusted server
    await expect
      .poll(async () => (await poller.refreshNow()).instances[0]?.reason?.code, { timeout: 15_000 })
      .toBe('HOST_KEY_MISMATCH');
    const after = poller.state();
    expect(after.instances[0]?.state).toBe('unreachable');
    expect(after.instances[0]?.fetchedAt).toBe(before.fetchedAt);
    expect(after.hosts[0]?.lastBytesRead).toBe(0);
  });
});
