/**
 * One ssh2 connection per configured host, shared by all of that host's instances, with one SFTP channel
 * on it. Verifies host keys before anything else, keeps the link honest with keepalives, and reconnects on
 * its own with exponential backoff + full jitter. Plain Node: no Electron.
 *
 * States per host: `idle` (never tried) → `connecting` → `ready`; a failure goes to `backoff` (retry
 * scheduled, `nextRetryAt`) when time can fix it, or to `failed` (host key, auth, passphrase) when only a
 * person can — `retryNow()` / `acceptHostKey()` / `updateHosts()` restart those.
 *
 * The manager is the fleet: it routes by host name, applies host list changes and fans status out. Each
 * host's lifecycle is a HostConnection (host-connection.ts).
 */
import { homedir } from 'node:os';
import type { Client, SFTPWrapper } from 'ssh2';
import { readSshConfig, type SshAliasSource } from '../config/ssh-alias.js';
import type { SecretStore } from './auth.js';
import { realTimers, type Timers } from './backoff.js';
import type { ConnectionTarget } from './connection-target.js';
import { makeReason, SshFailure } from './errors.js';
import { DEFAULT_TIMING, type ConnectionTiming } from './connection-timing.js';
import { HostConnection, type HostConnectionDeps } from './host-connection.js';
import type { HostConnectionStatus } from './host-record.js';
import type { DecideUnknownHostKey } from './host-key-verifier.js';
import type { PinnedKeyStore } from './pinned-keys.js';
import type { RefineUnreachable } from './reconnect-policy.js';

// Callers import these from here; they are defined beside the manager.
export type { ConnectionTarget } from './connection-target.js';
export { DEFAULT_TIMING, type ConnectionTiming } from './connection-timing.js';
export type { ConnectionState, HostConnectionStatus } from './host-record.js';

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
  refineUnreachable?: RefineUnreachable;
}

/** Owns every SSH connection of the app. See the module comment. */
export class ConnectionManager {
  private readonly connections = new Map<string, HostConnection>();
  private readonly listeners = new Set<(status: HostConnectionStatus) => void>();
  private readonly deps: HostConnectionDeps;
  private closed = false;

  constructor(options: ConnectionManagerOptions) {
    const home = options.home ?? homedir();
    this.deps = {
      secretStore: options.secretStore,
      pinnedKeys: options.pinnedKeys,
      decideUnknownHostKey: options.decideUnknownHostKey,
      sshConfig: options.sshConfig ?? (() => readSshConfig(undefined, home)),
      env: options.env,
      home,
      timers: options.timers ?? realTimers,
      random: options.random ?? Math.random,
      timing: { ...DEFAULT_TIMING, ...options.timing },
      refineUnreachable: options.refineUnreachable,
      isClosed: () => this.closed,
      onChange: (connection) => this.emit(connection),
    };
    for (const target of options.hosts) this.connections.set(target.name, this.newConnection(target));
  }

  /** The SFTP channel of this host's connection, connecting first if needed. Rejects with SshFailure. */
  async getSftp(hostName: string): Promise<SFTPWrapper> {
    return this.connection(hostName).getSftp();
  }

  /** The raw ssh2 client while ready (for port forwards), else null. */
  getClient(hostName: string): Client | null {
    return this.connections.get(hostName)?.readyClient() ?? null;
  }

  /** Connect (if not already ready or connecting) and wait until ready. Rejects with SshFailure. */
  async connect(hostName: string): Promise<void> {
    await this.connection(hostName).ensureReady();
  }

  status(hostName: string): HostConnectionStatus {
    return this.connection(hostName).status();
  }

  statuses(): HostConnectionStatus[] {
    return [...this.connections.values()].map((c) => c.status());
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
    const targets = hostName ? [this.connection(hostName)] : [...this.connections.values()];
    for (const connection of targets) connection.retryNow();
  }

  /** Measure one SFTP round trip (a `realpath`), record it in the status and return it. */
  async measureRtt(hostName: string): Promise<number> {
    return this.connection(hostName).measureRtt();
  }

  /**
   * The user accepted the unknown key with this fingerprint (desktop dialog, or the CLI's
   * `--accept-host-key`): pin it and reconnect. False when it is not the key we were shown.
   */
  async acceptHostKey(hostName: string, fingerprint: string): Promise<boolean> {
    return this.connection(hostName).acceptHostKey(fingerprint);
  }

  /** Forget this host's pinned keys (after a verified, legitimate key change); the next connect asks again. */
  async forgetPinnedHostKey(hostName: string): Promise<void> {
    await this.connection(hostName).forgetPinnedHostKey();
  }

  /** Apply a new host list: removed or changed hosts are disconnected; new ones start idle. */
  updateHosts(hosts: ConnectionTarget[]): void {
    const next = new Map(hosts.map((h) => [h.name, h]));
    for (const [name, connection] of this.connections) {
      const target = next.get(name);
      if (!target || JSON.stringify(target) !== JSON.stringify(connection.target)) {
        connection.teardown();
        this.connections.delete(name);
      }
    }
    for (const [name, target] of next) {
      if (!this.connections.has(name)) {
        const connection = this.newConnection(target);
        this.connections.set(name, connection);
        this.emit(connection);
      }
    }
  }

  /** Close every connection and stop reconnecting. */
  async close(): Promise<void> {
    this.closed = true;
    for (const connection of this.connections.values()) connection.teardown();
  }

  private newConnection(target: ConnectionTarget): HostConnection {
    return new HostConnection(target, this.deps);
  }

  private connection(hostName: string): HostConnection {
    const connection = this.connections.get(hostName);
    if (!connection) {
      throw new SshFailure(
        makeReason(
          'CONFIG_INVALID',
          `No host named "${hostName}" is configured: add it under hosts[] in the config.`,
        ),
      );
    }
    return connection;
  }

  private emit(connection: HostConnection): void {
    // A removed or replaced host's late events must not reach listeners as if it were current.
    if (this.connections.get(connection.target.name) !== connection) return;
    const status = connection.status();
    for (const l of this.listeners) {
      try {
        l(status);
      } catch {
        // a listener's bug must not break the connection logic
      }
    }
  }
}
