/**
 * One ssh2 connection per configured host, shared by all of that host's instances, with one SFTP channel
 * on it. Verifies host keys before anything else, keeps the link honest with keepalives, and reconnects on
 * its own with exponential backoff + full jitter. Plain Node: no Electron.
 *
 * States per host: `idle` (never tried) → `connecting` → `ready`; a failure goes to `backoff` (retry
 * scheduled, `nextRetryAt`) when time can fix it, or to `failed` (host key, auth, passphrase) when only a
 * person can — `retryNow()` / `acceptHostKey()` / `updateHosts()` restart those.
 */
import { homedir } from 'node:os';
import type { Client, SFTPWrapper } from 'ssh2';
import type { HostSettings } from '../../../preload/ipc-contract.js';
import type { StatusReason } from '../model/instance-status.js';
import { readSshConfig, resolveSshAlias, type SshAliasSource } from '../config/ssh-alias.js';
import { expandHome, type SecretStore } from './auth.js';
import { backoffDelayMs, DEFAULT_BACKOFF, realTimers, type BackoffPolicy, type Timers } from './backoff.js';
import { isRetryable, makeReason, reasonFromSshError, SshFailure } from './errors.js';
import type { DecideUnknownHostKey, PresentedKey } from './host-key-verifier.js';
import { openSshConnection, UnknownHostKeyRefused, type OpenConnection } from './open-connection.js';
import type { PinnedKeyStore } from './pinned-keys.js';

export type ConnectionTarget = Pick<
  HostSettings,
  'name' | 'host' | 'port' | 'user' | 'identityFile' | 'useAgent' | 'knownHostsFile'
>;

export type ConnectionState = 'idle' | 'connecting' | 'ready' | 'backoff' | 'failed';

export interface HostConnectionStatus {
  hostName: string;
  state: ConnectionState;
  /** Why the host is not ready (null while ready or never tried). */
  reason: StatusReason | null;
  /** ISO, laptop clock: when the next automatic attempt is due (state `backoff` only). */
  nextRetryAt: string | null;
  /** Consecutive failed attempts since the last success. */
  failures: number;
  /** Last measured SFTP round trip, ms. */
  rttMs: number | null;
  /** ISO, laptop clock: when the current connection became ready. */
  readySince: string | null;
  /** The verified host key of the current/last connection. */
  hostKey: { keyType: string; fingerprint: string } | null;
  /** What we actually connect to, after ~/.ssh/config. */
  address: { host: string; port: number; user: string } | null;
}

export interface ConnectionTiming {
  readyTimeoutMs: number;
  keepaliveIntervalMs: number;
  /** Unanswered keepalives before the link is declared dead (detects a silently stalled link). */
  keepaliveCountMax: number;
  /** Liveness probe used by `retryNow()` on a connection that claims to be ready. */
  probeTimeoutMs: number;
  backoff: BackoffPolicy;
}

export const DEFAULT_TIMING: ConnectionTiming = {
  readyTimeoutMs: 20_000,
  keepaliveIntervalMs: 15_000,
  keepaliveCountMax: 3,
  probeTimeoutMs: 5_000,
  backoff: DEFAULT_BACKOFF,
};

export interface ConnectionManagerOptions {
  hosts: ConnectionTarget[];
  secretStore: SecretStore;
  pinnedKeys: PinnedKeyStore;
  decideUnknownHostKey: DecideUnknownHostKey;
  /** ~/.ssh/config source, read at each connect (default: the real file). */
  sshConfig?: () => SshAliasSource;
  env?: NodeJS.ProcessEnv;
  home?: string;
  timers?: Timers;
  random?: () => number;
  timing?: Partial<ConnectionTiming>;
  /** Refines network-level reasons (e.g. with Tailscale status); must not throw. */
  refineUnreachable?: (reason: StatusReason, host: string) => Promise<StatusReason>;
}

interface HostRecord {
  target: ConnectionTarget;
  state: ConnectionState;
  reason: StatusReason | null;
  nextRetryAtMs: number | null;
  failures: number;
  rttMs: number | null;
  readySinceMs: number | null;
  hostKey: { keyType: string; fingerprint: string } | null;
  address: { host: string; port: number; user: string } | null;
  client: Client | null;
  /** Bumped on every attempt and teardown, so late events from an old client are ignored. */
  generation: number;
  connecting: Promise<void> | null;
  sftp: Promise<SFTPWrapper> | null;
  retryTimer: unknown;
  /** The last unknown key we refused, so `acceptHostKey(fingerprint)` can pin exactly that key. */
  pendingUnknownKey: (PresentedKey & { host: string; port: number }) | null;
}

const NETWORK_CODES = new Set(['UNREACHABLE', 'TIMEOUT', 'DNS_FAILED']);

/** Owns every SSH connection of the app. See the module comment. */
export class ConnectionManager {
  private readonly records = new Map<string, HostRecord>();
  private readonly listeners = new Set<(status: HostConnectionStatus) => void>();
  private readonly timers: Timers;
  private readonly random: () => number;
  private readonly timing: ConnectionTiming;
  private readonly home: string;
  private closed = false;

  constructor(private readonly options: ConnectionManagerOptions) {
    this.timers = options.timers ?? realTimers;
    this.random = options.random ?? Math.random;
    this.timing = { ...DEFAULT_TIMING, ...options.timing };
    this.home = options.home ?? homedir();
    for (const target of options.hosts) this.records.set(target.name, this.newRecord(target));
  }

  // ------------------------------------------------------------------ public API

  /** The SFTP channel of this host's connection, connecting first if needed. Rejects with SshFailure. */
  async getSftp(hostName: string): Promise<SFTPWrapper> {
    const rec = this.record(hostName);
    await this.ensureReady(rec);
    if (!rec.sftp) rec.sftp = this.openSftp(rec);
    return rec.sftp;
  }

  /** The raw ssh2 client while ready (for port forwards), else null. */
  getClient(hostName: string): Client | null {
    const rec = this.records.get(hostName);
    return rec?.state === 'ready' ? rec.client : null;
  }

  /** Connect (if not already ready or connecting) and wait until ready. Rejects with SshFailure. */
  async connect(hostName: string): Promise<void> {
    await this.ensureReady(this.record(hostName));
  }

  status(hostName: string): HostConnectionStatus {
    return this.snapshot(this.record(hostName));
  }

  statuses(): HostConnectionStatus[] {
    return [...this.records.values()].map((r) => this.snapshot(r));
  }

  /** Subscribe to status changes; returns an unsubscribe function. */
  onStatus(listener: (status: HostConnectionStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Resume-from-sleep / network-change hook: hosts in backoff or failed reconnect now (failure count reset);
   * a connection that claims to be ready is probed and replaced if it no longer answers.
   */
  retryNow(hostName?: string): void {
    const recs = hostName ? [this.record(hostName)] : [...this.records.values()];
    for (const rec of recs) {
      if (rec.state === 'ready') {
        void this.probe(rec);
      } else if (rec.state !== 'connecting') {
        rec.failures = 0;
        this.startAttempt(rec);
      }
    }
  }

  /** Measure one SFTP round trip (a `realpath`), record it in the status and return it. */
  async measureRtt(hostName: string): Promise<number> {
    const rec = this.record(hostName);
    const sftp = await this.getSftp(hostName);
    const started = this.timers.now();
    await new Promise<void>((resolve, reject) =>
      sftp.realpath('.', (err) => (err ? reject(err) : resolve())),
    );
    rec.rttMs = this.timers.now() - started;
    this.emit(rec);
    return rec.rttMs;
  }

  /**
   * The user accepted the unknown key with this fingerprint (desktop dialog, or the CLI's
   * `--accept-host-key`): pin it and reconnect. False when it is not the key we were shown.
   */
  async acceptHostKey(hostName: string, fingerprint: string): Promise<boolean> {
    const rec = this.record(hostName);
    const pending = rec.pendingUnknownKey;
    if (!pending || pending.fingerprint !== fingerprint) return false;
    await this.options.pinnedKeys.pin(pending.host, pending.port, pending.keyType, pending.keyBase64);
    rec.pendingUnknownKey = null;
    this.retryNow(hostName);
    return true;
  }

  /** Forget this host's pinned keys (after a verified, legitimate key change); the next connect asks again. */
  async forgetPinnedHostKey(hostName: string): Promise<void> {
    const rec = this.record(hostName);
    const resolved = this.resolve(rec.target);
    await this.options.pinnedKeys.unpin(resolved.host, resolved.port);
  }

  /** Apply a new host list: removed or changed hosts are disconnected; new ones start idle. */
  updateHosts(hosts: ConnectionTarget[]): void {
    const next = new Map(hosts.map((h) => [h.name, h]));
    for (const [name, rec] of this.records) {
      const target = next.get(name);
      if (!target || JSON.stringify(target) !== JSON.stringify(rec.target)) {
        this.teardown(rec);
        this.records.delete(name);
      }
    }
    for (const [name, target] of next) {
      if (!this.records.has(name)) {
        const rec = this.newRecord(target);
        this.records.set(name, rec);
        this.emit(rec);
      }
    }
  }

  /** Close every connection and stop reconnecting. */
  async close(): Promise<void> {
    this.closed = true;
    for (const rec of this.records.values()) this.teardown(rec);
  }

  // ------------------------------------------------------------------ internals

  private newRecord(target: ConnectionTarget): HostRecord {
    return {
      target,
      state: 'idle',
      reason: null,
      nextRetryAtMs: null,
      failures: 0,
      rttMs: null,
      readySinceMs: null,
      hostKey: null,
      address: null,
      client: null,
      generation: 0,
      connecting: null,
      sftp: null,
      retryTimer: null,
      pendingUnknownKey: null,
    };
  }

  private record(hostName: string): HostRecord {
    const rec = this.records.get(hostName);
    if (!rec) {
      throw new SshFailure(
        makeReason(
          'CONFIG_INVALID',
          `No host named "${hostName}" is configured: add it under hosts[] in the config.`,
        ),
      );
    }
    return rec;
  }

  private snapshot(rec: HostRecord): HostConnectionStatus {
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    return {
      hostName: rec.target.name,
      state: rec.state,
      reason: rec.reason,
      nextRetryAt: rec.state === 'backoff' ? iso(rec.nextRetryAtMs) : null,
      failures: rec.failures,
      rttMs: rec.rttMs,
      readySince: rec.state === 'ready' ? iso(rec.readySinceMs) : null,
      hostKey: rec.hostKey,
      address: rec.address,
    };
  }

  private emit(rec: HostRecord): void {
    if (this.records.get(rec.target.name) !== rec) return;
    const status = this.snapshot(rec);
    for (const l of this.listeners) {
      try {
        l(status);
      } catch {
        // a listener's bug must not break the connection logic
      }
    }
  }

  private async ensureReady(rec: HostRecord): Promise<void> {
    if (this.closed) throw new SshFailure(makeReason('INTERNAL', 'The connection manager is closed.'));
    if (rec.state === 'ready' && rec.client) return;
    if (rec.state === 'connecting' && rec.connecting) return rec.connecting;
    if (rec.state === 'backoff' || rec.state === 'failed') {
      const reason = rec.reason ?? makeReason('UNREACHABLE', `${rec.target.name} is not connected.`);
      throw new SshFailure(
        rec.nextRetryAtMs !== null && rec.state === 'backoff'
          ? {
              ...reason,
              detail: { ...reason.detail, nextRetryAt: new Date(rec.nextRetryAtMs).toISOString() },
            }
          : reason,
      );
    }
    return this.startAttempt(rec);
  }

  private resolve(target: ConnectionTarget): {
    host: string;
    port: number;
    user: string;
    identityFiles: string[];
  } {
    const alias = resolveSshAlias(
      target.host,
      (this.options.sshConfig ?? (() => readSshConfig(undefined, this.home)))(),
    );
    // The app config is authoritative; an alias Port fills in only where the app kept the default 22.
    const port = target.port === 22 && alias.port ? alias.port : target.port;
    return {
      host: alias.hostName,
      port,
      user: target.user,
      identityFiles: target.identityFile ? [target.identityFile] : alias.identityFiles,
    };
  }

  /** Begin a new attempt (tearing down any old client) and return its promise (never unhandled). */
  private startAttempt(rec: HostRecord): Promise<void> {
    this.teardown(rec);
    if (this.closed)
      return Promise.reject(new SshFailure(makeReason('INTERNAL', 'The connection manager is closed.')));
    const generation = rec.generation;
    rec.state = 'connecting';
    rec.nextRetryAtMs = null;
    this.emit(rec);
    const attempt = this.attempt(rec, generation).then(
      () => {
        if (rec.generation !== generation) return;
        rec.connecting = null;
      },
      async (err: unknown) => {
        if (rec.generation !== generation) throw err;
        rec.connecting = null;
        const reason = await this.refine(
          err instanceof SshFailure ? err.reason : reasonFromSshError(err, this.ctx(rec)),
        );
        if (rec.generation === generation) this.fail(rec, reason);
        throw new SshFailure(reason);
      },
    );
    attempt.catch(() => undefined);
    rec.connecting = attempt;
    return attempt;
  }

  private ctx(rec: HostRecord) {
    return {
      host: rec.address?.host ?? rec.target.host,
      port: rec.address?.port ?? rec.target.port,
      user: rec.target.user,
    };
  }

  private async refine(reason: StatusReason): Promise<StatusReason> {
    if (!this.options.refineUnreachable || !NETWORK_CODES.has(reason.code)) return reason;
    const host = typeof reason.detail?.host === 'string' ? reason.detail.host : '';
    try {
      return await this.options.refineUnreachable(reason, host);
    } catch {
      return reason;
    }
  }

  private async attempt(rec: HostRecord, generation: number): Promise<void> {
    const resolved = this.resolve(rec.target);
    rec.address = { host: resolved.host, port: resolved.port, user: resolved.user };
    let connection: OpenConnection;
    try {
      connection = await openSshConnection({
        hostName: rec.target.name,
        host: resolved.host,
        port: resolved.port,
        user: resolved.user,
        identityFiles: resolved.identityFiles,
        useAgent: rec.target.useAgent,
        knownHostsFiles: rec.target.knownHostsFile
          ? [expandHome(rec.target.knownHostsFile, this.home)]
          : [expandHome('~/.ssh/known_hosts', this.home), expandHome('~/.ssh/known_hosts2', this.home)],
        aliases: [rec.target.host],
        env: this.options.env,
        home: this.home,
        secretStore: this.options.secretStore,
        pinnedKeys: this.options.pinnedKeys,
        decideUnknownHostKey: this.options.decideUnknownHostKey,
        readyTimeoutMs: this.timing.readyTimeoutMs,
        keepaliveIntervalMs: this.timing.keepaliveIntervalMs,
        keepaliveCountMax: this.timing.keepaliveCountMax,
        onClient: (client) => {
          if (rec.generation === generation) rec.client = client;
          else client.end();
        },
      });
    } catch (err) {
      if (err instanceof UnknownHostKeyRefused && rec.generation === generation) {
        rec.pendingUnknownKey = err.presented;
      }
      throw err;
    }
    if (rec.generation !== generation) {
      connection.client.end();
      throw new SshFailure(makeReason('INTERNAL', 'superseded'));
    }
    rec.client = connection.client;
    this.onReady(rec, connection.hostKey);
    connection.onClose((lastError) => this.onLost(rec, generation, lastError));
  }

  private onReady(rec: HostRecord, hostKey: HostRecord['hostKey']): void {
    rec.state = 'ready';
    rec.reason = null;
    rec.failures = 0;
    rec.nextRetryAtMs = null;
    rec.readySinceMs = this.timers.now();
    rec.pendingUnknownKey = null;
    rec.hostKey = hostKey;
    this.emit(rec);
  }

  private onLost(rec: HostRecord, generation: number, err: unknown): void {
    if (rec.generation !== generation || this.closed) return;
    rec.client = null;
    rec.sftp = null;
    rec.connecting = null;
    rec.generation++;
    const base = err
      ? reasonFromSshError(err, this.ctx(rec))
      : makeReason(
          'UNREACHABLE',
          `The connection to ${rec.target.name} closed: the VM or sshd went away; reconnecting on its own.`,
          { host: this.ctx(rec).host, port: this.ctx(rec).port },
        );
    // Show the loss at once; refine (Tailscale) in the background.
    this.fail(rec, base);
    const lostGeneration = rec.generation;
    void this.refine(base).then((refined) => {
      if (refined !== base && rec.generation === lostGeneration && rec.state === 'backoff') {
        rec.reason = refined;
        this.emit(rec);
      }
    });
  }

  private fail(rec: HostRecord, reason: StatusReason): void {
    if (this.closed) return;
    rec.client = null;
    rec.sftp = null;
    rec.reason = reason;
    rec.readySinceMs = null;
    this.clearTimer(rec);
    if (isRetryable(reason.code)) {
      const delay = backoffDelayMs(rec.failures, this.timing.backoff, this.random);
      rec.failures++;
      rec.state = 'backoff';
      rec.nextRetryAtMs = this.timers.now() + delay;
      const generation = rec.generation;
      rec.retryTimer = this.timers.setTimeout(() => {
        rec.retryTimer = null;
        if (rec.generation !== generation || rec.state !== 'backoff' || this.closed) return;
        void this.startAttempt(rec).catch(() => undefined);
      }, delay);
    } else {
      rec.failures++;
      rec.state = 'failed';
      rec.nextRetryAtMs = null;
    }
    this.emit(rec);
  }

  private openSftp(rec: HostRecord): Promise<SFTPWrapper> {
    const client = rec.client;
    const promise = new Promise<SFTPWrapper>((resolve, reject) => {
      if (!client) {
        reject(new SshFailure(makeReason('UNREACHABLE', `${rec.target.name} is not connected.`)));
        return;
      }
      const started = this.timers.now();
      client.sftp((err, sftp) => {
        if (err) {
          // A refused subsystem is a server setting; anything else is the connection going away.
          const refused = /subsystem|administratively|prohibited/i.test(err.message);
          reject(
            new SshFailure(
              refused
                ? makeReason(
                    'PERMISSION_DENIED',
                    `${rec.target.name} accepted the login but refused SFTP (${err.message}): enable the sftp subsystem (internal-sftp) for this account.`,
                  )
                : reasonFromSshError(err, this.ctx(rec)),
            ),
          );
          return;
        }
        rec.rttMs = this.timers.now() - started;
        sftp.on('close', () => {
          if (rec.sftp === promise) rec.sftp = null;
        });
        resolve(sftp);
      });
    });
    promise.catch(() => {
      if (rec.sftp === promise) rec.sftp = null;
    });
    return promise;
  }

  /** Is a "ready" connection still alive? If not, drop it so the normal reconnect path takes over. */
  private async probe(rec: HostRecord): Promise<void> {
    const client = rec.client;
    const generation = rec.generation;
    const alive = await Promise.race([
      this.getSftp(rec.target.name).then(
        (sftp) => new Promise<boolean>((resolve) => sftp.realpath('.', (err) => resolve(!err))),
        () => false,
      ),
      new Promise<boolean>((resolve) =>
        this.timers.setTimeout(() => resolve(false), this.timing.probeTimeoutMs),
      ),
    ]);
    if (!alive && rec.generation === generation && rec.client === client && client) {
      // destroy() makes ssh2 emit 'close', which runs onLost → backoff → reconnect.
      client.destroy();
    }
  }

  private clearTimer(rec: HostRecord): void {
    if (rec.retryTimer !== null) this.timers.clearTimeout(rec.retryTimer);
    rec.retryTimer = null;
  }

  private teardown(rec: HostRecord): void {
    this.clearTimer(rec);
    rec.generation++;
    const client = rec.client;
    rec.client = null;
    rec.sftp = null;
    rec.connecting = null;
    if (client) client.end();
  }
}
