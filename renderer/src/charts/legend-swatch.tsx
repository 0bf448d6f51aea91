import { DASH_ARRAY, STROKE_WIDTH, type ChartLine } from './chart-line.js';

/** A short stretch of the line as the chart strokes it (colour, dash and weight), for legends and read-outs. */
export function LegendSwatch({ line }: { line: ChartLine }) {
  return (
    <svg className="line-swatch" width="26" height="10" aria-hidden="true" focusable="false">
      <line
        x1="1"
        x2="25"
        y1="5"
        y2="5"
        stroke={line.color}
        strokeWidth={STROKE_WIDTH[line.weight ?? 'light']}
        strokeDasharray={DASH_ARRAY[line.dash ?? 'solid']}
        strokeLinecap="butt"
      />
    </svg>
  );
}
