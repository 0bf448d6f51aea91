// The SSH layer against a real OpenSSH sshd: both account modes, host key trust, auth, and recovery from
// a killed sshd and a silently stalled link.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SFTPWrapper } from 'ssh2';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  ConnectionManager,
  type ConnectionManagerOptions,
  type ConnectionTarget,
  type HostConnectionStatus,
} from '../../main/core/ssh/connection-manager.js';
import { SshFailure } from '../../main/core/ssh/errors.js';
import type { HostKeyDecisionRequest } from '../../main/core/ssh/host-key-verifier.js';
import { PinnedKeyStore } from '../../main/core/ssh/pinned-keys.js';
import { passphraseSecretKey, type SecretStore } from '../../main/core/ssh/auth.js';
import { startSshd, type SshdHandle } from '../helpers/sshd.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';

const SNAPSHOT = '{"schemaVersion":1,"hello":"vijay"}';

class MemorySecrets implements SecretStore {
  readonly values = new Map<string, string>();
  async get(key: string) {
    return this.values.get(key) ?? null;
  }
  async set(key: string, value: string) {
    this.values.set(key, value);
  }
}

function readFileSftp(sftp: SFTPWrapper, path: string): Promise<string> {
  return new Promise((resolve, reject) =>
    sftp.readFile(path, (err, buf) => (err ? reject(err) : resolve(buf.toString()))),
  );
}

function waitForStatus(
  manager: ConnectionManager,
  hostName: string,
  predicate: (s: HostConnectionStatus) => boolean,
  timeoutMs = 15_000,
): Promise<HostConnectionStatus> {
  return new Promise((resolve, reject) => {
    const now = manager.status(hostName);
    if (predicate(now)) return resolve(now);
    const timer = setTimeout(() => {
      off();
      reject(new Error(`status never matched; last: ${JSON.stringify(manager.status(hostName))}`));
    }, timeoutMs);
    const off = manager.onStatus((s) => {
      if (s.hostName === hostName && predicate(s)) {
        clearTimeout(timer);
        off();
        resolve(s);
      }
    });
  });
}

function execOn(manager: ConnectionManager, command: string): Promise<string> {
  const client = manager.getClient('vm');
  if (!client) throw new Error('not connected');
  return new Promise<string>((resolve) => {
    client.exec(command, (err, stream) => {
      if (err) return resolve(`refused: ${err.message}`);
      let out = '';
      stream.on('data', (d: Buffer) => (out += d.toString()));
      stream.stderr.on('data', (d: Buffer) => (out += d.toString()));
      // internal-sftp answers an exec with an SFTP server that waits for packets: end our side.
      stream.end();
      stream.on('close', () => resolve(out));
    });
  });
}

async function waitForFile(path: string): Promise<void> {
  for (let i = 0; i < 100 && !existsSync(path); i++) await new Promise((r) => setTimeout(r, 20));
}

async function failureOf(p: Promise<unknown>): Promise<SshFailure> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(SshFailure);
    return err as SshFailure;
  }
  throw new Error('expected a failure');
}

interface Ctx {
  home: string;
  pinned: PinnedKeyStore;
  secrets: MemorySecrets;
  decide: ReturnType<typeof vi.fn<(r: HostKeyDecisionRequest) => Promise<boolean>>>;
}

const managers: ConnectionManager[] = [];
const homes: string[] = [];

function makeCtx(knownHostsLines: string[] = []): Ctx {
  const home = mkdtempSync(join(tmpdir(), 'hmc-home-'));
  homes.push(home);
  mkdirSync(join(home, '.ssh'), { mode: 0o700 });
  writeFileSync(join(home, '.ssh', 'known_hosts'), knownHostsLines.map((l) => l + '\n').join(''));
  return {
    home,
    pinned: new PinnedKeyStore(join(home, 'data', 'pinned-host-keys.json')),
    secrets: new MemorySecrets(),
    decide: vi.fn<(r: HostKeyDecisionRequest) => Promise<boolean>>(async () => false),
  };
}

function makeManager(ctx: Ctx, target: ConnectionTarget, extra: Partial<ConnectionManagerOptions> = {}) {
  const manager = new ConnectionManager({
    hosts: [target],
    secretStore: ctx.secrets,
    pinnedKeys: ctx.pinned,
    decideUnknownHostKey: ctx.decide,
    sshConfig: () => ({ text: null, home: ctx.home }),
    env: {},
    home: ctx.home,
    timing: { readyTimeoutMs: 5_000, backoff: { baseMs: 200, maxMs: 600, minMs: 100, factor: 2 } },
    ...extra,
  });
  managers.push(manager);
  return manager;
}

afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.close()));
});
afterAll(() => {
  for (const h of homes) rmSync(h, { recursive: true, force: true });
});

describe('SSH connection to a real sshd', () => {
  let sshd: SshdHandle;
  beforeAll(async () => {
    sshd = await startSshd({ files: { 'vijay/snapshot.json': SNAPSHOT } });
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  const rootTarget = (): ConnectionTarget => ({
    name: 'vm',
    host: sshd.host,
    port: sshd.port,
    user: 'root',
    identityFile: sshd.clientKeyPath,
  });
  const readerTarget = (): ConnectionTarget => ({ ...rootTarget(), user: sshd.readerUser });

  it('reads a snapshot over SFTP as root, trusting a hashed known_hosts entry made by ssh-keygen -H', async () => {
    const ctx = makeCtx([sshd.knownHostsLine]);
    const file = join(ctx.home, '.ssh', 'known_hosts');
    execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' });
    expect(readFileSync(file, 'utf8')).toMatch(/^\|1\|/);

    const manager = makeManager(ctx, rootTarget());
    const sftp = await manager.getSftp('vm');
    expect(await readFileSftp(sftp, `${sshd.chrootDir}/vijay/snapshot.json`)).toBe(SNAPSHOT);
    expect(ctx.decide).not.toHaveBeenCalled();
    const status = manager.status('vm');
    expect(status.state).toBe('ready');
    expect(status.hostKey?.fingerprint).toBe(sshd.hostKeyFingerprint);
    // One SFTP channel per connection, shared by every caller.
    expect(await manager.getSftp('vm')).toBe(sftp);
    // Root really has a shell here — so the restricted account's refusal below is meaningful.
    expect(await execOn(manager, 'id -u')).toBe('0\n');
  });

  it('reads through the restricted account, which sees only its chroot and cannot run commands', async () => {
    const ctx = makeCtx([sshd.knownHostsLine]);
    const manager = makeManager(ctx, readerTarget());
    const sftp = await manager.getSftp('vm');
    expect(await readFileSftp(sftp, '/vijay/snapshot.json')).toBe(SNAPSHOT);
    const listing = await new Promise<string[]>((resolve, reject) =>
      sftp.readdir('/', (err, list) => (err ? reject(err) : resolve(list.map((e) => e.filename)))),
    );
    expect(listing).toEqual(['vijay']);
    await expect(readFileSftp(sftp, '/etc/passwd')).rejects.toThrow();
    // Read-only: writing into the chroot is refused.
    await expect(
      new Promise<void>((resolve, reject) =>
        sftp.writeFile('/vijay/evil', 'x', (err) => (err ? reject(err) : resolve())),
      ),
    ).rejects.toThrow();

    const execOutput = await execOn(manager, 'id -u');
    // ForceCommand internal-sftp: an exec request gets an SFTP server, never a shell running `id`.
    expect(execOutput).not.toMatch(/^\d+\n?$/);
  });

  it('asks about an unknown host key with its SHA256 fingerprint, and refusing reads nothing', async () => {
    const ctx = makeCtx();
    // A key no earlier test used, so any login with it in sshd's log would be this test's.
    await ctx.secrets.set(passphraseSecretKey(sshd.encryptedClientKeyPath), sshd.passphrase);
    const manager = makeManager(ctx, { ...rootTarget(), identityFile: sshd.encryptedClientKeyPath });
    const failure = await failureOf(manager.getSftp('vm'));
    expect(failure.code).toBe('HOST_KEY_UNKNOWN');
    expect(ctx.decide).toHaveBeenCalledTimes(1);
    const request = ctx.decide.mock.calls[0]![0];
    expect(request).toMatchObject({
      hostName: 'vm',
      host: '127.0.0.1',
      port: sshd.port,
      keyType: 'ssh-ed25519',
      fingerprint: sshd.hostKeyFingerprint,
      verifyCommand: 'ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub',
    });
    expect(request.keyscanCommand).toBe(
      `ssh-keyscan -p ${sshd.port} -t ed25519 127.0.0.1 | ssh-keygen -lf -`,
    );
    const status = manager.status('vm');
    expect(status.state).toBe('failed');
    expect(status.reason?.detail?.fingerprint).toBe(sshd.hostKeyFingerprint);
    expect(sshd.logs()).not.toContain(sshd.encryptedClientKeyFingerprint);
    expect(await ctx.pinned.lookup('127.0.0.1', sshd.port)).toEqual([]);
  });

  it('accepting an unknown key pins it, and later connections do not ask again', async () => {
    const ctx = makeCtx();
    ctx.decide.mockImplementation(async () => true);
    const first = makeManager(ctx, rootTarget());
    await first.getSftp('vm');
    expect(ctx.decide).toHaveBeenCalledTimes(1);
    const pins = await ctx.pinned.lookup('127.0.0.1', sshd.port);
    expect(pins.map((p) => p.fingerprint)).toEqual([sshd.hostKeyFingerprint]);
    await first.close();

    ctx.decide.mockClear();
    const second = makeManager(ctx, rootTarget());
    const sftp = await second.getSftp('vm');
    expect(await readFileSftp(sftp, `${sshd.chrootDir}/vijay/snapshot.json`)).toBe(SNAPSHOT);
    expect(ctx.decide).not.toHaveBeenCalled();
  });

  it('a refused first-use key can be accepted afterwards by its fingerprint (the dialog / --accept-host-key path)', async () => {
    const ctx = makeCtx();
    const manager = makeManager(ctx, rootTarget());
    await failureOf(manager.getSftp('vm'));
    expect(await manager.acceptHostKey('vm', 'SHA256:not-the-key')).toBe(false);
    expect(await manager.acceptHostKey('vm', sshd.hostKeyFingerprint)).toBe(true);
    const status = await waitForStatus(manager, 'vm', (s) => s.state === 'ready');
    expect(status.hostKey?.fingerprint).toBe(sshd.hostKeyFingerprint);
  });

  it('uses the SSH agent first, before identity files', async () => {
    const ctx = makeCtx([sshd.knownHostsLine]);
    const sock = join(ctx.home, 'agent.sock');
    const agent = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
    try {
      await waitForFile(sock);
      execFileSync('ssh-add', ['-q', sshd.clientKeyPath], { env: { ...process.env, SSH_AUTH_SOCK: sock } });
      // The identity file alone would be rejected: success proves the agent's key was used.
      const manager = makeManager(
        ctx,
        { ...readerTarget(), identityFile: sshd.unauthorizedClientKeyPath },
        { env: { SSH_AUTH_SOCK: sock } },
      );
      expect(await readFileSftp(await manager.getSftp('vm'), '/vijay/snapshot.json')).toBe(SNAPSHOT);
      // useAgent: false turns it off.
      const noAgent = makeManager(
        ctx,
        { ...readerTarget(), identityFile: sshd.unauthorizedClientKeyPath, useAgent: false },
        { env: { SSH_AUTH_SOCK: sock } },
      );
      expect((await failureOf(noAgent.getSftp('vm'))).code).toBe('AUTH_FAILED');
    } finally {
      agent.kill();
    }
  });

  it('a key that is not authorized fails with AUTH_FAILED', async () => {
    const ctx = makeCtx([sshd.knownHostsLine]);
    const manager = makeManager(ctx, { ...rootTarget(), identityFile: sshd.unauthorizedClientKeyPath });
    const failure = await failureOf(manager.getSftp('vm'));
    expect(failure.code).toBe('AUTH_FAILED');
    expect(failure.message).toContain('authorized_keys');
    expect(manager.status('vm').state).toBe('failed');
  });

  it('an encrypted key works with its passphrase from the secret store, and asks for it without', async () => {
    const ctx = makeCtx([sshd.knownHostsLine]);
    const target = { ...readerTarget(), identityFile: sshd.encryptedClientKeyPath };
    const without = makeManager(ctx, target);
    const failure = await failureOf(without.getSftp('vm'));
    expect(failure.code).toBe('PASSPHRASE_REQUIRED');
    expect(failure.message).toContain(sshd.encryptedClientKeyPath);
    expect(failure.message).not.toContain(sshd.passphrase);

    await ctx.secrets.set(passphraseSecretKey(sshd.encryptedClientKeyPath), sshd.passphrase);
    const withPass = makeManager(ctx, target);
    const sftp = await withPass.getSftp('vm');
    expect(await readFileSftp(sftp, '/vijay/snapshot.json')).toBe(SNAPSHOT);
    // sshd logs each login with the key's fingerprint — which is what the "nothing read" checks rely on.
    await vi.waitFor(() => expect(sshd.logs()).toContain(sshd.encryptedClientKeyFingerprint));
  });
});

describe('SSH faults against a real sshd', () => {
  let sshd: SshdHandle;
  let proxy: TcpProxy | null = null;
  beforeAll(async () => {
    sshd = await startSshd({ files: { 'vijay/snapshot.json': SNAPSHOT } });
  });
  afterAll(async () => {
    await proxy?.close();
    await sshd?.stop();
  });

  it('recovers on its own when sshd is killed and comes back on the same port', async () => {
    const ctx = makeCtx([sshd.knownHostsLine]);
    const manager = makeManager(ctx, {
      name: 'vm',
      host: sshd.host,
      port: sshd.port,
      user: sshd.readerUser,
      identityFile: sshd.clientKeyPath,
    });
    await manager.getSftp('vm');

    await sshd.kill();
    const down = await waitForStatus(manager, 'vm', (s) => s.state === 'backoff');
    expect(down.nextRetryAt).not.toBeNull();
    expect(['UNREACHABLE', 'REFUSED', 'TIMEOUT']).toContain(down.reason?.code);
    // While down, readers get the reason at once (with the retry time), not a hang.
    const failure = await failureOf(manager.getSftp('vm'));
    expect(failure.reason.detail?.nextRetryAt).toBeTruthy();

    await sshd.restart();
    await waitForStatus(manager, 'vm', (s) => s.state === 'ready');
    const sftp = await manager.getSftp('vm');
    expect(await readFileSftp(sftp, '/vijay/snapshot.json')).toBe(SNAPSHOT);
  });

  it('detects a silently stalled link by keepalive and leaves ready, then reconnects when it clears', async () => {
    proxy = await startTcpProxy({ targetPort: sshd.port });
    const ctx = makeCtx([`[127.0.0.1]:${proxy.port} ${sshd.hostKeyType} ${sshd.hostKeyBase64}`]);
    const manager = makeManager(
      ctx,
      { name: 'vm', host: '127.0.0.1', port: proxy.port, user: 'root', identityFile: sshd.clientKeyPath },
      {
        timing: {
          readyTimeoutMs: 1_500,
          keepaliveIntervalMs: 200,
          keepaliveCountMax: 2,
          backoff: { baseMs: 200, maxMs: 400, minMs: 100, factor: 2 },
        },
      },
    );
    await manager.getSftp('vm');
    expect(manager.status('vm').state).toBe('ready');

    proxy.blackhole(true);
    const stalled = await waitForStatus(
      manager,
      'vm',
      (s) => s.state !== 'ready' && s.state !== 'connecting',
    );
    expect(stalled.reason?.code).toBe('TIMEOUT');

    proxy.blackhole(false);
    await waitForStatus(manager, 'vm', (s) => s.state === 'ready');
    const sftp = await manager.getSftp('vm');
    expect(await readFileSftp(sftp, `${sshd.chrootDir}/vijay/snapshot.json`)).toBe(SNAPSHOT);
  });

  it('on resume (retryNow) probes a connection that claims to be ready and replaces it if the link is dead', async () => {
    proxy ??= await startTcpProxy({ targetPort: sshd.port });
    proxy.blackhole(false);
    const ctx = makeCtx([`[127.0.0.1]:${proxy.port} ${sshd.hostKeyType} ${sshd.hostKeyBase64}`]);
    const manager = makeManager(
      ctx,
      { name: 'vm', host: '127.0.0.1', port: proxy.port, user: 'root', identityFile: sshd.clientKeyPath },
      {
        timing: {
          readyTimeoutMs: 1_500,
          keepaliveIntervalMs: 60_000, // keepalive alone would take minutes to notice
          keepaliveCountMax: 3,
          probeTimeoutMs: 300,
          backoff: { baseMs: 200, maxMs: 400, minMs: 100, factor: 2 },
        },
      },
    );
    await manager.getSftp('vm');
    proxy.blackhole(true);
    manager.retryNow();
    await waitForStatus(manager, 'vm', (s) => s.state !== 'ready');
    proxy.blackhole(false);
    await waitForStatus(manager, 'vm', (s) => s.state === 'ready');
  });

  it('refuses a changed host key with HOST_KEY_MISMATCH and both fingerprints, reading nothing', async () => {
    const oldFingerprint = sshd.hostKeyFingerprint;
    const ctx = makeCtx([sshd.knownHostsLine]);
    const newFingerprint = await sshd.rotateHostKey();
    expect(newFingerprint).not.toBe(oldFingerprint);
    // A key no earlier test in this group used, so any login with it in sshd's log would be this test's.
    await ctx.secrets.set(passphraseSecretKey(sshd.encryptedClientKeyPath), sshd.passphrase);
    const manager = makeManager(ctx, {
      name: 'vm',
      host: sshd.host,
      port: sshd.port,
      user: 'root',
      identityFile: sshd.encryptedClientKeyPath,
    });
    const failure = await failureOf(manager.getSftp('vm'));
    expect(failure.code).toBe('HOST_KEY_MISMATCH');
    expect(failure.reason.detail).toMatchObject({ fingerprint: newFingerprint, expected: oldFingerprint });
    expect(failure.message).toContain('ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub');
    expect(ctx.decide).not.toHaveBeenCalled();
    expect(manager.status('vm').state).toBe('failed');
    expect(sshd.logs()).not.toContain(sshd.encryptedClientKeyFingerprint);
  });
});
