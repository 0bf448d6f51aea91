/**
 * Incremental history reads: each poll reads only the bytes appended to `history.jsonl` and
 * `history-rollup.jsonl` since the last poll, and only complete lines.
 *
 * A compaction rewrites both files (atomic rename) and changes `snapshot.history.generation`; we also catch
 * a rewrite the generation did not announce yet: the file got shorter than our offset, or the byte just
 * before our offset is no longer the newline we stopped after (we re-read that one byte as a check).
 * Either way the file is read again from 0 and the result says `reset`, so the consumer replaces rather
 * than appends.
 *
 * Bounded: one read never exceeds `maxBytesPerRead`; a file larger than that (a first read of a big file)
 * is read from its tail, starting at the first complete line.
 */
import { posix } from 'node:path';
import {
  rawSampleSchema,
  rollupSampleSchema,
  type RawSample,
  type RollupSample,
} from '../../../common/contract/history.js';
import { isRemoteFsError, type RemoteFs, type RemoteStat } from '../sources/remote-fs.js';

export const DEFAULT_HISTORY_FILES = {
  rawFile: 'history.jsonl',
  rollupFile: 'history-rollup.jsonl',
} as const;
/** Above the exporter's own 10 MB per-instance budget, so a first full read fits. */
export const DEFAULT_HISTORY_MAX_BYTES = 16 * 1024 * 1024;

interface FileCursor {
  /** Bytes consumed (always just after a newline, or 0). */
  offset: number;
  mtimeMs: number;
  size: number;
  /** True when a read cap stopped us before the end: read on even if the file did not change. */
  capped: boolean;
}

export interface HistoryFileDelta<T> {
  /** New samples, oldest first. */
  samples: T[];
  /** True when the file was read from 0 again: replace what you hold for this file. */
  reset: boolean;
  /** Lines that did not match the contract (skipped). */
  invalidLines: number;
  bytesRead: number;
  /** Why this file could not be read this time (absent → null). */
  error?: string;
}

export interface HistoryDelta {
  generation: string | null;
  raw: HistoryFileDelta<RawSample>;
  rollup: HistoryFileDelta<RollupSample>;
}

export interface HistoryStats {
  raw: RemoteStat | null;
  rollup: RemoteStat | null;
}

function emptyDelta<T>(): HistoryFileDelta<T> {
  return { samples: [], reset: false, invalidLines: 0, bytesRead: 0 };
}

/** Per-instance incremental reader. Not shared between instances. */
export class HistoryFetcher {
  private generation: string | null = null;
  private cursors: { raw: FileCursor | null; rollup: FileCursor | null } = { raw: null, rollup: null };

  constructor(private readonly maxBytesPerRead = DEFAULT_HISTORY_MAX_BYTES) {}

  /** The generation the cursors belong to (what the last fetch was read under). */
  get currentGeneration(): string | null {
    return this.generation;
  }

  /** Record the generation of files read before it was known (the first poll). */
  adoptGeneration(generation: string): void {
    this.generation = generation;
  }

  /**
   * Read what changed, given stats taken in the same flight as the snapshot's. `generation` is the newest
   * generation known (from the last valid snapshot); a different one than last time resets both cursors.
   */
  async fetch(
    fs: RemoteFs,
    dir: string,
    files: { rawFile: string; rollupFile: string },
    stats: HistoryStats,
    generation: string | null,
  ): Promise<HistoryDelta> {
    const generationChanged =
      generation !== null && this.generation !== null && generation !== this.generation;
    if (generationChanged) this.cursors = { raw: null, rollup: null };
    if (generation !== null) this.generation = generation;

    const [raw, rollup] = await Promise.all([
      this.fetchFileSafely(fs, posix.join(dir, files.rawFile), 'raw', stats.raw, generationChanged, (v) =>
        rawSampleSchema.safeParse(v),
      ),
      this.fetchFileSafely(
        fs,
        posix.join(dir, files.rollupFile),
        'rollup',
        stats.rollup,
        generationChanged,
        (v) => rollupSampleSchema.safeParse(v),
      ),
    ]);
    return {
      generation: this.generation,
      raw: raw as HistoryFileDelta<RawSample>,
      rollup: rollup as HistoryFileDelta<RollupSample>,
    };
  }

  /** A history file vanishing or unreadable costs its trend, never the snapshot: report, do not throw. */
  private async fetchFileSafely(
    ...args: Parameters<HistoryFetcher['fetchFile']>
  ): Promise<HistoryFileDelta<unknown>> {
    try {
      return await this.fetchFile(...args);
    } catch (err) {
      if (isRemoteFsError(err) && (err.code === 'NOT_FOUND' || err.code === 'PERMISSION_DENIED')) {
        this.cursors[args[2]] = null;
        return { ...emptyDelta(), error: err.message };
      }
      throw err;
    }
  }

  private async fetchFile(
    fs: RemoteFs,
    path: string,
    which: 'raw' | 'rollup',
    stat: RemoteStat | null,
    forcedReset: boolean,
    validate: (v: unknown) => { success: boolean; data?: unknown },
  ): Promise<HistoryFileDelta<unknown>> {
    const prev = this.cursors[which];
    if (!stat) {
      // Gone (or not written yet): forget the cursor so a new file is read from the start.
      this.cursors[which] = null;
      return { ...emptyDelta(), reset: prev !== null || forcedReset };
    }
    if (prev && !prev.capped && stat.size === prev.size && stat.mtimeMs === prev.mtimeMs) return emptyDelta();

    let offset = prev && stat.size >= prev.offset ? prev.offset : 0;
    let reset = forcedReset || prev === null || offset === 0;
    if (stat.size === 0) {
      this.cursors[which] = { offset: 0, mtimeMs: stat.mtimeMs, size: 0, capped: false };
      return { ...emptyDelta(), reset };
    }
    let buf: Buffer;
    if (offset > 0) {
      // Read one byte before our offset: it must still be the newline we stopped after.
      const length = Math.min(stat.size - offset + 1, this.maxBytesPerRead);
      buf = await fs.read(path, { offset: offset - 1, length, maxBytes: this.maxBytesPerRead });
      if (buf[0] !== 0x0a) {
        offset = 0;
        reset = true;
        buf = await this.readFromStart(fs, path, stat.size);
      } else {
        buf = buf.subarray(1);
      }
    } else {
      buf = await this.readFromStart(fs, path, stat.size);
    }
    const bytesRead = buf.length;

    // A tail read of an oversized file starts mid-line: skip to the first complete line.
    let start = 0;
    const skippedHead = offset === 0 && stat.size > this.maxBytesPerRead;
    if (skippedHead) start = buf.indexOf(0x0a) + 1;
    const end = buf.lastIndexOf(0x0a) + 1; // only complete lines
    const samples: unknown[] = [];
    let invalidLines = 0;
    if (end > start) {
      for (const line of buf.subarray(start, end).toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        try {
          const parsed = validate(JSON.parse(line));
          if (parsed.success) samples.push(parsed.data);
          else invalidLines++;
        } catch {
          invalidLines++;
        }
      }
    }
    const base = skippedHead ? stat.size - buf.length : offset;
    const consumed = end > 0 ? base + end : offset;
    const capped = base + buf.length < stat.size;
    this.cursors[which] = { offset: consumed, mtimeMs: stat.mtimeMs, size: stat.size, capped };
    return { samples, reset, invalidLines, bytesRead };
  }

  private async readFromStart(fs: RemoteFs, path: string, size: number): Promise<Buffer> {
    if (size <= this.maxBytesPerRead)
      return fs.read(path, { offset: 0, length: size, maxBytes: this.maxBytesPerRead });
    return fs.read(path, {
      offset: size - this.maxBytesPerRead,
      length: this.maxBytesPerRead,
      maxBytes: this.maxBytesPerRead,
    });
  }
}
