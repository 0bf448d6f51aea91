import { memo, useCallback, useMemo } from 'react';
import {
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  type TooltipContentProps,
  type TooltipValueType,
} from 'recharts';
import type { ChartLine } from './chart-line.js';

export type { ChartLine } from './chart-line.js';

// Built once: toLocale*String builds a formatter on every call, and the axes format on every draw.
const DAY_FORMAT = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const TIME_FORMAT = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hour12: false });
const WEEKDAY_FORMAT = new Intl.DateTimeFormat(undefined, { weekday: 'short' });
const HOVER_FORMAT = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });

/** Within a day the clock is enough; across a day boundary the weekday tells "24 h ago" from "now". */
function tickTime(spanMs: number) {
  return (t: number) => {
    if (spanMs > 2 * 86400_000) return DAY_FORMAT.format(t);
    const time = TIME_FORMAT.format(t);
    return spanMs >= 20 * 3600_000 ? `${WEEKDAY_FORMAT.format(t)} ${time}` : time;
  };
}

/** Five evenly spaced ticks across the range, ends included (recharts would otherwise show only the ends). */
function timeTicks([from, to]: [number, number]): number[] {
  return [0, 1, 2, 3, 4].map((i) => Math.round(from + ((to - from) * i) / 4));
}

/** Hover read-out in its own component so hovering re-renders only the tooltip. */
function HoverReadout({
  active,
  payload,
  label,
  format,
}: {
  active?: boolean;
  payload?: readonly { name?: unknown; value?: unknown; color?: string }[];
  label?: unknown;
  format: (v: number) => string;
}) {
  if (!active || !payload || payload.length === 0) return null;
  return (
    <div className="chart-tooltip">
      <div className="muted">{typeof label === 'number' ? HOVER_FORMAT.format(label) : ''}</div>
      {payload.map((p) => (
        <div key={String(p.name)} style={{ color: p.color }}>
          {String(p.name)}: {typeof p.value === 'number' ? format(p.value) : 'no data'}
        </div>
      ))}
    </div>
  );
}

/**
 * One trend chart: a line per instance/series over a fixed time domain. Dense series, so no dots and no
 * animation; points arrive already downsampled by main. Memoised: recharts recomputes its scales and SVG
 * paths on every render, so a parent re-render with the same lines and domain must not reach it.
 */
export const TrendChart = memo(function TrendChart({
  title,
  lines,
  domain,
  format,
  unit,
  integer = false,
}: {
  title: string;
  lines: ChartLine[];
  domain: [number, number];
  format: (v: number) => string;
  unit: string;
  /** Counts: whole-number ticks only. */
  integer?: boolean;
}) {
  const total = useMemo(
    () => lines.reduce((n, l) => n + l.points.filter((p) => p.v !== null).length, 0),
    [lines],
  );
  const [from, to] = domain;
  const ticks = useMemo(() => timeTicks([from, to]), [from, to]);
  const tickFormatter = useMemo(() => tickTime(to - from), [from, to]);
  const readout = useCallback(
    (props: TooltipContentProps<TooltipValueType, string | number>) => (
      <HoverReadout
        active={props.active}
        payload={props.payload as never}
        label={props.label}
        format={format}
      />
    ),
    [format],
  );
  return (
    <figure className="card chart" data-points={total} aria-label={`${title} chart`}>
      <figcaption className="card-title">
        {title} <span className="muted small">({unit})</span>
      </figcaption>
      {total === 0 ? (
        <p className="muted chart-empty">No data in this range.</p>
      ) : (
        <div
          className="chart-box"
          role="img"
          aria-label={`${title}: ${lines.map((l) => `${l.name} ${l.points.length} points`).join(', ')}`}
        >
          <ResponsiveContainer width="100%" height={180}>
            <LineChart margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
              <XAxis
                dataKey="t"
                type="number"
                domain={domain}
                scale="time"
                ticks={ticks}
                tickFormatter={tickFormatter}
                stroke="var(--axis)"
                fontSize={11}
                allowDataOverflow
              />
              <YAxis
                allowDecimals={!integer}
                stroke="var(--axis)"
                fontSize={11}
                width={44}
                tickFormatter={format}
              />
              <Tooltip content={readout} />
              {lines.map((l) => (
                <Line
                  key={l.name}
                  name={l.name}
                  data={l.points}
                  dataKey="v"
                  type="monotone"
                  stroke={l.color}
                  strokeWidth={1.6}
                  strokeDasharray={l.dashed ? '4 3' : undefined}
                  dot={false}
                  isAnimationActive={false}
                  connectNulls={false}
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
        </div>
      )}
      <ul className="legend">
        {lines.map((l) => (
          <li key={l.name}>
            <span className="swatch" style={{ background: l.color }} aria-hidden="true" />
            {l.name}
          </li>
        ))}
      </ul>
    </figure>
  );
});
