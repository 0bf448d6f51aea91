import { describe, expect, it } from 'vitest';
import { downsampleSeries } from '../../../../main/core/history/downsample.js';
import { rollUp } from '../../../../main/core/history/tiers.js';

describe('downsampleSeries', () => {
  const points = Array.from({ length: 10_000 }, (_, i) => ({
    t: i * 60,
    v: i === 4321 ? 500 : i === 7000 ? -200 : Math.sin(i / 300),
  }));

  it('returns at most maxPoints, oldest first, and keeps a spike and a dip', () => {
    const out = downsampleSeries(points, 200);
    expect(out.length).toBeLessThanOrEqual(200);
    expect(out.map((p) => p.v)).toContain(500);
    expect(out.map((p) => p.v)).toContain(-200);
    expect(out[0]!.t).toBe(0);
    expect(out.at(-1)!.t).toBe(9999 * 60);
  });

  it('gives every kept point the min/max of the stretch it stands for', () => {
    const out = downsampleSeries(points, 50);
    expect(Math.max(...out.map((p) => p.max!))).toBe(500);
    expect(Math.min(...out.map((p) => p.min!))).toBe(-200);
  });

  it('passes short series through unchanged', () => {
    expect(downsampleSeries(points.slice(0, 5), 100)).toEqual(points.slice(0, 5));
  });
});

describe('rollUp', () => {
  it('keeps min/avg/max per bucket and weights finer buckets by their sample count', () => {
    const buckets = rollUp(
      [
        { t: 0, v: { a: 1 } },
        { t: 60, v: { a: 9 } },
        { t: 600, v: { a: 4, b: null } },
      ],
      600,
    );
    expect(buckets).toEqual([
      { t: 0, span: 600, n: 2, avg: { a: 5 }, min: { a: 1 }, max: { a: 9 } },
      { t: 600, span: 600, n: 1, avg: { a: 4 }, min: { a: 4 }, max: { a: 4 } },
    ]);
    const hourly = rollUp(buckets, 3600);
    expect(hourly[0]).toMatchObject({ n: 3, min: { a: 1 }, max: { a: 9 } });
    expect(hourly[0]!.avg.a).toBeCloseTo(14 / 3);
  });
});

describe('downsampleSeries over mixed tiers', () => {
  // 90 days: hourly rollups for the first 88, then a point a minute for the last 48 h (as the store holds them).
  const DAY = 86_400;
  const hourly = Array.from({ length: 88 * 24 }, (_, i) => ({
    t: i * 3600,
    v: Math.sin(i / 20),
    min: -1,
    max: 1,
  }));
  const start48h = 88 * DAY;
  const raw = Array.from({ length: 48 * 60 }, (_, i) => ({
    t: start48h + i * 60,
    v: i === 1500 ? 9 : Math.cos(i / 90),
  }));
  const series = [...hourly, ...raw];

  it('spreads the kept points over time, not over sample count', () => {
    const out = downsampleSeries(series, 400);
    expect(out.length).toBeLessThanOrEqual(400);
    const recent = out.filter((p) => p.t >= start48h).length;
    // The last 48 h are 2.2% of the range; allow for LTTB's preference for the wiggly part, not 45%.
    expect(recent / out.length).toBeLessThan(0.1);
    expect(out[0]!.t).toBe(0);
    expect(out.at(-1)!.t).toBe(series.at(-1)!.t);
  });

  it('still keeps a one-minute spike at its true value and every min/max', () => {
    const out = downsampleSeries(series, 400);
    expect(out.map((p) => p.v)).toContain(9);
    expect(Math.max(...out.map((p) => p.max!))).toBe(9);
    expect(Math.min(...out.map((p) => p.min!))).toBe(-1);
  });
});
