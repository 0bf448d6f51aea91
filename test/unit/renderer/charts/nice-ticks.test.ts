import { describe, expect, it } from 'vitest';
import { formatTick, niceStep, niceTicks } from '../../../../renderer/src/charts/nice-ticks.js';
import { BACKUP_AGE, minutesToBackupAgeUnit } from '../../../../renderer/src/charts/quantities.js';

const labels = (min: number, max: number, integer = false) => {
  const { ticks, decimals } = niceTicks(min, max, 4, integer);
  return ticks.map((t) => formatTick(t, decimals));
};

describe('nice Y ticks', () => {
  it('labels a backup age of 0–0.6 h with steps a person can read, every label distinct and exact', () => {
    // recharts drew 0.0, 0.1, 0.3, 0.5, 0.6 here (0.15 and 0.45 rounded away).
    const shown = labels(0.02, 0.6);
    expect(shown).toEqual(['0.0', '0.2', '0.4', '0.6']);
  });

  it('gives a 0–1.4 ms poll round-trip decimals instead of "0, 0, 1, 1, 1"', () => {
    const shown = labels(0.3, 1.4);
    expect(new Set(shown).size).toBe(shown.length);
    expect(shown).toEqual(['0.0', '0.5', '1.0', '1.5']);
  });

  it('uses two decimals only when the step needs them', () => {
    expect(labels(0, 0.1)).toEqual(['0.000', '0.025', '0.050', '0.075', '0.100']);
    expect(labels(0, 0.7)).toEqual(['0.0', '0.2', '0.4', '0.6', '0.8']);
    expect(labels(0, 37)).toEqual(['0', '10', '20', '30', '40']);
  });

  it('keeps count axes whole and starting at zero, and gives a flat series an axis around it', () => {
    expect(labels(5, 5, true)).toEqual(['0', '2', '4', '6']);
    expect(labels(0, 0, true)).toEqual(['0', '1']);
    expect(labels(0, 2, true)).toEqual(['0', '1', '2']);
    expect(labels(62, 62)).toEqual(['0', '20', '40', '60', '80']);
  });

  it('covers the whole extent, negatives included, and never prints "-0"', () => {
    const { ticks } = niceTicks(-3.2, 7.9);
    expect(ticks[0]).toBeLessThanOrEqual(-3.2);
    expect(ticks.at(-1)).toBeGreaterThanOrEqual(7.9);
    expect(formatTick(-0.0001, 1)).toBe('0.0');
  });

  it('picks steps of 1, 2, 2.5 or 5 times a power of ten', () => {
    for (const span of [0.013, 0.9, 3, 17, 260, 4100]) {
      const step = niceStep(span, 4);
      const mantissa = step / 10 ** Math.floor(Math.log10(step));
      expect([1, 2, 2.5, 5]).toContainEqual(Number(mantissa.toFixed(6)));
      expect(span / step).toBeLessThanOrEqual(4 + 1e-9);
    }
  });
});

describe('one unit per quantity', () => {
  it('shows backup age in hours wherever it is charted, the Settings maximum (minutes) converted to it', () => {
    expect(BACKUP_AGE.unit).toBe('hours');
    expect(7200 * BACKUP_AGE.scale).toBe(2);
    expect(minutesToBackupAgeUnit(90)).toBe(1.5);
    expect(BACKUP_AGE.format(0.25)).toBe('0.25 h');
    expect(BACKUP_AGE.format(30)).toBe('30.0 h');
  });
});
