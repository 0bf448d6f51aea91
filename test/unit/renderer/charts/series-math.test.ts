import { describe, expect, it } from 'vitest';
import { perDayRate, toChartPoints } from '../../../../renderer/src/charts/series-math.js';

describe('chart series', () => {
  it('turns epoch seconds into ms and scales values, keeping unknown as a gap', () => {
    expect(toChartPoints([{ t: 10, v: 7200 }, { t: 20, v: null }], 1 / 3600)).toEqual([
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
});
