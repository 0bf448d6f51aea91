/**
 * The one interface the poller uses to reach a host's files, whatever the host is: over SSH/SFTP (the real
 * thing), a local folder (Hermes on this machine, tests) or the embedded demo fleet. One source per host,
 * shared by the host's instances.
 */
import type { SFTPWrapper } from 'ssh2';
import type { StatusReason } from '../../../common/model/instance-status.js';
import type { ConnectionView } from '../poll/status-model.js';
import type { HostConnectionStatus } from '../ssh/connection-manager.js';
import { createDemoFs } from '../demo/demo-fs.js';
import { createLocalFs, type LocalFsOptions } from './local-fs.js';
import type { RemoteFs } from './remote-fs.js';
import { createSftpFs, type SftpFsOptions } from './sftp-fs.js';

export type SourceOpenResult =
  /** `session` changes whenever the underlying channel does (server-clock evidence is per session). */
  { ok: true; fs: RemoteFs; session: number } | { ok: false; connection: ConnectionView };

export interface InstanceSource {
  readonly kind: 'ssh' | 'local' | 'demo';
  readonly hostName: string;
  /** A file system for this poll, or why there is none right now. Never throws. */
  open(): Promise<SourceOpenResult>;
  /** What the transport says now (no I/O). */
  connection(): ConnectionView;
  /** Reconnect now if waiting (resume from sleep, network change). */
  retryNow(): void;
  /** Connection changes pushed by the transport; returns an unsubscribe function. */
  onConnectionChange(listener: (view: ConnectionView) => void): () => void;
}

const CONNECTED: ConnectionView = { state: 'connected', reason: null, nextRetryAt: null };

/** The part of D1's ConnectionManager a source needs (kept narrow so tests can stand in for it). */
export interface SftpProvider {
  getSftp(hostName: string): Promise<SFTPWrapper>;
  status(hostName: string): HostConnectionStatus;
  retryNow(hostName?: string): void;
  onStatus(listener: (status: HostConnectionStatus) => void): () => void;
}

/** Map the SSH layer's host state onto what the status model needs. */
export function connectionViewOf(status: HostConnectionStatus): ConnectionView {
  switch (status.state) {
    case 'ready':
      return CONNECTED;
    case 'idle':
    case 'connecting':
      return { state: 'connecting', reason: status.reason, nextRetryAt: null };
    default:
      return {
        state: 'unreachable',
        reason: status.reason ?? { code: 'UNREACHABLE', message: `${status.hostName} is not connected.` },
        nextRetryAt: status.nextRetryAt,
      };
  }
}

/** A host reached over SSH: one SFTP channel from the connection manager, one RemoteFs per channel. */
export function createSshSource(
  provider: SftpProvider,
  hostName: string,
  fsOptions: SftpFsOptions = {},
): InstanceSource {
  const byChannel = new WeakMap<SFTPWrapper, { fs: RemoteFs; session: number }>();
  let sessions = 0;
  return {
    kind: 'ssh',
    hostName,
    async open() {
      try {
        const sftp = await provider.getSftp(hostName);
        let entry = byChannel.get(sftp);
        if (!entry) {
          entry = { fs: createSftpFs(sftp, fsOptions), session: ++sessions };
          byChannel.set(sftp, entry);
        }
        return { ok: true, ...entry };
      } catch (err) {
        const view = connectionViewOf(provider.status(hostName));
        const reason: StatusReason | null = (err as { reason?: StatusReason }).reason ??
          view.reason ?? { code: 'INTERNAL', message: (err as Error).message ?? String(err) };
        return { ok: false, connection: { state: 'unreachable', reason, nextRetryAt: view.nextRetryAt } };
      }
    },
    connection: () => connectionViewOf(provider.status(hostName)),
    retryNow: () => provider.retryNow(hostName),
    onConnectionChange(listener) {
      return provider.onStatus((status) => {
        if (status.hostName === hostName) listener(connectionViewOf(status));
      });
    },
  };
}

/** A folder on this machine (always "connected"). */
export function createLocalSource(hostName: string, options: LocalFsOptions = {}): InstanceSource {
  const fs = createLocalFs(options);
  return {
    kind: 'local',
    hostName,
    open: async () => ({ ok: true, fs, session: 1 }),
    connection: () => CONNECTED,
    retryNow: () => undefined,
    onConnectionChange: () => () => undefined,
  };
}

/** The embedded demo VM. */
export function createDemoSource(hostName: string, options: { clock?: () => number } = {}): InstanceSource {
  const fs = createDemoFs({ clock: options.clock });
  return {
    kind: 'demo',
    hostName,
    open: async () => ({ ok: true, fs, session: 1 }),
    connection: () => CONNECTED,
    retryNow: () => undefined,
    onConnectionChange: () => () => undefined,
  };
}
