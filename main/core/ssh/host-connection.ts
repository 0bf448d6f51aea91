/**
 * One host's connection lifecycle: `idle` (never tried) → `connecting` → `ready`; a failure goes to
 * `backoff` (retry scheduled) when time can fix it, or to `failed` (host key, auth, passphrase) when only a
 * person can. Owns the ssh2 client and its one SFTP channel. The ConnectionManager holds one of these per
 * configured host and routes calls by host name.
 *
 * Every attempt and teardown bumps the record's generation; callbacks from an older client compare it and
 * do nothing, which is what keeps a late 'close' from an abandoned attempt from undoing a newer one.
 */
import type { Client, SFTPWrapper } from 'ssh2';
import type { StatusReason } from '../../../common/model/instance-status.js';
import type { SshAliasSource } from '../config/ssh-alias.js';
import type { SecretStore } from './auth.js';
import type { Timers } from './backoff.js';
import type { ConnectionTiming } from './connection-timing.js';
import {
  knownHostsFilesFor,
  resolveTarget,
  type ConnectionTarget,
  type ResolvedTarget,
} from './connection-target.js';
import { makeReason, reasonForLostConnection, reasonFromSshError, SshFailure } from './errors.js';
import {
  hostStatus,
  newHostRecord,
  type HostConnectionStatus,
  type HostRecord,
  type VerifiedHostKey,
} from './host-record.js';
import type { DecideUnknownHostKey } from './host-key-verifier.js';
import { openSshConnection, UnknownHostKeyRefused, type OpenConnection } from './open-connection.js';
import type { PinnedKeyStore } from './pinned-keys.js';
import {
  outcomeOfFailure,
  reasonWhileDown,
  refineNetworkReason,
  type RefineUnreachable,
} from './reconnect-policy.js';
import { answersWithin, openSftpChannel, sftpChannelClosed, sftpRoundTrip } from './sftp-channel.js';

/** What every host's connection shares, supplied by the ConnectionManager. */
export interface HostConnectionDeps {
  secretStore: SecretStore;
  pinnedKeys: PinnedKeyStore;
  decideUnknownHostKey: DecideUnknownHostKey;
  /** ~/.ssh/config, read at each connect so an edited alias applies without a restart. */
  sshConfig: () => SshAliasSource;
  env?: NodeJS.ProcessEnv;
  home: string;
  timers: Timers;
  random: () => number;
  timing: ConnectionTiming;
  refineUnreachable?: RefineUnreachable;
  /** The manager was closed: nothing may connect or reconnect any more. */
  isClosed: () => boolean;
  /** The published status changed. */
  onChange: (connection: HostConnection) => void;
}

const closedReason = () => makeReason('INTERNAL', 'The connection manager is closed.');

export class HostConnection {
  private readonly rec: HostRecord;

  constructor(
    readonly target: ConnectionTarget,
    private readonly deps: HostConnectionDeps,
  ) {
    this.rec = newHostRecord(target);
  }

  status(): HostConnectionStatus {
    return hostStatus(this.rec);
  }

  /** The raw ssh2 client while ready (for port forwards), else null. */
  readyClient(): Client | null {
    return this.rec.state === 'ready' ? this.rec.client : null;
  }

  /** The SFTP channel, connecting first if needed. Rejects with SshFailure. */
  async getSftp(): Promise<SFTPWrapper> {
    await this.ensureReady();
    if (!this.rec.sftp) this.rec.sftp = this.openSftp();
    const current = this.rec.sftp;
    const channel = await current;
    // The channel may have closed on its own (sftp-server gone) before its 'close' listener was attached.
    if (sftpChannelClosed(channel) && this.rec.sftp === current) {
      this.rec.sftp = this.openSftp();
      return this.rec.sftp;
    }
    return channel;
  }

  /** Connect (if not already ready or connecting) and wait until ready. Rejects with SshFailure. */
  async ensureReady(): Promise<void> {
    const rec = this.rec;
    if (this.deps.isClosed()) throw new SshFailure(closedReason());
    if (rec.state === 'ready' && rec.client) return;
    if (rec.state === 'connecting' && rec.connecting) return rec.connecting;
    if (rec.state === 'backoff' || rec.state === 'failed') {
      throw new SshFailure(reasonWhileDown(rec.target.name, rec.state, rec.reason, rec.nextRetryAtMs));
    }
    return this.startAttempt();
  }

  /** Reconnect now from backoff or failed (failure count reset); probe a connection that claims to be ready. */
  retryNow(): void {
    if (this.rec.state === 'ready') {
      void this.probe();
    } else if (this.rec.state !== 'connecting') {
      this.rec.failures = 0;
      void this.startAttempt();
    }
  }

  /** Measure one SFTP round trip, record it in the status and return it. */
  async measureRtt(): Promise<number> {
    const sftp = await this.getSftp();
    const started = this.deps.timers.now();
    await sftpRoundTrip(sftp, this.deps.timing.probeTimeoutMs);
    this.rec.rttMs = this.deps.timers.now() - started;
    this.deps.onChange(this);
    return this.rec.rttMs;
  }

  /** Pin the unknown key we refused, if it has this fingerprint, and reconnect. */
  async acceptHostKey(fingerprint: string): Promise<boolean> {
    const pending = this.rec.pendingUnknownKey;
    if (!pending || pending.fingerprint !== fingerprint) return false;
    await this.deps.pinnedKeys.pin(pending.host, pending.port, pending.keyType, pending.keyBase64);
    this.rec.pendingUnknownKey = null;
    this.retryNow();
    return true;
  }

  async forgetPinnedHostKey(): Promise<void> {
    const resolved = this.resolve();
    await this.deps.pinnedKeys.unpin(resolved.host, resolved.port);
  }

  /** Drop the connection and any scheduled retry; late events from it are ignored. */
  teardown(): void {
    const rec = this.rec;
    this.clearTimer();
    rec.generation++;
    const client = rec.client;
    rec.client = null;
    rec.sftp = null;
    rec.connecting = null;
    if (client) client.end();
  }

  // ------------------------------------------------------------------ internals

  private resolve(): ResolvedTarget {
    return resolveTarget(this.target, this.deps.sshConfig());
  }

  private ctx() {
    return {
      host: this.rec.address?.host ?? this.target.host,
      port: this.rec.address?.port ?? this.target.port,
      user: this.target.user,
    };
  }

  private refine(reason: StatusReason): Promise<StatusReason> {
    return refineNetworkReason(reason, this.deps.refineUnreachable);
  }

  /** Begin a new attempt (tearing down any old client) and return its promise (never unhandled). */
  private startAttempt(): Promise<void> {
    const rec = this.rec;
    this.teardown();
    if (this.deps.isClosed()) return Promise.reject(new SshFailure(closedReason()));
    const generation = rec.generation;
    rec.state = 'connecting';
    rec.nextRetryAtMs = null;
    this.deps.onChange(this);
    const attempt = this.attempt(generation).then(
      () => {
        if (rec.generation !== generation) return;
        rec.connecting = null;
      },
      async (err: unknown) => {
        if (rec.generation !== generation) throw err;
        rec.connecting = null;
        const reason = await this.refine(
          err instanceof SshFailure ? err.reason : reasonFromSshError(err, this.ctx()),
        );
        if (rec.generation === generation) this.fail(reason);
        throw new SshFailure(reason);
      },
    );
    attempt.catch(() => undefined);
    rec.connecting = attempt;
    return attempt;
  }

  private async attempt(generation: number): Promise<void> {
    const rec = this.rec;
    const { deps, target } = this;
    const resolved = this.resolve();
    rec.address = { host: resolved.host, port: resolved.port, user: resolved.user };
    let connection: OpenConnection;
    try {
      connection = await openSshConnection({
        hostName: target.name,
        host: resolved.host,
        port: resolved.port,
        user: resolved.user,
        identityFiles: resolved.identityFiles,
        useAgent: target.useAgent,
        knownHostsFiles: knownHostsFilesFor(target, deps.home),
        aliases: [target.host],
        env: deps.env,
        home: deps.home,
        secretStore: deps.secretStore,
        pinnedKeys: deps.pinnedKeys,
        decideUnknownHostKey: deps.decideUnknownHostKey,
        readyTimeoutMs: deps.timing.readyTimeoutMs,
        keepaliveIntervalMs: deps.timing.keepaliveIntervalMs,
        keepaliveCountMax: deps.timing.keepaliveCountMax,
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
    this.onReady(connection.hostKey);
    connection.onClose((lastError) => this.onLost(generation, lastError));
  }

  private onReady(hostKey: VerifiedHostKey | null): void {
    const rec = this.rec;
    rec.state = 'ready';
    rec.reason = null;
    rec.failures = 0;
    rec.nextRetryAtMs = null;
    rec.readySinceMs = this.deps.timers.now();
    rec.pendingUnknownKey = null;
    rec.hostKey = hostKey;
    this.deps.onChange(this);
  }

  private onLost(generation: number, err: unknown): void {
    const rec = this.rec;
    if (rec.generation !== generation || this.deps.isClosed()) return;
    rec.client = null;
    rec.sftp = null;
    rec.connecting = null;
    rec.generation++;
    const base = reasonForLostConnection(err, this.target.name, this.ctx());
    // Show the loss at once; refine (Tailscale) in the background.
    this.fail(base);
    const lostGeneration = rec.generation;
    void this.refine(base).then((refined) => {
      if (refined !== base && rec.generation === lostGeneration && rec.state === 'backoff') {
        rec.reason = refined;
        this.deps.onChange(this);
      }
    });
  }

  private fail(reason: StatusReason): void {
    const rec = this.rec;
    const { timers, timing, random } = this.deps;
    if (this.deps.isClosed()) return;
    rec.client = null;
    rec.sftp = null;
    rec.reason = reason;
    rec.readySinceMs = null;
    this.clearTimer();
    const outcome = outcomeOfFailure(reason, rec.failures, timing.backoff, random);
    rec.failures = outcome.failures;
    rec.state = outcome.state;
    rec.nextRetryAtMs = outcome.retryInMs === null ? null : timers.now() + outcome.retryInMs;
    if (outcome.retryInMs !== null) {
      const generation = rec.generation;
      rec.retryTimer = timers.setTimeout(() => {
        rec.retryTimer = null;
        if (rec.generation !== generation || rec.state !== 'backoff' || this.deps.isClosed()) return;
        void this.startAttempt().catch(() => undefined);
      }, outcome.retryInMs);
    }
    this.deps.onChange(this);
  }

  private openSftp(): Promise<SFTPWrapper> {
    const rec = this.rec;
    const client = rec.client;
    const opened = client
      ? openSftpChannel(
          client,
          this.target.name,
          this.ctx(),
          () => this.deps.timers.now(),
          this.deps.timing.sftpOpenTimeoutMs,
        )
      : Promise.reject(new SshFailure(makeReason('UNREACHABLE', `${this.target.name} is not connected.`)));
    const promise: Promise<SFTPWrapper> = opened.then(({ sftp, openMs }) => {
      rec.rttMs = openMs;
      sftp.on('close', () => {
        if (rec.sftp === promise) rec.sftp = null;
      });
      return sftp;
    });
    promise.catch(() => {
      if (rec.sftp === promise) rec.sftp = null;
    });
    return promise;
  }

  /** Is a "ready" connection still alive? If not, drop it so the normal reconnect path takes over. */
  private async probe(): Promise<void> {
    const rec = this.rec;
    const client = rec.client;
    const generation = rec.generation;
    const alive = await answersWithin(this.getSftp(), this.deps.timers, this.deps.timing.probeTimeoutMs);
    if (!alive && rec.generation === generation && rec.client === client && client) {
      // destroy() makes ssh2 emit 'close', which runs onLost → backoff → reconnect.
      client.destroy();
    }
  }

  private clearTimer(): void {
    if (this.rec.retryTimer !== null) this.deps.timers.clearTimeout(this.rec.retryTimer);
    this.rec.retryTimer = null;
  }
}
