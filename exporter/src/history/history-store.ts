/**
 * The exporter's history files beside snapshot.json:
 * - `history.jsonl`: one raw sample per run, appended (O_APPEND, one write per line);
 * - `history-rollup.jsonl`: 10-minute and hourly rollups, rewritten only by a compaction.
 *
 * A normal run costs one small read (the first line and the sizes) and one append. About once an hour,
 * when the oldest raw sample has aged past the raw window, or when the files would pass `maxBytes`, both
 * files are rewritten atomically and a new `generation` is minted; the snapshot carries it so the app
 * knows to re-read from offset 0 instead of continuing from its saved offsets.
 */
import { randomBytes } from 'node:crypto';
import { open, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  HISTORY_RETENTION,
  rawSampleSchema,
  rollupSampleSchema,
  type RawSample,
  type RollupSample,
} from '../../../common/contract/history.js';
import { appendAtomicLine, writeFileAtomic } from '../write-atomic.js';
import { alignDown, compactHistory, TEN_MINUTES, type Retention } from './rollup.js';

export const RAW_FILE = 'history.jsonl';
export const ROLLUP_FILE = 'history-rollup.jsonl';

/** How long past the raw window the oldest raw sample may be before a compaction (rewrites ~hourly). */
const COMPACT_SLACK_SECONDS = 3600;

export interface RecordSampleOptions {
  outDir: string;
  sample: RawSample;
  /** Epoch seconds (the run's frozen now). */
  now: number;
  maxBytes: number;
  /** Generation from the previous run (state.json); null when unknown. */
  previousGeneration: string | null;
  retention?: Retention;
  /** Injected for deterministic tests. */
  newGeneration?: (now: number) => string;
}

export interface RecordSampleResult {
  generation: string;
  compacted: boolean;
  droppedForSize: number;
}

/** Appends one sample, compacting and rewriting when due. Throws WriteError on I/O failure. */
export async function recordSample(opts: RecordSampleOptions): Promise<RecordSampleResult> {
  const retention = opts.retention ?? HISTORY_RETENTION;
  const mint = opts.newGeneration ?? defaultGeneration;
  const rawPath = join(opts.outDir, RAW_FILE);
  const rollupPath = join(opts.outDir, ROLLUP_FILE);
  const line = JSON.stringify(opts.sample);

  const [rawSize, rollupSize] = await Promise.all([sizeOf(rawPath), sizeOf(rollupPath)]);
  const firstT = rawSize ? await firstSampleTime(rawPath) : null;
  const rawCut = alignDown(opts.now - retention.rawSeconds, TEN_MINUTES);
  const aged = firstT !== null && firstT < rawCut - COMPACT_SLACK_SECONDS;
  const tooBig = (rawSize ?? 0) + (rollupSize ?? 0) + Buffer.byteLength(line) + 1 > opts.maxBytes;

  if (!aged && !tooBig) {
    await appendAtomicLine(opts.outDir, RAW_FILE, line);
    if (rollupSize === null) await writeFileAtomic(opts.outDir, ROLLUP_FILE, '');
    // Files we did not rewrite keep their generation; without a remembered one, mint one so the app
    // re-reads from the start rather than trusting offsets it cannot verify.
    return { generation: opts.previousGeneration ?? mint(opts.now), compacted: false, droppedForSize: 0 };
  }

  const [raw, rollups] = await Promise.all([
    readLines(rawPath, parseRaw),
    readLines(rollupPath, parseRollup),
  ]);
  raw.push(opts.sample);
  const out = compactHistory({ raw, rollups, now: opts.now, maxBytes: opts.maxBytes, retention });
  // Rollups first: if we crash between the two renames, the raw file still holds the aged samples and
  // the next compaction merges them into the same buckets (same-bucket rollups are combined).
  await writeFileAtomic(opts.outDir, ROLLUP_FILE, toJsonl(out.rollups));
  await writeFileAtomic(opts.outDir, RAW_FILE, toJsonl(out.raw));
  return { generation: mint(opts.now), compacted: true, droppedForSize: out.droppedForSize };
}

/** Reads a history JSONL file, skipping torn or invalid lines. Missing file → empty list. */
export async function readLines<T>(path: string, parse: (value: unknown) => T | null): Promise<T[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return [];
  }
  const out: T[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const value = parse(JSON.parse(line));
      if (value !== null) out.push(value);
    } catch {
      // a torn line from a crash mid-append: skip it
    }
  }
  return out;
}

export function parseRaw(value: unknown): RawSample | null {
  const r = rawSampleSchema.safeParse(value);
  return r.success ? (r.data as RawSample) : null;
}

export function parseRollup(value: unknown): RollupSample | null {
  const r = rollupSampleSchema.safeParse(value);
  return r.success ? (r.data as RollupSample) : null;
}

function toJsonl(items: unknown[]): string {
  return items.map((i) => `${JSON.stringify(i)}\n`).join('');
}

async function sizeOf(path: string): Promise<number | null> {
  try {
    return (await stat(path)).size;
  } catch {
    return null;
  }
}

/** `t` of the first parseable line within the first 64 KiB (the file is in time order). */
async function firstSampleTime(path: string): Promise<number | null> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const lines = buf.subarray(0, bytesRead).toString('utf8').split('\n');
    for (const line of lines.slice(0, -1)) {
      try {
        const t = (JSON.parse(line) as { t?: unknown }).t;
        if (typeof t === 'number') return t;
      } catch {
        // torn line
      }
    }
    return null;
  } finally {
    await fh.close();
  }
}

function defaultGeneration(now: number): string {
  return `${Math.floor(now).toString(36)}-${randomBytes(3).toString('hex')}`;
}
