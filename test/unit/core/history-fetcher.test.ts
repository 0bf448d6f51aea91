import { appendFile, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_HISTORY_FILES, HistoryFetcher } from '../../../main/core/poll/history-fetcher.js';
import { createLocalFs } from '../../../main/core/sources/local-fs.js';
import type { RemoteFs } from '../../../main/core/sources/remote-fs.js';

let dir: string;
const fs = createLocalFs();
const rawPath = () => join(dir, DEFAULT_HISTORY_FILES.rawFile);
const rollupPath = () => join(dir, DEFAULT_HISTORY_FILES.rollupFile);
const line = (t: number, extra: Record<string, number> = {}) =>
  JSON.stringify({ t, v: { gatewayUp: 1, ...extra } }) + '\n';
const rollupLine = (t: number) =>
  JSON.stringify({ t, span: 600, n: 10, avg: { load1: 0.5 }, min: { load1: 0.1 }, max: { load1: 0.9 } }) +
  '\n';

async function stats() {
  const s = async (p: string) => {
    try {
      const st = await stat(p);
      return { size: st.size, mtimeMs: st.mtimeMs };
    } catch {
      return null;
    }
  };
  return { raw: await s(rawPath()), rollup: await s(rollupPath()) };
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hmc-hist-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('history fetcher', () => {
  it('reads everything the first time, then only the lines appended since', async () => {
    await writeFile(rawPath(), line(100) + line(160));
    await writeFile(rollupPath(), rollupLine(0));
    const h = new HistoryFetcher();
    const first = await h.fetch(fs, dir, DEFAULT_HISTORY_FILES, await stats(), 'g1');
    expect(first.raw.samples.map((s) => s.t)).toEqual([100, 160]);
    expect(first.raw.reset).toBe(true);
    expect(first.rollup.samples).toHaveLength(1);

    await appendFile(rawPath(), line(220));
    const next = await h.fetch(fs, dir, DEFAULT_HISTORY_FILES, await stats(), 'g1');
    expect(next.raw.samples.map((s) => s.t)).toEqual([220]);
    expect(next.raw.reset).toBe(false);
    // Only the new line (plus one byte of overlap for the newline check): nothing old is transferred again.
    expect(next.raw.bytesRead).toBe(line(220).length);
    expect(next.rollup.samples).toHaveLength(0);
    expect(next.rollup.bytesRead).toBe(0);
  });

  it('leaves a half-written last line for the next poll', async () => {
    const h = new HistoryFetcher();
    const full = line(300);
    await writeFile(rawPath(), line(240) + full.slice(0, 10));
    const first = await h.fetch(fs, dir, DEFAULT_HISTORY_FILES, await stats(), 'g1');
    expect(first.raw.samples.map((s) => s.t)).toEqual([240]);
    await appendFile(rawPath(), full.slice(10));
    const second = await h.fetch(fs, dir, DEFAULT_HISTORY_FILES, await stats(), 'g1');
    expect(second.raw.samples.map((s) => s.t)).toEqual([300]);
    expect(second.raw.reset).toBe(false);
  });

  it('starts again from 0 when the file was rotated to something shorter', async () => {
    const h = new HistoryFetcher();
    await writeFile(rawPath(), line(100) + line(160) + line(220));
    await h.fetch(fs, dir, DEFAULT_HISTORY_FILES, await stats(), 'g1');
    await writeFile(join(dir, 'tmp'), line(400));
    await rename(join(dir, 'tmp'), rawPath());
    const after = await h.fetch(fs, dir, DEFAULT_HISTORY_FILES, await stats(), 'g1');
    expect(after.raw.reset).toBe(true);
    expect(after.raw.samples.map((s) => s.t)).toEqual([400]);
  });

  it('notices a rewrite that did not shrink the file (the byte before the offset is no longer a newline)', async () => {
    const h = new HistoryFetcher();
    await writeFile(rawPath(), line(100));
    await h.fetch(fs, dir, DEFAULT_HISTORY_FILES, await stats(), 'g1');
    await writeFile(rawPath(), line(5000, { load1: 1.25 }) + line(5060));
    const after = await h.fetch(fs, dir, DEFAULT_HISTORY_FILES, await stats(), 'g1');
    expect(after.raw.reset).toBe(true);
    expect(after.raw.samples.map((s) => s.t)).toEqual([5000, 5060]);
  });

  it('re-reads both files when the snapshot announces a new generation (compaction)', async () => {
    const h = new HistoryFetcher();
    await writeFile(rawPath(), line(100));
    await writeFile(rollupPath(), rollupLine(0));
    await h.fetch(fs, dir, DEFAULT_HISTORY_FILES, await stats(), 'g1');
    await appendFile(rawPath(), line(160));
    const after = await h.fetch(fs, dir, DEFAULT_HISTORY_FILES, await stats(), 'g2');
    expect(after.generation).toBe('g2');
    expect(after.raw.reset).toBe(true);
    expect(after.raw.samples.map((s) => s.t)).toEqual([100, 160]);
    expect(after.rollup.reset).toBe(true);
    expect(after.rollup.samples).toHaveLength(1);
  });

  it('skips and counts lines that do not match the contract', async () => {
    const h = new HistoryFetcher();
    await writeFile(rawPath(), line(100) + '{"t":"soon"}\nnot json\n' + line(160));
    const r = await h.fetch(fs, dir, DEFAULT_HISTORY_FILES, await stats(), 'g1');
    expect(r.raw.samples.map((s) => s.t)).toEqual([100, 160]);
    expect(r.raw.invalidLines).toBe(2);
  });

  it('never reads more than its cap at once, starting a tail read at a whole line, and catches up later', async () => {
    const lines = Array.from({ length: 40 }, (_, i) => line(1000 + i * 60));
    await writeFile(rawPath(), lines.join(''));
    const reads: number[] = [];
    const counting: RemoteFs = {
      ...fs,
      read: async (path, opts) => {
        const buf = await fs.read(path, opts);
        reads.push(buf.length);
        return buf;
      },
    };
    const cap = lines[0]!.length * 10 + 5;
    const h = new HistoryFetcher(cap);
    const first = await h.fetch(counting, dir, DEFAULT_HISTORY_FILES, await stats(), 'g1');
    expect(Math.max(...reads)).toBeLessThanOrEqual(cap);
    // The newest whole lines that fit, newest last.
    expect(first.raw.samples.at(-1)?.t).toBe(1000 + 39 * 60);
    expect(first.raw.samples.length).toBeGreaterThanOrEqual(9);

    await appendFile(rawPath(), Array.from({ length: 25 }, (_, i) => line(5000 + i * 60)).join(''));
    const seen: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await h.fetch(counting, dir, DEFAULT_HISTORY_FILES, await stats(), 'g1');
      seen.push(...r.raw.samples.map((s) => s.t));
    }
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => 5000 + i * 60));
    expect(Math.max(...reads)).toBeLessThanOrEqual(cap);
  });

  it('treats a vanished file as gone and reads a new one from the start', async () => {
    const h = new HistoryFetcher();
    await writeFile(rawPath(), line(100));
    await h.fetch(fs, dir, DEFAULT_HISTORY_FILES, await stats(), 'g1');
    await rm(rawPath());
    const gone = await h.fetch(fs, dir, DEFAULT_HISTORY_FILES, await stats(), 'g1');
    expect(gone.raw.reset).toBe(true);
    expect(gone.raw.samples).toHaveLength(0);
    await writeFile(rawPath(), line(700));
    const back = await h.fetch(fs, dir, DEFAULT_HISTORY_FILES, await stats(), 'g1');
    expect(back.raw.samples.map((s) => s.t)).toEqual([700]);
  });
});
