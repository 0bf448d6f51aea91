/**
 * A real OpenSSH sshd for integration tests: 127.0.0.1, a random free port, its own sshd_config, throwaway
 * host and client keys, and the restricted `hmc-reader` account (SFTP only, read-only, chrooted) the app is
 * meant to be used with. Must run as root (sshd needs it for ChrootDirectory and privilege separation).
 *
 * Usage:
 *   const sshd = await startSshd({ files: { 'vijay/snapshot.json': '{…}' } });
 *   // root reads   `${sshd.chrootDir}/vijay/snapshot.json`; hmc-reader reads `/vijay/snapshot.json`
 *   await sshd.stop();
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);

export const SSHD_BIN = '/usr/sbin/sshd';
export const READER_USER = 'hmc-reader';
/** Parent of every chroot; every component must be root-owned and not group/world-writable (so not /tmp). */
export const CHROOT_PARENT = '/srv/hmc-test';

export interface StartSshdOptions {
  /**
   * An existing directory to use as the reader's ChrootDirectory (caller guarantees root-owned, 0755 path).
   * Default: a fresh `/srv/hmc-test/<random>/` (0755), removed by `stop()`.
   */
  chrootRoot?: string;
  /** Files to create inside the chroot, relative path → content (written as root, mode 0644). */
  files?: Record<string, string | Buffer>;
  /** `host:port` destinations hmc-reader may forward to. Default `['127.0.0.1:9119', '127.0.0.1:9120']`. */
  permitOpen?: string[];
  /** sshd LogLevel. Default VERBOSE. */
  logLevel?: 'QUIET' | 'FATAL' | 'ERROR' | 'INFO' | 'VERBOSE' | 'DEBUG' | 'DEBUG1' | 'DEBUG2' | 'DEBUG3';
  /** Extra lines appended to the global section (before the Match block). */
  extraConfig?: string[];
  /**
   * The type of the host keys sshd serves (it serves only that one). Default `ed25519`; `ecdsa` for a
   * known host that now offers another type (issue 12: must count as a changed key).
   */
  hostKeyType?: HostKeyType;
}

export type HostKeyType = 'ed25519' | 'ecdsa';

export interface SshdHandle {
  host: '127.0.0.1';
  port: number;
  /** The ReaderUser name (`hmc-reader`). */
  readerUser: string;
  /** The reader's chroot (root sees it at this absolute path; the reader sees it as `/`). */
  chrootDir: string;
  /** Scratch dir with keys and sshd_config (removed by `stop()`). */
  dir: string;
  /** `SHA256:…` of the host key currently served. */
  readonly hostKeyFingerprint: string;
  /** `ssh-ed25519`, or `ecdsa-sha2-nistp256` with `hostKeyType: 'ecdsa'`. */
  readonly hostKeyType: string;
  /** Base64 blob of the current host public key. */
  readonly hostKeyBase64: string;
  /** `[127.0.0.1]:port ssh-ed25519 AAAA…` for the current host key. */
  readonly knownHostsLine: string;
  /** Unencrypted ed25519 client key, authorized for root and hmc-reader. */
  clientKeyPath: string;
  /** Passphrase-protected ed25519 client key, authorized for root and hmc-reader. */
  encryptedClientKeyPath: string;
  passphrase: string;
  /** `SHA256:…` of the client keys, as sshd logs them on "Accepted publickey" lines. */
  clientKeyFingerprint: string;
  encryptedClientKeyFingerprint: string;
  /** A client key that is NOT authorized anywhere (for AUTH_FAILED tests). */
  unauthorizedClientKeyPath: string;
  /** Switch to the second host key (a "reinstalled VM") and restart on the same port. Returns the new fingerprint. */
  rotateHostKey(): Promise<string>;
  /** SIGTERM sshd and every session it forked, then remove the scratch dir and the generated chroot. */
  stop(): Promise<void>;
  /** SIGKILL sshd and every session it forked (connections drop at once); the port is then free. */
  kill(): Promise<void>;
  /** Start again on the same port (after `kill()`), with the current host key. */
  restart(): Promise<void>;
  /** Everything sshd wrote to stderr so far. */
  logs(): string;
}

/** A free TCP port on 127.0.0.1 (best effort: another process may grab it before sshd binds; we retry). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** A throwaway key pair (`path`, `path.pub`) of `type` (ecdsa: P-256). */
export async function keygen(
  path: string,
  passphrase = '',
  comment = 'hmc-test',
  type: HostKeyType = 'ed25519',
): Promise<void> {
  const size = type === 'ecdsa' ? ['-b', '256'] : [];
  await execFileP('ssh-keygen', ['-q', '-t', type, ...size, '-N', passphrase, '-C', comment, '-f', path]);
}

function publicKeyParts(pubLine: string): { type: string; base64: string; fingerprint: string } {
  const [type, base64] = pubLine.trim().split(/\s+/);
  if (!type || !base64) throw new Error(`not a public key line: ${pubLine}`);
  const fp = createHash('sha256').update(Buffer.from(base64, 'base64')).digest('base64').replace(/=+$/, '');
  return { type, base64, fingerprint: `SHA256:${fp}` };
}

/** Create the restricted account once per machine (idempotent and safe when several workers race). */
export async function ensureReaderUser(): Promise<void> {
  const hasUser = () =>
    readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .some((l) => l.startsWith(`${READER_USER}:`));
  if (!hasUser()) {
    try {
      await execFileP('useradd', ['-M', '-d', '/nonexistent', '-s', '/usr/sbin/nologin', READER_USER]);
    } catch (err) {
      if (!hasUser()) throw err;
    }
  }
  // '*' = no password login possible but not "locked" ('!'), which sshd would refuse even for keys.
  const shadow = readFileSync('/etc/shadow', 'utf8');
  if (shadow.split('\n').some((l) => l.startsWith(`${READER_USER}:!`))) {
    await execFileP('usermod', ['-p', '*', READER_USER]).catch(() => undefined);
  }
}

/** OpenSSH >= 9.8 penalises sources that fail auth (our AUTH_FAILED tests would lock out 127.0.0.1). */
async function hasPerSourcePenalties(): Promise<boolean> {
  const res = await execFileP(SSHD_BIN, ['-V']).catch((e: { stderr?: string }) => ({
    stderr: e.stderr ?? '',
  }));
  const m = /OpenSSH_(\d+)\.(\d+)/.exec(res.stderr ?? '');
  if (!m) return false;
  const [major, minor] = [Number(m[1]), Number(m[2])];
  return major > 9 || (major === 9 && minor >= 8);
}

/** Every descendant pid of `pid` (sshd session children call setsid(), so a process-group kill misses them). */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // process exited while scanning
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

function signalTree(child: ChildProcess | null, signal: NodeJS.Signals): void {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  const pids = [child.pid, ...descendants(child.pid)];
  for (const p of pids) {
    try {
      process.kill(p, signal);
    } catch {
      // already gone
    }
  }
}

async function waitExit(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => child.once('exit', () => resolve()));
}

/** Start a real sshd. See the module comment. */
export async function startSshd(options: StartSshdOptions = {}): Promise<SshdHandle> {
  if (process.getuid?.() !== 0)
    throw new Error('startSshd needs root (ChrootDirectory, privilege separation)');
  await mkdir('/run/sshd', { recursive: true, mode: 0o755 });
  await ensureReaderUser();

  const dir = await mkdtemp(join(tmpdir(), 'hmc-sshd-'));
  // sshd opens authorized_keys as the target user, so hmc-reader must be able to traverse the scratch dir.
  await chmod(dir, 0o755);
  const ownChroot = !options.chrootRoot;
  let chrootDir = options.chrootRoot ?? '';
  if (ownChroot) {
    await mkdir(CHROOT_PARENT, { recursive: true, mode: 0o755 });
    await chmod(CHROOT_PARENT, 0o755);
    chrootDir = join(CHROOT_PARENT, randomBytes(6).toString('hex'));
    await mkdir(chrootDir, { mode: 0o755 });
    await chmod(chrootDir, 0o755);
  }
  for (const [rel, content] of Object.entries(options.files ?? {})) {
    const target = join(chrootDir, rel);
    await mkdir(dirname(target), { recursive: true, mode: 0o755 });
    await writeFile(target, content, { mode: 0o644 });
  }

  const passphrase = `pw-${randomBytes(8).toString('hex')}`;
  const hostKeyType = options.hostKeyType ?? 'ed25519';
  const hostKeyA = join(dir, `host_${hostKeyType}_a`);
  const hostKeyB = join(dir, `host_${hostKeyType}_b`);
  const clientKeyPath = join(dir, 'client_ed25519');
  const encryptedClientKeyPath = join(dir, 'client_ed25519_encrypted');
  const unauthorizedClientKeyPath = join(dir, 'client_ed25519_unauthorized');
  await Promise.all([
    keygen(hostKeyA, '', 'hmc-test', hostKeyType),
    keygen(hostKeyB, '', 'hmc-test', hostKeyType),
    keygen(clientKeyPath),
    keygen(encryptedClientKeyPath, passphrase),
    keygen(unauthorizedClientKeyPath),
  ]);
  const authDir = join(dir, 'authorized_keys');
  await mkdir(authDir, { mode: 0o755 });
  const authorized =
    (await readFile(`${clientKeyPath}.pub`, 'utf8')) +
    (await readFile(`${encryptedClientKeyPath}.pub`, 'utf8'));
  await writeFile(join(authDir, 'root'), authorized, { mode: 0o644 });
  await writeFile(join(authDir, READER_USER), authorized, { mode: 0o644 });

  const penalties = (await hasPerSourcePenalties()) ? ['PerSourcePenalties no'] : [];
  const permitOpen = options.permitOpen ?? ['127.0.0.1:9119', '127.0.0.1:9120'];
  let currentHostKey = hostKeyA;
  let port = 0;
  const cfgPath = join(dir, 'sshd_config');

  const writeConfig = async () => {
    const lines = [
      `ListenAddress 127.0.0.1:${port}`,
      `HostKey ${currentHostKey}`,
      `PidFile none`,
      `LogLevel ${options.logLevel ?? 'VERBOSE'}`,
      // The scratch dir lives under /tmp (1777), which StrictModes would reject; the keys are throwaway.
      `StrictModes no`,
      `UsePAM no`,
      `AuthorizedKeysFile ${authDir}/%u`,
      `AuthenticationMethods publickey`,
      `PubkeyAuthentication yes`,
      `PasswordAuthentication no`,
      `KbdInteractiveAuthentication no`,
      `PermitRootLogin prohibit-password`,
      `AllowUsers root ${READER_USER}`,
      `Subsystem sftp internal-sftp`,
      `MaxStartups 50:30:100`,
      `MaxSessions 20`,
      ...penalties,
      ...(options.extraConfig ?? []),
      `Match User ${READER_USER}`,
      `  ForceCommand internal-sftp -R`,
      `  ChrootDirectory ${chrootDir}`,
      `  PermitTTY no`,
      `  AllowTcpForwarding local`,
      `  PermitOpen ${permitOpen.length ? permitOpen.join(' ') : 'none'}`,
      `  X11Forwarding no`,
      `  AllowAgentForwarding no`,
      '',
    ];
    await writeFile(cfgPath, lines.join('\n'), { mode: 0o600 });
  };

  let child: ChildProcess | null = null;
  let log = '';

  const launch = async (): Promise<boolean> => {
    await writeConfig();
    const proc = spawn(SSHD_BIN, ['-D', '-e', '-f', cfgPath], { stdio: ['ignore', 'ignore', 'pipe'] });
    child = proc;
    return new Promise<boolean>((resolve, reject) => {
      let seen = '';
      const timer = setTimeout(() => reject(new Error(`sshd did not start in time:\n${seen}`)), 10_000);
      proc.stderr?.setEncoding('utf8');
      proc.stderr?.on('data', (chunk: string) => {
        log += chunk;
        seen += chunk;
        if (seen.includes('Server listening on')) {
          clearTimeout(timer);
          resolve(true);
        }
      });
      proc.once('exit', () => {
        clearTimeout(timer);
        if (seen.includes('Address already in use')) resolve(false);
        else if (!seen.includes('Server listening on')) reject(new Error(`sshd exited at start:\n${seen}`));
      });
    });
  };

  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    if (await launch()) break;
    if (attempt >= 4) throw new Error(`sshd could not bind a port:\n${log}`);
  }

  const pub = () => publicKeyParts(readFileSync(`${currentHostKey}.pub`, 'utf8'));

  const kill = async () => {
    const c = child;
    signalTree(c, 'SIGKILL');
    await waitExit(c);
  };

  const handle: SshdHandle = {
    host: '127.0.0.1',
    get port() {
      return port;
    },
    readerUser: READER_USER,
    chrootDir,
    dir,
    get hostKeyFingerprint() {
      return pub().fingerprint;
    },
    get hostKeyType() {
      return pub().type;
    },
    get hostKeyBase64() {
      return pub().base64;
    },
    get knownHostsLine() {
      const p = pub();
      return `[127.0.0.1]:${port} ${p.type} ${p.base64}`;
    },
    clientKeyPath,
    encryptedClientKeyPath,
    passphrase,
    clientKeyFingerprint: publicKeyParts(readFileSync(`${clientKeyPath}.pub`, 'utf8')).fingerprint,
    encryptedClientKeyFingerprint: publicKeyParts(readFileSync(`${encryptedClientKeyPath}.pub`, 'utf8'))
      .fingerprint,
    unauthorizedClientKeyPath,
    async rotateHostKey() {
      await kill();
      currentHostKey = currentHostKey === hostKeyA ? hostKeyB : hostKeyA;
      await handle.restart();
      return pub().fingerprint;
    },
    async stop() {
      const c = child;
      signalTree(c, 'SIGTERM');
      await waitExit(c);
      await rm(dir, { recursive: true, force: true });
      if (ownChroot && existsSync(chrootDir)) await rm(chrootDir, { recursive: true, force: true });
    },
    kill,
    async restart() {
      const c = child as ChildProcess | null;
      if (c && c.exitCode === null && c.signalCode === null) await kill();
      // The old listener is gone; sshd sets SO_REUSEADDR so the same port binds again at once.
      for (let attempt = 0; attempt < 20; attempt++) {
        if (await launch()) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`sshd could not rebind port ${port}:\n${log}`);
    },
    logs: () => log,
  };
  return handle;
}
