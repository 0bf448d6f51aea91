/**
 * Y-axis ticks a person can read: steps of 1, 2, 2.5 or 5 × a power of ten (the "nice numbers" of
 * Heckbert's Graphics Gems labelling, as d3 and Grafana use), printed with exactly the decimals the step
 * needs, so 0.15 never shows as "0.1" and a 0–1.5 ms range never reads "0, 0, 1, 1, 1". Pure.
 */

export interface YTicks {
  /** Tick values, lowest first; the first and last bound the axis. */
  ticks: number[];
  /** Decimals every tick label needs (the step's own), e.g. 2 for a step of 0.05. */
  decimals: number;
}

const NICE = [1, 2, 2.5, 5, 10];

/** The smallest nice step that covers `span` in at most `count` intervals. */
export function niceStep(span: number, count: number, integer = false): number {
  if (!(span > 0)) return 1;
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  let step = power * 10;
  for (const f of NICE) {
    if (f * power >= raw * (1 - 1e-9)) {
      step = f * power;
      break;
    }
  }
  // Counts have no half jobs: the step of a count axis is a whole number.
  return integer ? Math.max(1, Math.ceil(step)) : step;
}

/** Decimals needed to print `step` (and so every multiple of it) exactly: 0.25 → 2, 5 → 0. */
export function stepDecimals(step: number): number {
  for (let d = 0; d <= 10; d++) {
    const scaled = step * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-6 * Math.max(1, scaled)) return d;
  }
  return 10;
}

/**
 * Ticks spanning [min, max] in about `count` nice steps. A flat series (min = max) gets an axis around its
 * value; counts (integer) start at zero, so "1 warning" is not drawn as a full-height bar above "0.98".
 */
export function niceTicks(min: number, max: number, count = 4, integer = false): YTicks {
  let lo = Math.min(min, max);
  let hi = Math.max(min, max);
  if (integer || lo >= 0) lo = Math.min(0, lo);
  if (hi === lo) hi = lo === 0 ? (integer ? 1 : 1) : lo + Math.abs(lo) * 0.5;
  const step = niceStep(hi - lo, count, integer);
  const first = Math.floor(lo / step + 1e-9) * step;
  const last = Math.ceil(hi / step - 1e-9) * step;
  const decimals = stepDecimals(step);
  const ticks: number[] = [];
  for (let v = first, i = 0; v <= last + step * 1e-6 && i < 50; i++, v = first + i * step) {
    ticks.push(Number(v.toFixed(decimals)));
  }
  return { ticks, decimals };
}

/** A tick label: fixed to the axis' decimals, so every label on one axis has the same precision. */
export function formatTick(v: number, decimals: number): string {
  const s = v.toFixed(decimals);
  return s === '-0' || /^-0\.0*$/.test(s) ? s.slice(1) : s;
}
