/**
 * The state the ConnectionManager keeps per host, and the read-only status it publishes from it. Pure: the
 * manager mutates records; this file only creates them and projects them.
 */
import type { Client, SFTPWrapper } from 'ssh2';
import type { StatusReason } from '../../../common/model/instance-status.js';
import type { ConnectionTarget } from './connection-target.js';
import type { PresentedKey } from './host-key-verifier.js';

export type ConnectionState = 'idle' | 'connecting' | 'ready' | 'backoff' | 'failed';

export type VerifiedHostKey = { keyType: string; fingerprint: string };

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
  hostKey: VerifiedHostKey | null;
  /** What we actually connect to, after ~/.ssh/config. */
  address: { host: string; port: number; user: string } | null;
}

export interface HostRecord {
  target: ConnectionTarget;
  state: ConnectionState;
  reason: StatusReason | null;
  nextRetryAtMs: number | null;
  failures: number;
  rttMs: number | null;
  readySinceMs: number | null;
  hostKey: VerifiedHostKey | null;
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

/** A host that was never tried. */
export function newHostRecord(target: ConnectionTarget): HostRecord {
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

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * The published status. Times left over from an earlier state are hidden, so a UI never shows a retry time
 * for a host that is connecting or a "ready since" for one that is down.
 */
export function hostStatus(rec: HostRecord): HostConnectionStatus {
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
