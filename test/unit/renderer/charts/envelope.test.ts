import { describe, expect, it } from 'vitest';
import { lineForColumns, valueExtent } from '../../../../renderer/src/charts/envelope.js';
import { lineGeometry, linearScale } from '../../../../renderer/src/charts/svg-paths.js';
import type { ChartPoint } from '../../../../renderer/src/charts/series-math.js';

const DAY = 86400_000;

/** A sawtooth over 90 days, a point every 10 minutes: 0 → 24 and back to 0 every day. */
function sawtooth(): ChartPoint[] {
  const out: ChartPoint[] = [];
  for (let t = 0; t < 90 * DAY; t += 600_000) out.push({ t, v: ((t % DAY) / DAY) * 24 });
  return out;
}

describe('long ranges drawn as per-column envelopes', () => {
  it('gathers a 90-day sawtooth into one stretch per column, each spanning its low and high with the mean inside', () => {
    const points = sawtooth();
    const { buckets, banded } = lineForColumns(points, [0, 90 * DAY], 300);
    expect(points.length).toBeGreaterThan(12_000);
    expect(buckets.length).toBeLessThanOrEqual(300);
    expect(buckets.length).toBeGreaterThan(280);
    expect(banded).toBe(true);
    for (const b of buckets) {
      expect(b.lo!).toBeLessThanOrEqual(b.mean!);
      expect(b.hi!).toBeGreaterThanOrEqual(b.mean!);
    }
    // The extremes survive: the band still reaches 0 and ~24.
    expect(valueExtent([{ buckets, banded }])![0]).toBe(0);
    expect(valueExtent([{ buckets, banded }])![1]).toBeGreaterThan(23.8);
  });

  it("keeps main's per-point min/max in the band, so a spike between kept points is not lost", () => {
    const points: ChartPoint[] = [
      { t: 0, v: 1, lo: 1, hi: 1 },
      { t: 1000, v: 2, lo: 0.5, hi: 9 },
      { t: 2000, v: 1 },
    ];
    const { buckets, banded } = lineForColumns(points, [0, 2000], 300);
    expect(banded).toBe(true);
    expect(buckets[1]).toMatchObject({ mean: 2, lo: 0.5, hi: 9 });
  });

  it('keeps unknown stretches as gaps and draws a lone reading as a dot', () => {
    const points: ChartPoint[] = [
      { t: 0, v: 1 },
      { t: 10, v: 2 },
      { t: 20, v: null },
      { t: 30, v: 5 },
      { t: 40, v: null },
    ];
    const { buckets } = lineForColumns(points, [0, 40], 300);
    const x = linearScale([0, 40], [0, 400]);
    const y = linearScale([0, 5], [100, 0]);
    const g = lineGeometry(buckets, x, y, false);
    expect(g.line).toBe('M0,80L100,60');
    expect(g.dots).toEqual([[300, 0]]);
  });

  it('draws a single warning reading (the Warnings chart with one poll) as a dot, not nothing', () => {
    const { buckets } = lineForColumns([{ t: 5, v: 5 }], [0, 10], 300);
    const g = lineGeometry(buckets, linearScale([0, 10], [0, 100]), linearScale([0, 6], [60, 0]), false);
    expect(g.line).toBe('');
    expect(g.dots).toHaveLength(1);
  });

  it('a bucketed stretch with only unknown values is a gap', () => {
    const points: ChartPoint[] = [];
    for (let t = 0; t < 1000; t++) points.push({ t, v: t >= 400 && t < 600 ? null : 1 });
    const { buckets } = lineForColumns(points, [0, 1000], 10);
    expect(buckets.map((b) => b.mean)).toEqual([1, 1, 1, 1, null, null, 1, 1, 1, 1]);
  });
});
