import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ChartPoint } from './series-math.js';

export interface ChartLine {
  /** Stable, unique per chart (used as the Line key and legend text). */
  name: string;
  color: string;
  dashed?: boolean;
  points: ChartPoint[];
}

/** Within a day the clock is enough; across a day boundary the weekday tells "24 h ago" from "now". */
function tickTime(spanMs: number) {
  return (t: number) => {
    const d = new Date(t);
    if (spanMs > 2 * 86400_000) return d.toLocaleDateString([], { month: 'short', day: 'numeric' });
    const time = d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hour12: false });
    return spanMs >= 20 * 3600_000 ? `${d.toLocaleDateString([], { weekday: 'short' })} ${time}` : time;
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
      <div className="muted">{typeof label === 'number' ? new Date(label).toLocaleString() : ''}</div>
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
 * animation; points arrive already downsampled by main.
 */
export function TrendChart({
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
  const total = lines.reduce((n, l) => n + l.points.filter((p) => p.v !== null).length, 0);
  return (
    <figure className="card chart" data-points={total} aria-label={`${title} chart`}>
      <figcaption className="card-title">
        {title} <span className="muted small">({unit})</span>
      </figcaption>
      {total === 0 ? (
        <p className="muted chart-empty">No data in this range.</p>
      ) : (
        <div className="chart-box" role="img" aria-label={`${title}: ${lines.map((l) => `${l.name} ${l.points.length} points`).join(', ')}`}>
          <ResponsiveContainer width="100%" height={180}>
            <LineChart margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
              <XAxis dataKey="t" type="number" domain={domain} scale="time" ticks={timeTicks(domain)} tickFormatter={tickTime(domain[1] - domain[0])} stroke="var(--axis)" fontSize={11} allowDataOverflow />
              <YAxis allowDecimals={!integer} stroke="var(--axis)" fontSize={11} width={44} tickFormatter={(v: number) => format(v)} />
              <Tooltip content={(props) => <HoverReadout active={props.active} payload={props.payload as never} label={props.label} format={format} />} />
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
}
