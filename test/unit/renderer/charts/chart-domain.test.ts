import { describe, expect, it } from 'vitest';
import { HISTORY_RANGES } from '../../../../preload/ipc-contract.js';
import { chartDomain, chartDomainEnd, DOMAIN_STEP_MS } from '../../../../renderer/src/charts/chart-domain.js';
import { RANGE_SECONDS } from '../../../../renderer/src/charts/series-math.js';

const NOW = Date.parse('2026-05-14T14:08:00Z');
const TICK_MS = 15_000;

describe('trend chart time domain', () => {
  it('stays put over clock ticks within a step, and always includes the newest sample', () => {
    for (const range of HISTORY_RANGES) {
      const step = DOMAIN_STEP_MS[range];
      const start = chartDomainEnd(NOW, range) - step + 1;
      const ends = new Set<number>();
      for (let t = start; t < start + step; t += TICK_MS) {
        const end = chartDomainEnd(t, range);
        expect(end).toBeGreaterThanOrEqual(t);
        ends.add(end);
      }
      expect(ends.size, range).toBe(1);
      expect(chartDomainEnd(start + step, range)).toBe([...ends][0]! + step);
    }
  });

  it('moves the right edge by well under one percent of the range at a time', () => {
    for (const range of HISTORY_RANGES)
      expect(DOMAIN_STEP_MS[range] / (RANGE_SECONDS[range] * 1000)).toBeLessThan(0.005);
  });

  it('spans exactly the range, ending at the rounded edge', () => {
    const end = chartDomainEnd(NOW, '90d');
    expect(new Date(end).toISOString()).toBe('2026-05-14T18:00:00.000Z');
    expect(chartDomain(end, '90d')).toEqual([end - 90 * 86400_000, end]);
  });
});
