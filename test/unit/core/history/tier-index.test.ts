import { describe, expect, it } from 'vitest';
import { downsampleSeries, type SeriesPoint } from '../../../../main/core/history/downsample.js';
import { MAX_COLUMNS, pointsSince, TierIndex } from '../../../../main/core/history/tier-index.js';
import type { RawRecord, RollupRecord } from '../../../../main/core/history/tiers.js';

type AnyRecord = RawRecord | RollupRecord;

/**
 * What the store answered before the index (its old `pointsFor`, verbatim): walk every record of each
 * tier in the map's insertion order, finest tier first, then sort by time.
 */
function scanAllRecords(finestFirst: AnyRecord[][], name: string, startS: number): SeriesPoint[] {
  const out: SeriesPoint[] = [];
  let finerStart = Infinity;
  for (const records of finestFirst) {
    let earliest = Infinity;
    for (const r of records) {
      if (r.t < startS) continue;
      earliest = Math.min(earliest, r.t);
      if (r.t >= finerStart) continue;
      if ('span' in r) {
        const v = r.avg[name];
        if (typeof v !== 'number') continue;
        const min = r.min[name];
        const max = r.max[name];
        out.push({
          t: r.t + r.span / 2,
          v,
          min: typeof min === 'number' ? min : v,
          max: typeof max === 'number' ? max : v,
        });
      } else {
        const v = r.v[name];
        if (typeof v === 'number') out.push({ t: r.t, v });
      }
    }
    finerStart = Math.min(finerStart, earliest);
  }
  return out.sort((a, b) => a.t - b.t);
}

/** A deterministic pseudo-random source, so a failure reproduces. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function shuffled<T>(items: T[], rand: () => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/**
 * Three tiers shaped like a store's (raw minutes, 10-minute and hourly buckets) that overlap, have gaps,
 * lack the series in some records, lack min/max in some rollups, and hold a rollup whose midpoint lands
 * exactly on a raw point (a tie the order must keep).
 */
function messyTiers(seed: number): AnyRecord[][] {
  const rand = rng(seed);
  const now = 1_800_000_000;
  const value = (): number | null | undefined => {
    const x = rand();
    return x < 0.08 ? null : x < 0.12 ? undefined : Math.round(rand() * 1000) / 10;
  };
  const raw: RawRecord[] = [];
  for (let t = now - 50 * 3600; t <= now; t += 60) {
    if (rand() < 0.03) t += 3600 * rand(); // an offline gap
    raw.push({ t: Math.floor(t), v: { disk: value(), other: 1 } });
  }
  const rollups = (from: number, to: number, span: number): RollupRecord[] => {
    const out: RollupRecord[] = [];
    for (let t = from; t < to; t += span) {
      if (rand() < 0.05) continue;
      const avg = value();
      out.push({
        t,
        span,
        n: span / 60,
        avg: { disk: avg },
        min: rand() < 0.1 ? {} : { disk: typeof avg === 'number' ? avg - 2 : avg },
        max: rand() < 0.1 ? {} : { disk: typeof avg === 'number' ? avg + 2 : avg },
      });
    }
    return out;
  };
  const tenMin = rollups(now - 15 * 86400, now - 47 * 3600, 600);
  const hourly = rollups(now - 100 * 86400, now - 13 * 86400, 3600);
  // The tie: a 10-minute bucket whose midpoint is a raw point's time.
  const firstRaw = raw[0]!.t;
  tenMin.push({ t: firstRaw - 300 - 600 * 3, span: 600, n: 10, avg: { disk: 1 }, min: {}, max: {} });
  raw.unshift({ t: firstRaw - 600 * 3, v: { disk: 2 } });
  return [shuffled(raw, rand), shuffled(tenMin, rand), shuffled(hourly, rand)];
}

describe('tier index (the history query without walking every record)', () => {
  it('answers exactly what walking and sorting every record answered, for every range start', () => {
    for (const seed of [1, 2, 3]) {
      const tiers = messyTiers(seed);
      const indexes = tiers.map((records) => new TierIndex(records));
      const now = 1_800_000_000;
      const starts = [now - 90 * 86400, now - 30 * 86400, now - 7 * 86400, now - 86400, now - 6 * 3600];
      // Starts inside gaps and exactly on record times too.
      for (const records of tiers) for (const r of records.slice(0, 5)) starts.push(r.t, r.t + 1);
      // …and on the oldest raw minutes, where raw and the 10-minute buckets overlap.
      for (const r of [...tiers[0]!].sort((a, b) => a.t - b.t).slice(0, 60)) starts.push(r.t);
      for (const startS of starts) {
        for (const name of ['disk', 'other', 'absent']) {
          const expected = scanAllRecords(tiers, name, startS);
          const got = pointsSince(indexes, name, startS);
          expect(got).toEqual(expected);
          expect(downsampleSeries(got, 400)).toEqual(downsampleSeries(expected, 400));
        }
      }
    }
  });

  it('keeps a finer tier first on equal times, as the stable sort did', () => {
    const raw: RawRecord[] = [{ t: 1000, v: { s: 2 } }];
    const tenMin: RollupRecord[] = [{ t: 700, span: 600, n: 10, avg: { s: 1 }, min: {}, max: {} }];
    const got = pointsSince([new TierIndex(raw), new TierIndex(tenMin)], 's', 0);
    expect(got).toEqual(scanAllRecords([raw, tenMin], 's', 0));
    expect(got.map((p) => p.v)).toEqual([2, 1]); // raw's point at 1000, then the bucket's midpoint (1000)
  });

  it('bounds its columns: asking more series than MAX_COLUMNS rebuilds, answers unchanged', () => {
    const records: RawRecord[] = [];
    for (let t = 0; t < 100; t++) {
      const v: Record<string, number> = {};
      for (let s = 0; s < MAX_COLUMNS + 5; s++) v[`s${s}`] = t * s;
      records.push({ t, v });
    }
    const index = new TierIndex(records);
    for (let round = 0; round < 2; round++) {
      for (let s = 0; s < MAX_COLUMNS + 5; s++) {
        expect(pointsSince([index], `s${s}`, 10)).toEqual(scanAllRecords([records], `s${s}`, 10));
      }
    }
  });
});
