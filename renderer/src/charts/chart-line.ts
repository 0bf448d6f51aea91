/**
 * One line of a trend chart. Apart from the chart component so that pure modules (which lines a pane
 * draws) can build lines without importing React or recharts, and type-check under the node config.
 */
import type { ChartPoint } from './series-math.js';

export interface ChartLine {
  /** Stable, unique per chart (used as the Line key and legend text). */
  name: string;
  color: string;
  dashed?: boolean;
  points: ChartPoint[];
}
