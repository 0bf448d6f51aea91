/**
 * The smallest file-system surface the poller needs from a host: stat and ranged read. Implemented over
 * SFTP (the real one), over a local folder (Hermes on the same machine, tests) and by the demo fleet.
 * No node or electron imports.
 */

/** What a stat tells us. `mtimeMs` is on the clock of the machine that holds the file (the VM). */
export interface RemoteStat {
  size: number;
  mtimeMs: number;
}

export interface ReadOptions {
  /** Byte offset to start at (default 0). */
  offset?: number;
  /** Bytes to read from `offset`; default: to the end of the file. */
  length?: number;
  /** Refuse (code `TOO_LARGE`) rather than read more than this many bytes. */
  maxBytes: number;
}

export interface StatOptions {
  /**
   * A hint that the caller may `read` this path right after the stat. An SFTP implementation opens the file
   * in the same round trip as the stat, so a changed file costs one round trip less. Call `settle()` at the
   * end of a poll to release handles that were not used.
   */
  prepareRead?: boolean;
}

export type RemoteFsErrorCode =
  | 'NOT_FOUND'
  | 'PERMISSION_DENIED'
  | 'TOO_LARGE'
  /** The transport went away (connection closed, channel ended). */
  | 'DISCONNECTED'
  | 'IO';

/** Every failure a RemoteFs reports carries one of these codes; messages never contain secrets. */
export class RemoteFsError extends Error {
  readonly code: RemoteFsErrorCode;
  constructor(code: RemoteFsErrorCode, message: string) {
    super(message);
    this.name = 'RemoteFsError';
    this.code = code;
  }
}

export interface RemoteFs {
  /** `null` when the path does not exist. Throws {@link RemoteFsError} for anything else. */
  stat(path: string, options?: StatOptions): Promise<RemoteStat | null>;
  /** Bytes of `path` in the requested range; shorter than `length` at end of file. */
  read(path: string, options: ReadOptions): Promise<Buffer>;
  /**
   * The holder's own "now" (its clock), when the implementation can observe it cheaply, else null.
   * Lets ages be computed on the VM clock even before the exporter has been seen writing.
   */
  serverNowMs?(): Promise<number | null>;
  /** Granularity of `mtimeMs` (SFTP v3 carries whole seconds). */
  readonly mtimeResolutionMs: number;
  /** Release anything held between `stat(…, { prepareRead })` and `read` (end of a poll). */
  settle?(): void;
  /**
   * How long the transport has answered nothing, ms (any request). Lets a caller's deadline tell a slow
   * transfer that keeps answering from a silent link. Absent = the transport cannot tell.
   */
  silentForMs?(): number;
}

export function isRemoteFsError(err: unknown): err is RemoteFsError {
  return err instanceof RemoteFsError;
}
