import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  HISTORY_RETENTION,
  rawSampleSchema,
  rollupSampleSchema,
  type RawSample,
  type RollupSample,
} from '../../../common/contract/history.js';
import { RAW_FILE, ROLLUP_FILE, recordSample } from '../../../exporter/src/history/history-store.js';
import {
  bucketRaw,
  compactHistory,
  HOUR,
  regroup,
  TEN_MINUTES,
} from '../../../exporter/src/history/rollup.js';

const NOW = Date.parse('2026-07-18T10:00:00Z') / 1000;
const MB = 1024 * 1024;
let dir: string;
let gen = 0;
const newGeneration = (): string => `g${++gen}`;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hmc-hist-'));
  gen = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function sample(t: number, gatewayUp = 1, load1 = 0.5): RawSample {
  return { t, v: { gatewayUp, load1, sessionsActive: 5 } };
}
function lines<T>(file: string, schema: { parse: (v: unknown) => unknown }): T[] {
  const text = readFileSync(join(dir, file), 'utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => schema.parse(JSON.parse(l)) as T);
}
/** One sample a minute from `from` to `to` (epoch seconds, exclusive). */
function minutely(from: number, to: number): RawSample[] {
  const out: RawSample[] = [];
  for (let t = from; t < to; t += 60) out.push(sample(t));
  return out;
}

describe('recordSample (append path)', () => {
  it('appends one raw line per run, keeps the generation, and creates an empty rollup file', async () => {
    const first = await recordSample({
      outDir: dir,
      sample: sample(NOW - 60),
      now: NOW - 60,
      maxBytes: MB,
      previousGeneration: null,
      newGeneration,
    });
    const second = await recordSample({
      outDir: dir,
      sample: sample(NOW),
      now: NOW,
      maxBytes: MB,
      previousGeneration: first.generation,
      newGeneration,
    });
    expect(first.generation).toBe('g1');
    expect(second).toEqual({ generation: 'g1', compacted: false, droppedForSize: 0 });
    expect(lines<RawSample>(RAW_FILE, rawSampleSchema).map((s) => s.t)).toEqual([NOW - 60, NOW]);
    expect(readFileSync(join(dir, ROLLUP_FILE), 'utf8')).toBe('');
    expect(statSync(join(dir, RAW_FILE)).mode & 0o777).toBe(0o644);
  });

  it('mints a new generation when the previous one is unknown (state.json lost), so readers start over', async () => {
    await recordSample({
      outDir: dir,
      sample: sample(NOW - 60),
      now: NOW - 60,
      maxBytes: MB,
      previousGeneration: 'g-old',
      newGeneration,
    });
    const r = await recordSample({
      outDir: dir,
      sample: sample(NOW),
      now: NOW,
      maxBytes: MB,
      previousGeneration: null,
      newGeneration,
    });
    expect(r.generation).toBe('g1');
    expect(r.compacted).toBe(false);
  });
});

describe('recordSample (compaction)', () => {
  it('keeps 48 h of raw samples and rolls older ones into 10-minute buckets, under a new generation', async () => {
    const start = NOW - HISTORY_RETENTION.rawSeconds - 2 * HOUR;
    writeFileSync(
      join(dir, RAW_FILE),
      minutely(start, NOW)
        .map((s) => JSON.stringify(s))
        .join('\n') + '\n',
    );
    const r = await recordSample({
      outDir: dir,
      sample: sample(NOW),
      now: NOW,
      maxBytes: 10 * MB,
      previousGeneration: 'g-old',
      newGeneration,
    });
    expect(r.compacted).toBe(true);
    expect(r.generation).toBe('g1');

    const raw = lines<RawSample>(RAW_FILE, rawSampleSchema);
    expect(raw[0]!.t).toBeGreaterThanOrEqual(NOW - HISTORY_RETENTION.rawSeconds - TEN_MINUTES);
    expect(raw.at(-1)!.t).toBe(NOW);
    const rollups = lines<RollupSample>(ROLLUP_FILE, rollupSampleSchema);
    expect(rollups.length).toBe(12); // two hours of aged samples
    expect(rollups.every((b) => b.span === TEN_MINUTES && b.n === 10 && b.t % TEN_MINUTES === 0)).toBe(true);
    expect(rollups.at(-1)!.t + TEN_MINUTES).toBeLessThanOrEqual(raw[0]!.t);
  });

  it('does not rewrite every run: a raw file less than an hour past the window is only appended to', async () => {
    const start = NOW - HISTORY_RETENTION.rawSeconds - 30 * 60;
    writeFileSync(
      join(dir, RAW_FILE),
      minutely(start, NOW)
        .map((s) => JSON.stringify(s))
        .join('\n') + '\n',
    );
    const r = await recordSample({
      outDir: dir,
      sample: sample(NOW),
      now: NOW,
      maxBytes: 10 * MB,
      previousGeneration: 'g-old',
      newGeneration,
    });
    expect(r).toMatchObject({ compacted: false, generation: 'g-old' });
  });

  it('stays within maxBytes by dropping the oldest data first, always keeping the newest sample', async () => {
    const maxBytes = 64 * 1024;
    writeFileSync(
      join(dir, RAW_FILE),
      minutely(NOW - 24 * HOUR, NOW)
        .map((s) => JSON.stringify(s))
        .join('\n') + '\n',
    );
    const r = await recordSample({
      outDir: dir,
      sample: sample(NOW),
      now: NOW,
      maxBytes,
      previousGeneration: 'g-old',
      newGeneration,
    });
    expect(r.compacted).toBe(true);
    expect(r.droppedForSize).toBeGreaterThan(0);
    const size = statSync(join(dir, RAW_FILE)).size + statSync(join(dir, ROLLUP_FILE)).size;
    expect(size).toBeLessThanOrEqual(maxBytes);
    const raw = lines<RawSample>(RAW_FILE, rawSampleSchema);
    expect(raw.at(-1)!.t).toBe(NOW);
    expect(raw[0]!.t).toBeGreaterThan(NOW - 24 * HOUR);
  });

  it('skips torn and foreign lines instead of failing the run', async () => {
    const old = NOW - HISTORY_RETENTION.rawSeconds - 3 * HOUR;
    writeFileSync(
      join(dir, RAW_FILE),
      `${JSON.stringify(sample(old))}\n{"t":12,"v":{"ga\nnot json\n${JSON.stringify(sample(NOW - 60))}\n`,
    );
    const r = await recordSample({
      outDir: dir,
      sample: sample(NOW),
      now: NOW,
      maxBytes: MB,
      previousGeneration: null,
      newGeneration,
    });
    expect(r.compacted).toBe(true);
    expect(lines<RawSample>(RAW_FILE, rawSampleSchema).map((s) => s.t)).toEqual([NOW - 60, NOW]);
    expect(lines<RollupSample>(ROLLUP_FILE, rollupSampleSchema)).toHaveLength(1);
  });
});

describe('compactHistory tiers', () => {
  it('turns 10-minute buckets older than 14 days into hourly buckets and drops hourly ones past 120 days', () => {
    const tenOld = bucketRaw(minutely(NOW - 15 * 86400, NOW - 15 * 86400 + 2 * HOUR), TEN_MINUTES);
    const tenRecent = bucketRaw(minutely(NOW - 3 * 86400, NOW - 3 * 86400 + HOUR), TEN_MINUTES);
    const ancient = regroup(
      bucketRaw(minutely(NOW - 130 * 86400, NOW - 130 * 86400 + HOUR), TEN_MINUTES),
      HOUR,
    );
    const out = compactHistory({
      raw: [sample(NOW)],
      rollups: [...ancient, ...tenOld, ...tenRecent],
      now: NOW,
      maxBytes: 10 * MB,
    });
    const hourly = out.rollups.filter((r) => r.span === HOUR);
    const ten = out.rollups.filter((r) => r.span === TEN_MINUTES);
    expect(hourly.map((h) => h.n)).toEqual([60, 60]);
    expect(hourly.every((h) => h.t < NOW - 14 * 86400)).toBe(true);
    expect(ten).toEqual(tenRecent);
    expect(out.rollups.map((r) => r.t)).toEqual([...out.rollups.map((r) => r.t)].sort((a, b) => a - b));
  });

  it('keeps min, max and a sample-weighted average, and null for a series with no known value', () => {
    const samples = [
      sample(NOW - 590, 1, 0.2),
      sample(NOW - 530, 0, 1.0),
      { t: NOW - 470, v: { gatewayUp: 1, load1: null } },
    ];
    const [bucket] = bucketRaw(samples, TEN_MINUTES);
    expect(bucket).toMatchObject({
      n: 3,
      min: { gatewayUp: 0, load1: 0.2 },
      max: { gatewayUp: 1, load1: 1 },
    });
    expect(bucket!.avg.gatewayUp).toBeCloseTo(2 / 3, 4);
    expect(bucket!.avg.load1).toBeCloseTo(0.6, 4);
    const [onlyNull] = bucketRaw([{ t: NOW, v: { tickerAge: null } }], TEN_MINUTES);
    expect(onlyNull!.avg.tickerAge).toBeNull();
  });

  it('merges a bucket that was rolled twice (crash between the two rewrites) instead of duplicating it', () => {
    const a = bucketRaw([sample(NOW - 50 * HOUR)], TEN_MINUTES);
    const out = compactHistory({
      raw: [sample(NOW - 50 * HOUR + 30), sample(NOW)],
      rollups: a,
      now: NOW,
      maxBytes: 10 * MB,
    });
    expect(out.rollups).toHaveLength(1);
    expect(out.rollups[0]!.n).toBe(2);
  });
});
