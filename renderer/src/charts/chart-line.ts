/**
 * One line of a trend chart. Apart from the chart component so that pure modules (which lines a pane
 * draws) can build lines without importing React, and type-check under the node config.
 */
import type { ChartPoint } from './series-math.js';

/** How a line is stroked; the legend draws the same, so every line can be told apart without colour too. */
export type LineDash = 'solid' | 'dashed' | 'dotted';

export interface ChartLine {
  /** Stable, unique per chart (used as the key and legend text). */
  name: string;
  color: string;
  /** Dash pattern (default solid). */
  dash?: LineDash;
  /** Heavy lines are drawn first and wider, so a light line on the same values stays visible on top. */
  weight?: 'heavy' | 'light';
  points: ChartPoint[];
}

export const DASH_ARRAY: Record<LineDash, string | undefined> = {
  solid: undefined,
  dashed: '6 3',
  dotted: '1.5 2.5',
};

export const STROKE_WIDTH = { heavy: 3, light: 1.5 } as const;

/** Colour-blind-safe series colours (Okabe & Ito), one per instance; CSS variables so dark mode can lighten them. */
export const SERIES_COLORS = [
  'var(--series-1)',
  'var(--series-2)',
  'var(--series-3)',
  'var(--series-4)',
] as const;
