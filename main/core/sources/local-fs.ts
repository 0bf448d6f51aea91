/**
 * RemoteFs over a folder on this machine: Hermes running on the same computer as the app, and tests.
 * The "server clock" is this machine's clock (injectable, so tests can separate it from the laptop clock
 * the poller is given).
 */
import { open, stat as fsStat } from 'node:fs/promises';
import { RemoteFsError, type ReadOptions, type RemoteFs, type RemoteStat } from './remote-fs.js';

export interface LocalFsOptions {
  /** The holder's clock (default `Date.now`). */
  serverClock?: () => number;
}

function toFsError(err: unknown, path: string): RemoteFsError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new RemoteFsError('NOT_FOUND', `${path}: no such file`);
  if (code === 'EACCES' || code === 'EPERM')
    return new RemoteFsError('PERMISSION_DENIED', `${path}: permission denied`);
  return new RemoteFsError('IO', `${path}: ${(err as Error).message}`);
}

/** Create a RemoteFs reading absolute local paths. */
export function createLocalFs(options: LocalFsOptions = {}): RemoteFs {
  const serverClock = options.serverClock ?? Date.now;
  return {
    mtimeResolutionMs: 1,
    async stat(path: string): Promise<RemoteStat | null> {
      try {
        const s = await fsStat(path);
        return { size: s.size, mtimeMs: s.mtimeMs };
      } catch (err) {
        const e = toFsError(err, path);
        if (e.code === 'NOT_FOUND') return null;
        throw e;
      }
    },
    async read(path: string, opts: ReadOptions): Promise<Buffer> {
      let fh;
      try {
        fh = await open(path, 'r');
      } catch (err) {
        throw toFsError(err, path);
      }
      try {
        const offset = opts.offset ?? 0;
        const size = (await fh.stat()).size;
        const length = Math.max(0, opts.length ?? size - offset);
        if (length > opts.maxBytes) {
          throw new RemoteFsError(
            'TOO_LARGE',
            `${path}: ${length} bytes exceeds the ${opts.maxBytes}-byte cap`,
          );
        }
        const buf = Buffer.alloc(length);
        let got = 0;
        while (got < length) {
          const { bytesRead } = await fh.read(buf, got, length - got, offset + got);
          if (bytesRead === 0) break;
          got += bytesRead;
        }
        return buf.subarray(0, got);
      } catch (err) {
        throw err instanceof RemoteFsError ? err : toFsError(err, path);
      } finally {
        await fh.close().catch(() => undefined);
      }
    },
    async serverNowMs() {
      return serverClock();
    },
  };
}
