/**
 * What the main-process core knows about one instance at one moment: the honest data-age model.
 * Shared by the core, the rules, the CLI, the IPC bridge and (types only) the renderer.
 * No node or electron imports.
 */
import type { Snapshot } from '../contract/snapshot.js';

/**
 * - `live`: a valid snapshot, fresh by the exporter's own interval (VM clock).
 * - `stale`: the host answers but the exporter stopped writing (age beyond a multiple of its interval).
 * - `unreachable`: we could not read at all (SSH, Tailscale, permissions…) — see `reason`.
 * - `unknown`: never fetched yet.
 * - `incompatible`: the snapshot comes from a newer exporter schema than this app supports.
 * - `invalid`: the host answered and served a snapshot, but it is not valid (corrupt, truncated, over the
 *   size cap) and there is no earlier good one to show. The host is reachable: not `unreachable`.
 */
export type InstanceStateKind = 'live' | 'stale' | 'unreachable' | 'unknown' | 'incompatible' | 'invalid';

/** Codes the UI branches on. Keep them stable; add, never rename. */
export type ReasonCode =
  | 'HOST_KEY_MISMATCH'
  | 'HOST_KEY_UNKNOWN'
  | 'HOST_KEY_REVOKED'
  | 'AUTH_FAILED'
  | 'PASSPHRASE_REQUIRED'
  | 'UNREACHABLE'
  | 'TIMEOUT'
  | 'REFUSED'
  | 'DNS_FAILED'
  | 'TAILSCALE_DOWN'
  | 'PEER_OFFLINE'
  | 'PERMISSION_DENIED'
  | 'SNAPSHOT_MISSING'
  | 'SNAPSHOT_INVALID'
  | 'SNAPSHOT_TOO_LARGE'
  | 'SNAPSHOT_STALE'
  | 'SNAPSHOT_INCOMPATIBLE'
  | 'CONFIG_INVALID'
  | 'INTERNAL';

export interface StatusReason {
  code: ReasonCode;
  /** One sentence a person can act on. Never contains a secret. */
  message: string;
  /** Extra facts, e.g. `{ lastSeen: '…' }` for PEER_OFFLINE or `{ fingerprint }` for host keys. */
  detail?: Record<string, string | number | boolean | null>;
}

export interface InstanceStatus {
  /** Instance id (`vijay`), unique across the fleet. */
  id: string;
  label: string;
  /** The configured host name this instance lives on. */
  hostName: string;
  source: 'ssh' | 'local' | 'demo';
  state: InstanceStateKind;
  /** Why the state is not `live` (also set for a `live` instance showing a last-good snapshot). */
  reason: StatusReason | null;
  /** The last valid snapshot, kept when a later read fails or is invalid. */
  snapshot: Snapshot | null;
  /** True when `snapshot` is older than the newest file we saw (the newest was invalid or unreadable). */
  snapshotIsLastGood: boolean;
  /** From the snapshot (VM clock). */
  generatedAt: string | null;
  /** Laptop clock: when the current `snapshot` was fetched. */
  fetchedAt: string | null;
  /** Laptop clock: the last poll attempt, successful or not. */
  checkedAt: string | null;
  /**
   * VM clock: the mtime of the file `snapshot` came from. Optional so older producers still type-check;
   * absent = unknown (common/model/data-age.ts then has one piece of evidence less).
   */
  fileModifiedAt?: string | null;
  /**
   * The data's age at the last poll, seconds: the largest of VM-now − generatedAt, VM-now − the file's
   * mtime and the time since we first saw these bytes (common/model/data-age.ts).
   */
  dataAgeSeconds: number | null;
  /**
   * How `dataAgeSeconds` knew the VM's "now": `server` (the VM's clock, seen this session), `transition`
   * (watched the exporter write), `none` (not known: this computer's clock stood in). Optional, additive.
   */
  vmClock?: 'server' | 'transition' | 'none';
  /**
   * Seconds by which `generatedAt` lies ahead of the VM's clock (its file's mtime or VM-now), when it does:
   * a clock problem on the writer's side. It never makes the data younger. Optional, additive.
   */
  generatedAheadSeconds?: number | null;
  /** Laptop clock minus VM clock, in seconds, when measured. Positive: laptop ahead. */
  clockSkewSeconds: number | null;
  /**
   * Laptop clock: a poll of this instance's host has been waiting for an answer since then (set once it
   * is slower than usual, cleared when it ends). Screens say "checking… last answer at HH:MM:SS".
   */
  checkingSince?: string | null;
  /** Laptop clock: when the host last answered a poll. */
  lastAnswerAt?: string | null;
  /** When the next reconnect attempt is due (laptop clock), while unreachable. */
  nextRetryAt: string | null;
  /** Set when `state === 'incompatible'`. */
  schemaVersions?: { found: number; supported: number };
}
