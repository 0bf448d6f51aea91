import { describe, expect, it } from 'vitest';
import { downsampleSeries, type SeriesPoint } from '../../../../main/core/history/downsample.js';
import { perDayRate, toChartPoints } from '../../../../renderer/src/charts/series-math.js';

const DAY = 86400;

/**
 * A message counter as the local history store returns it for 90 days: hourly rollups (stamped mid-hour)
 * before 14 days, 10-minute rollups to 48 h, then a sample a minute, thinned by main's own downsampling to
 * the 400 points the Trends pane asks for. Messages arrive in bursts (office hours) at `perDay` a day.
 */
function ninetyDayCounter(perDay: number, nowS: number): SeriesPoint[] {
  const count = (t: number) => {
    const day = Math.floor(t / DAY);
    const intoDay = Math.min(Math.max((t - day * DAY - 9 * 3600) / (8 * 3600), 0), 1);
    return Math.round((day + intoDay) * perDay);
  };
  const raw: SeriesPoint[] = [];
  for (let t = nowS - 90 * DAY; t <= nowS;) {
    const age = nowS - t;
    const step = age > 14 * DAY ? 3600 : age > 2 * DAY ? 600 : 60;
    const at = step > 60 ? t + step / 2 : t;
    raw.push({ t: at, v: count(at) });
    t += step;
  }
  return downsampleSeries(raw, 400).map((p) => ({ t: p.t, v: p.v! }));
}

describe('chart series', () => {
  it('turns epoch seconds into ms and scales values, keeping unknown as a gap', () => {
    expect(
      toChartPoints(
        [
          { t: 10, v: 7200 },
          { t: 20, v: null },
        ],
        1 / 3600,
      ),
    ).toEqual([
      { t: 10_000, v: 2 },
      { t: 20_000, v: null },
    ]);
  });

  it('reads a cumulative counter as a steady per-day rate, and a counter reset as a gap', () => {
    const hourly = Array.from({ length: 49 }, (_, h) => ({ t: h * 3600, v: h * 10 }));
    const rate = perDayRate(hourly);
    expect(rate.at(-1)?.v).toBeCloseTo(240);
    expect(rate[0]?.v).toBeNull();
    const reset = perDayRate([...hourly, { t: 49 * 3600, v: 0 }]);
    expect(reset.at(-1)?.v).toBeNull();
  });

  it('gives the 90-day daily chart a figure for every day that has data, from the downsampled history', () => {
    const nowS = Date.UTC(2026, 4, 14, 14, 8) / 1000;
    const points = ninetyDayCounter(120, nowS);
    expect(points.length).toBe(400);
    const rate = perDayRate(points);
    const dayOf = (tMs: number) => Math.floor(tMs / 1000 / DAY);
    const daysWithData = new Set(
      points.filter((p) => p.t >= points[0]!.t + DAY).map((p) => dayOf(p.t * 1000)),
    );
    const daysWithFigure = new Set(rate.filter((p) => p.v !== null).map((p) => dayOf(p.t)));
    expect([...daysWithData].filter((d) => !daysWithFigure.has(d))).toEqual([]);
    // Every point after the first day reads as a day's messages, not a gap: the line is unbroken.
    const afterFirstDay = rate.filter((p) => p.t / 1000 >= points[0]!.t + DAY);
    expect(afterFirstDay.every((p) => p.v !== null)).toBe(true);
    // Within 15 % of the true 120 a day: between two kept points hours apart the bursts are not known.
    for (const p of afterFirstDay) expect(Math.abs(p.v! - 120) / 120).toBeLessThan(0.15);
  });

  it('leaves a gap where the samples around the window start are more than a day apart', () => {
    const before = Array.from({ length: 25 }, (_, h) => ({ t: h * 3600, v: h * 10 }));
    // The instance was offline for three days; the counter went on meanwhile.
    const after = Array.from({ length: 30 }, (_, h) => ({ t: (96 + h) * 3600, v: 1000 + h * 10 }));
    const rate = perDayRate([...before, ...after]);
    const offlineEdge = rate.find((p) => p.t === 100 * 3600_000);
    expect(offlineEdge?.v).toBeNull();
    expect(rate.at(-1)?.v).toBeCloseTo(240);
  });
});
