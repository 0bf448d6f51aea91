import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RawSample, RollupSample } from '../../../../common/contract/history.js';
import { openLocalHistoryStore } from '../../../../main/core/history/local-history-store.js';

const NOW_S = Date.parse('2026-06-01T12:00:00Z') / 1000;
const DAY = 86400;

function raw(fromS: number, toS: number, step: number, f: (t: number) => number): RawSample[] {
  const out: RawSample[] = [];
  for (let t = fromS; t < toS; t += step) out.push({ t, v: { diskUsedPct: f(t), load1: 0.5 } });
  return out;
}
function rollups(fromS: number, toS: number, span: number, f: (t: number) => number): RollupSample[] {
  const out: RollupSample[] = [];
  for (let t = Math.floor(fromS / span) * span; t < toS; t += span) {
    const v = f(t);
    out.push({
      t,
      span,
      n: span / 60,
      avg: { diskUsedPct: v },
      min: { diskUsedPct: v - 1 },
      max: { diskUsedPct: v + 1 },
    });
  }
  return out;
}

let dir = '';
let nowS = NOW_S;
const open = (maxBytes?: number) =>
  openLocalHistoryStore({
    dataDir: dir,
    now: () => new Date(nowS * 1000),
    ...(maxBytes ? { maxBytes } : {}),
  });

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hmc-history-'));
  nowS = NOW_S;
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('local history store', () => {
  it('dedupes samples fetched twice (after a reconnect) on disk and in queries', async () => {
    const store = await open();
    const batch = raw(NOW_S - 3600, NOW_S, 60, () => 40);
    expect(await store.ingest('vijay', { raw: batch })).toMatchObject({ added: 60, duplicates: 0 });
    expect(await store.ingest('vijay', { raw: batch.slice(30) })).toMatchObject({ added: 0, duplicates: 30 });
    const lines = (await readFile(join(dir, 'vijay', 'exporter-raw.jsonl'), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(60);
    const pts = store.query('vijay', ['diskUsedPct'], '6h', 600).series.diskUsedPct!;
    expect(new Set(pts.map((p) => p.t)).size).toBe(60);
  });

  it('keeps the bucket that covers more samples when a rollup arrives twice', async () => {
    const store = await open();
    const t = Math.floor((NOW_S - 5 * DAY) / 600) * 600;
    const partial: RollupSample = {
      t,
      span: 600,
      n: 3,
      avg: { diskUsedPct: 10 },
      min: { diskUsedPct: 10 },
      max: { diskUsedPct: 10 },
    };
    await store.ingest('vijay', { rollups: [{ ...partial, n: 10, avg: { diskUsedPct: 50 } }] });
    expect(await store.ingest('vijay', { rollups: [partial] })).toMatchObject({ added: 0, duplicates: 1 });
    expect(store.query('vijay', ['diskUsedPct'], '7d', 100).series.diskUsedPct![0]!.v).toBe(50);
  });

  it('ages raw → 10 min → hourly and drops what is past 120 days, keeping peaks in min/max', async () => {
    const store = await open();
    nowS = NOW_S - 20 * DAY; // the laptop recorded these 20 days ago
    await store.ingest('vijay', { raw: raw(nowS - 3600, nowS, 60, (t) => (t === nowS - 1800 ? 99 : 40)) });
    await store.ingest('vijay', { rollups: rollups(nowS - 200 * DAY, nowS - 130 * DAY, 3600, () => 30) });
    nowS = NOW_S;
    await store.compact();
    expect((await readFile(join(dir, 'vijay', 'exporter-raw.jsonl'), 'utf8')).trim()).toBe('');
    const hourly = (await readFile(join(dir, 'vijay', 'exporter-1h.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(hourly.every((r) => r.t >= NOW_S - 120 * DAY)).toBe(true);
    expect(Math.max(...hourly.map((r) => r.max.diskUsedPct))).toBe(99);
    const pts = store.query('vijay', ['diskUsedPct'], '30d', 100).series.diskUsedPct!;
    expect(Math.max(...pts.map((p) => p.max ?? p.v ?? 0))).toBe(99);
  });

  it('stays within its size bound by dropping the oldest data', async () => {
    const store = await open(120 * 1024);
    await store.ingest('vijay', { rollups: rollups(NOW_S - 119 * DAY, NOW_S - 14 * DAY, 3600, () => 30) });
    await store.ingest('vijay', { raw: raw(NOW_S - 2 * DAY + 60, NOW_S, 60, () => 40) });
    await store.recordAppSample('vijay', NOW_S, { pollRttMs: 80, connectionUp: 1 });
    await store.compact();
    expect(store.totalBytes()).toBeLessThanOrEqual(120 * 1024);
    const recent = store.query('vijay', ['diskUsedPct'], '6h', 1000).series.diskUsedPct!;
    expect(recent.at(-1)!.t).toBe(NOW_S - 60);
    const year = store.query('vijay', ['diskUsedPct'], '90d', 2000).series.diskUsedPct!;
    expect(year[0]!.t).toBeGreaterThan(NOW_S - 90 * DAY);
  });

  it('answers a 90-day query with ≤ maxPoints per series and keeps a one-minute spike', async () => {
    const store = await open();
    const spikeT = NOW_S - 30 * 3600;
    await store.ingest('vijay', {
      raw: raw(NOW_S - 2 * DAY + 60, NOW_S, 60, (t) => (t === spikeT ? 97 : 40 + Math.sin(t / 5000))),
      rollups: [
        ...rollups(NOW_S - 14 * DAY, NOW_S - 2 * DAY, 600, () => 41),
        ...rollups(NOW_S - 90 * DAY, NOW_S - 14 * DAY, 3600, () => 42),
      ],
    });
    const result = store.query('vijay', ['diskUsedPct', 'load1'], '90d', 300);
    const pts = result.series.diskUsedPct!;
    expect(pts.length).toBeLessThanOrEqual(300);
    expect(pts.length).toBeGreaterThan(250);
    expect(Math.max(...pts.map((p) => p.v!))).toBe(97);
    expect(pts.every((p, i) => i === 0 || p.t > pts[i - 1]!.t)).toBe(true);
    expect(result.series.load1!.length).toBeLessThanOrEqual(300);
    // Oldest first, reaching back ~90 days through the hourly tier.
    expect(pts[0]!.t).toBeLessThan(NOW_S - 89 * DAY);
  });

  it('records the app’s own series and keeps everything across a reopen', async () => {
    const store = await open();
    for (let i = 0; i < 10; i++) {
      await store.recordAppSample('bheem', NOW_S - 600 + i * 60, {
        pollRttMs: 50 + i,
        connectionUp: 1,
        warningsCritical: i % 2,
      });
    }
    await store.ingest('bheem', { raw: raw(NOW_S - 600, NOW_S, 60, () => 12) });
    await store.flush();
    const reopened = await open();
    const q = reopened.query('bheem', ['pollRttMs', 'warningsCritical', 'diskUsedPct'], '6h', 100);
    expect(q.series.pollRttMs!.map((p) => p.v)).toEqual([50, 51, 52, 53, 54, 55, 56, 57, 58, 59]);
    expect(q.series.warningsCritical).toHaveLength(10);
    expect(q.series.diskUsedPct).toHaveLength(10);
  });

  it('rejects samples that break the contract, and ids that could escape the folder', async () => {
    const store = await open();
    const bad = { t: 'yesterday', v: {} } as unknown as RawSample;
    expect(await store.ingest('vijay', { raw: [bad] })).toMatchObject({ added: 0, rejected: 1 });
    await expect(store.ingest('../etc', { raw: [] })).rejects.toThrow(/invalid instance id/);
    expect(store.query('../etc', ['diskUsedPct'], '6h', 100).series.diskUsedPct).toEqual([]);
  });

  it('answers from its query index and answer cache exactly what a freshly opened store answers, as the range start moves, after new samples, a tier rollover and a size-bound drop', async () => {
    const store = await open(400 * 1024);
    const ask = (s: typeof store) =>
      (['6h', '24h', '7d', '30d', '90d'] as const).map((range) =>
        s.query('vijay', ['diskUsedPct', 'load1', 'pollRttMs'], range, 200),
      );
    /** A cold store: no index yet, everything read back from the files the warm one wrote. */
    const cold = async () => ask(await open(400 * 1024));
    await store.ingest('vijay', {
      raw: raw(NOW_S - 2 * DAY + 60, NOW_S, 60, (t) => 40 + Math.sin(t / 5000)),
      rollups: [
        ...rollups(NOW_S - 14 * DAY, NOW_S - 2 * DAY, 600, (t) => 41 + Math.cos(t / 9000)),
        ...rollups(NOW_S - 100 * DAY, NOW_S - 14 * DAY, 3600, (t) => 42 + Math.sin(t / 30000)),
      ],
    });
    for (let t = NOW_S - 2 * DAY; t < NOW_S; t += 60)
      await store.recordAppSample('vijay', t, { pollRttMs: 50 });
    const first = ask(store); // builds the index
    expect(first).toEqual(await cold());

    // The range start creeps forward within a minute: no record leaves any range, the answer is reused;
    // a minute later the oldest raw minute leaves the 6 h range and the answer is recomputed.
    nowS = NOW_S + 20;
    const reused = ask(store);
    expect(reused[4]!.series.diskUsedPct).toBe(first[4]!.series.diskUsedPct);
    expect(reused).toEqual(await cold());
    nowS = NOW_S + 80;
    const moved = ask(store);
    expect(moved[0]!.series.diskUsedPct).not.toBe(first[0]!.series.diskUsedPct);
    expect(moved).toEqual(await cold());
    nowS = NOW_S;

    // A new sample arrives: the warm answer has it, and equals the cold one.
    await store.ingest('vijay', { raw: [{ t: NOW_S, v: { diskUsedPct: 93.5, load1: 2 } }] });
    await store.recordAppSample('vijay', NOW_S, { pollRttMs: 888 });
    const afterSample = ask(store);
    expect(afterSample[0]!.series.diskUsedPct!.at(-1)).toMatchObject({ t: NOW_S, v: 93.5 });
    expect(Math.max(...afterSample[0]!.series.pollRttMs!.map((p) => p.max ?? p.v!))).toBe(888);
    expect(afterSample).toEqual(await cold());

    // Six hours later, compaction rolls the oldest raw minutes into 10-minute buckets and those into hourly.
    nowS = NOW_S + 6 * 3600;
    await store.compact();
    const afterRollover = ask(store);
    expect(afterRollover).not.toEqual(afterSample);
    expect(afterRollover).toEqual(await cold());

    // More data than the bound: compaction drops the oldest records.
    const oldest = () => ask(store)[4]!.series.diskUsedPct![0]!.t;
    const oldestBefore = oldest();
    await store.ingest('vijay', {
      raw: raw(nowS - 6 * 3600, nowS, 60, () => 45).map((r) => ({
        ...r,
        v: { ...r.v, ...Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`extraSeries${i}`, i])) },
      })),
    });
    await store.compact();
    expect(store.totalBytes()).toBeLessThanOrEqual(400 * 1024);
    expect(oldest()).toBeGreaterThan(oldestBefore);
    expect(ask(store)).toEqual(await cold());
  });
});
