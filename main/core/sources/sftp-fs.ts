/**
 * RemoteFs over one ssh2 SFTP channel. Works for root and for the chrooted, read-only, SFTP-only account:
 * it only ever stats, opens read-only and reads.
 *
 * Latency is the point (the link is Tailscale, tens of ms per round trip):
 * - requests are pipelined: every stat of a poll is on the wire before the first answer comes back;
 * - `stat(path, { prepareRead: true })` also sends the OPEN in the same flight, so reading a file that
 *   changed costs one more round trip (the READs), not two; handles that were not needed are closed by
 *   `settle()` without waiting for the answer;
 * - a read is split into chunks that are all requested at once.
 * SFTP v3 carries whole-second mtimes (`mtimeResolutionMs = 1000`).
 */
import type { SFTPWrapper, Stats } from 'ssh2';
import { sftpChannelClosed } from '../ssh/sftp-channel.js';
import {
  RemoteFsError,
  type ReadOptions,
  type RemoteFs,
  type RemoteStat,
  type StatOptions,
} from './remote-fs.js';

/** SSH_FX_* status codes (draft-ietf-secsh-filexfer-02). */
const FX = { EOF: 1, NO_SUCH_FILE: 2, PERMISSION_DENIED: 3, NO_CONNECTION: 6, CONNECTION_LOST: 7 } as const;
const CHUNK = 64 * 1024;

export interface SftpFsOptions {
  /** Laptop clock (for the server-clock observation). */
  now?: () => number;
  /**
   * Give up on a request when the channel has answered nothing at all for this long (default 10 s; a
   * stalled link is normally caught earlier by keepalives). Silence, not duration: a big read whose
   * chunks keep arriving is never cut short. The timer is not unref'd: a request in flight always ends
   * with an answer or this error.
   */
  requestTimeoutMs?: number;
  /** Path whose mtime is "the VM's now" (see vm-clock.ts); `null` disables. Default `/proc/self`. */
  serverClockPath?: string | null;
}

function toFsError(err: unknown, path: string): RemoteFsError {
  if (err instanceof RemoteFsError) return err;
  const code = (err as { code?: unknown }).code;
  const message = (err as Error).message ?? String(err);
  if (code === FX.NO_SUCH_FILE) return new RemoteFsError('NOT_FOUND', `${path}: no such file`);
  if (code === FX.PERMISSION_DENIED)
    return new RemoteFsError('PERMISSION_DENIED', `${path}: permission denied`);
  if (
    code === FX.NO_CONNECTION ||
    code === FX.CONNECTION_LOST ||
    /No response from server|not open|closed/i.test(message)
  ) {
    return new RemoteFsError('DISCONNECTED', `${path}: the SFTP channel closed`);
  }
  return new RemoteFsError('IO', `${path}: ${message}`);
}

/** Create a RemoteFs bound to one SFTP channel (make a new one per channel). */
export function createSftpFs(sftp: SFTPWrapper, options: SftpFsOptions = {}): RemoteFs {
  const now = options.now ?? Date.now;
  const timeoutMs = options.requestTimeoutMs ?? 10_000;
  const clockPath = options.serverClockPath === undefined ? '/proc/self' : options.serverClockPath;
  let closed = false;
  /** Monotonic ms of the channel's last answer to anything (the silence a deadline measures). */
  let lastAnswer = performance.now();
  const markClosed = () => {
    closed = true;
  };
  sftp.once('close', markClosed);
  sftp.once('end', markClosed);

  /**
   * One request as a promise; refuses at once on a closed channel (ssh2 would queue it forever and never
   * call back). The channel may have closed before this RemoteFs existed, so its state is asked too, not
   * only remembered from events.
   */
  const call = <T>(path: string, send: (cb: (err: unknown, value?: T) => void) => void): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (closed || sftpChannelClosed(sftp)) {
        closed = true;
        reject(new RemoteFsError('DISCONNECTED', `${path}: the SFTP channel is closed`));
        return;
      }
      const sentAt = performance.now();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const watch = (ms: number) => {
        timer = setTimeout(() => {
          const silentFor = performance.now() - Math.max(lastAnswer, sentAt);
          if (silentFor >= timeoutMs)
            reject(new RemoteFsError('DISCONNECTED', `${path}: no answer in ${timeoutMs} ms`));
          else watch(timeoutMs - silentFor); // the channel is answering (other requests): keep waiting
        }, ms);
      };
      watch(timeoutMs);
      try {
        send((err, value) => {
          lastAnswer = performance.now();
          clearTimeout(timer);
          if (err) reject(toFsError(err, path));
          else resolve(value as T);
        });
      } catch (err) {
        clearTimeout(timer);
        reject(toFsError(err, path));
      }
    });

  const statRaw = (path: string) => call<Stats>(path, (cb) => sftp.stat(path, cb));
  const openRaw = (path: string) => call<Buffer>(path, (cb) => sftp.open(path, 'r', cb));
  const closeQuietly = (handle: Buffer) => {
    if (closed || sftpChannelClosed(sftp)) return;
    try {
      sftp.close(handle, () => undefined);
    } catch {
      // the channel is going away; the server frees handles with it
    }
  };

  /** Handles opened alongside a stat, waiting for a read in the same poll. */
  const leases = new Map<string, Promise<Buffer>>();
  let serverClock: { laptopAtMs: number; serverMs: number } | null | undefined;

  const readChunk = (path: string, handle: Buffer, buf: Buffer, off: number, len: number, pos: number) =>
    call<number>(path, (cb) => sftp.read(handle, buf, off, len, pos, (err, nb) => cb(err, nb)));

  return {
    mtimeResolutionMs: 1000,

    async stat(path: string, opts?: StatOptions): Promise<RemoteStat | null> {
      if (opts?.prepareRead && !leases.has(path)) {
        const lease = openRaw(path);
        lease.catch(() => undefined); // a missing file fails both; the stat reports it
        leases.set(path, lease);
      }
      try {
        const s = await statRaw(path);
        return { size: s.size, mtimeMs: s.mtime * 1000 };
      } catch (err) {
        if (err instanceof RemoteFsError && err.code === 'NOT_FOUND') return null;
        throw err;
      }
    },

    async read(path: string, opts: ReadOptions): Promise<Buffer> {
      const offset = opts.offset ?? 0;
      const lease = leases.get(path);
      leases.delete(path);
      const handle = await (lease ?? openRaw(path));
      try {
        let length = opts.length;
        if (length === undefined) {
          const s = await call<Stats>(path, (cb) => sftp.fstat(handle, cb));
          length = Math.max(0, s.size - offset);
        }
        if (length > opts.maxBytes) {
          throw new RemoteFsError(
            'TOO_LARGE',
            `${path}: ${length} bytes exceeds the ${opts.maxBytes}-byte cap`,
          );
        }
        const buf = Buffer.alloc(length);
        const chunks: Promise<void>[] = [];
        let eofAt = length;
        for (let off = 0; off < length; off += CHUNK) {
          const len = Math.min(CHUNK, length - off);
          chunks.push(
            (async () => {
              let got = 0;
              // A server may answer short; ask again for the rest of this chunk.
              while (got < len) {
                const nb = await readChunk(path, handle, buf, off + got, len - got, offset + off + got);
                if (!nb) {
                  eofAt = Math.min(eofAt, off + got);
                  break;
                }
                got += nb;
              }
            })(),
          );
        }
        await Promise.all(chunks);
        return buf.subarray(0, eofAt);
      } finally {
        closeQuietly(handle);
      }
    },

    async serverNowMs(): Promise<number | null> {
      if (serverClock === undefined) {
        serverClock = null;
        if (clockPath) {
          try {
            const s = await statRaw(clockPath);
            serverClock = { laptopAtMs: now(), serverMs: s.mtime * 1000 };
          } catch {
            serverClock = null; // chrooted: no /proc; vm-clock falls back to watching the exporter write
          }
        }
      }
      if (!serverClock) return null;
      // Skew-free: the VM time we saw plus laptop-measured elapsed time since.
      return serverClock.serverMs + (now() - serverClock.laptopAtMs);
    },

    silentForMs(): number {
      return performance.now() - lastAnswer;
    },

    settle(): void {
      for (const lease of leases.values()) lease.then(closeQuietly, () => undefined);
      leases.clear();
    },
  };
}
