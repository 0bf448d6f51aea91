/**
 * One trend chart drawn as plain SVG: per line a min/max band (when its points stand for stretches of
 * time) under its mean line, dots for lone readings, nice Y ticks, 24-hour time ticks, a legend that draws
 * each line's stroke, and a table alternative. Hand-written rather than recharts (docs/adr/0014): the
 * geometry is a few path strings per line, which is what made 90-day charts cost about as much as empty
 * ones (renderer bench), and every part of it is ours to make accessible.
 *
 * Memoised: a parent re-render with the same lines and domain reaches nothing here; hovering re-renders
 * only the hover layer.
 */
import { memo, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { DASH_ARRAY, STROKE_WIDTH, type ChartLine } from './chart-line.js';
import { hoverTime, tickTime, timeTicks } from './chart-time.js';
import { lineForColumns, valueExtent, type DrawnLine } from './envelope.js';
import { formatTick, niceTicks } from './nice-ticks.js';
import { lineGeometry, linearScale } from './svg-paths.js';
import { ChartTable } from './chart-table.js';
import { LegendSwatch } from './legend-swatch.js';

export type { ChartLine } from './chart-line.js';

const HEIGHT = 180;
const M = { top: 8, right: 12, bottom: 22, left: 48 };
/** Pixel columns per stretch at long ranges: about one point per column (see envelope.ts). */
const PX_PER_BUCKET = 2;

interface Drawn {
  line: ChartLine;
  drawn: DrawnLine;
}

/**
 * Chart widths last measured, per chart title: a chart mounted again (after a loading skeleton, on a range's
 * first visit) draws at once at its last width instead of rendering empty, measuring, and rendering again.
 */
const lastWidths = new Map<string, number>();

/** The chart's width, measured before the first paint and on every resize of its box. */
function useWidth(key: string): [React.RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement | null>(null);
  const [width, setWidth] = useState(() => lastWidths.get(key) ?? 0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const w = Math.floor(el.clientWidth);
      lastWidths.set(key, w);
      setWidth(w);
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [key]);
  return [ref, width];
}

/** The nearest drawn value of each line at the pointer, in its own component (hover re-renders only this). */
function HoverLayer({
  drawn,
  width,
  domain,
  format,
}: {
  drawn: Drawn[];
  width: number;
  domain: [number, number];
  format: (v: number) => string;
}) {
  const [at, setAt] = useState<number | null>(null);
  const plotW = width - M.left - M.right;
  const plotH = HEIGHT - M.top - M.bottom;
  const t = at === null ? null : domain[0] + ((at - M.left) / plotW) * (domain[1] - domain[0]);
  const rows =
    t === null
      ? []
      : drawn.map(({ line, drawn: d }) => {
          const b = nearest(d, t, (domain[1] - domain[0]) / Math.max(1, plotW / 8));
          return { line, b };
        });
  return (
    <>
      <rect
        className="chart-hit"
        x={M.left}
        y={M.top}
        width={Math.max(0, plotW)}
        height={plotH}
        fill="transparent"
        onPointerMove={(e) => {
          const box = (e.currentTarget.ownerSVGElement ?? e.currentTarget).getBoundingClientRect();
          setAt(e.clientX - box.left);
        }}
        onPointerLeave={() => setAt(null)}
      />
      {t !== null && at !== null ? (
        <g className="chart-hover" pointerEvents="none">
          <line x1={at} x2={at} y1={M.top} y2={M.top + plotH} stroke="var(--axis)" strokeDasharray="2 2" />
          <foreignObject
            x={at > width / 2 ? Math.max(0, at - 200) : at + 8}
            y={M.top}
            width={192}
            height={plotH}
          >
            <div className="chart-tooltip">
              <div className="muted">{hoverTime(rows.find((r) => r.b)?.b?.t ?? t)}</div>
              {rows.map(({ line, b }) => (
                <div key={line.name}>
                  <LegendSwatch line={line} /> {line.name}:{' '}
                  {b && b.mean !== null
                    ? b.lo !== null && b.hi !== null && b.hi > b.lo
                      ? `${format(b.mean)} (${format(b.lo)}–${format(b.hi)})`
                      : format(b.mean)
                    : 'no data'}
                </div>
              ))}
            </div>
          </foreignObject>
        </g>
      ) : null}
    </>
  );
}

/** The bucket nearest `t` within `tolerance` ms, or null. Buckets are in time order. */
function nearest(d: DrawnLine, t: number, tolerance: number) {
  const bs = d.buckets;
  let lo = 0;
  let hi = bs.length - 1;
  if (hi < 0) return null;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (bs[mid]!.t < t) lo = mid + 1;
    else hi = mid;
  }
  const cands = [bs[lo - 1], bs[lo]].filter((b) => b !== undefined);
  const best = cands.reduce((a, b) => (Math.abs(b.t - t) < Math.abs(a.t - t) ? b : a));
  return Math.abs(best.t - t) <= tolerance ? best : null;
}

const ChartSvg = memo(function ChartSvg({
  title,
  drawn,
  domain,
  width,
  format,
  integer,
}: {
  title: string;
  drawn: Drawn[];
  domain: [number, number];
  width: number;
  format: (v: number) => string;
  integer: boolean;
}) {
  const extent = valueExtent(drawn.map((d) => d.drawn)) ?? [0, 1];
  const { ticks, decimals } = niceTicks(extent[0], extent[1], 4, integer);
  const plotW = Math.max(1, width - M.left - M.right);
  const x = linearScale(domain, [M.left, M.left + plotW]);
  const y = linearScale([ticks[0]!, ticks[ticks.length - 1]!], [HEIGHT - M.bottom, M.top]);
  const xTicks = timeTicks(domain);
  const xLabel = tickTime(domain[1] - domain[0]);
  // Heavy lines first, so light ones on the same values are drawn over them and stay visible.
  const order = [...drawn].sort(
    (a, b) => (a.line.weight === 'heavy' ? 0 : 1) - (b.line.weight === 'heavy' ? 0 : 1),
  );
  return (
    <svg width={width} height={HEIGHT} className="chart-svg" aria-hidden="true" focusable="false">
      <g className="chart-grid-lines">
        {ticks.map((v) => (
          <g key={v}>
            <line
              x1={M.left}
              x2={M.left + plotW}
              y1={y(v)}
              y2={y(v)}
              stroke="var(--grid)"
              strokeDasharray="3 3"
            />
            <text className="chart-y-tick" x={M.left - 6} y={y(v)} dy="0.32em" textAnchor="end">
              {formatTick(v, decimals)}
            </text>
          </g>
        ))}
        {xTicks.map((t, i) => (
          <text
            key={t}
            className="chart-x-tick"
            x={x(t)}
            y={HEIGHT - 6}
            textAnchor={i === 0 ? 'start' : i === xTicks.length - 1 ? 'end' : 'middle'}
          >
            {xLabel(t)}
          </text>
        ))}
      </g>
      {order.map(({ line, drawn: d }) => {
        const g = lineGeometry(d.buckets, x, y, d.banded);
        const w = STROKE_WIDTH[line.weight ?? 'light'];
        return (
          <g key={line.name} className="chart-series" data-line={line.name}>
            {g.band ? (
              <path className="chart-band" d={g.band} fill={line.color} fillOpacity={0.18} stroke="none" />
            ) : null}
            {g.line ? (
              <path
                className="chart-curve"
                d={g.line}
                fill="none"
                stroke={line.color}
                strokeWidth={w}
                strokeDasharray={DASH_ARRAY[line.dash ?? 'solid']}
                strokeLinejoin="round"
              />
            ) : null}
            {g.dots.map(([cx, cy]) => (
              <circle
                key={`${cx},${cy}`}
                className="chart-dot"
                cx={cx}
                cy={cy}
                r={w + 1.5}
                fill={line.color}
              />
            ))}
          </g>
        );
      })}
      <HoverLayer drawn={drawn} width={width} domain={domain} format={format} />
      <title>{title}</title>
    </svg>
  );
});

/** The plotted part: measures its box, then gathers each line to the columns it has (envelope.ts). */
function PlotArea({
  title,
  lines,
  counts,
  domain,
  format,
  integer,
  summary,
}: {
  title: string;
  lines: ChartLine[];
  counts: number[];
  domain: [number, number];
  format: (v: number) => string;
  integer: boolean;
  summary: string;
}) {
  const [boxRef, width] = useWidth(title);
  const columns = Math.max(1, Math.floor((width - M.left - M.right) / PX_PER_BUCKET));
  const drawn = useMemo(
    () =>
      width === 0
        ? []
        : lines.flatMap((line, i) =>
            counts[i]! > 0 ? [{ line, drawn: lineForColumns(line.points, domain, columns) }] : [],
          ),
    [lines, counts, domain, columns, width],
  );
  return (
    <div className="chart-box" ref={boxRef} role="img" aria-label={summary}>
      {width > 0 ? (
        <ChartSvg
          title={title}
          drawn={drawn}
          domain={domain}
          width={width}
          format={format}
          integer={integer}
        />
      ) : null}
    </div>
  );
}

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
  /** A value in the chart's unit, for the hover read-out and the table. */
  format: (v: number) => string;
  unit: string;
  /** Counts: whole-number ticks only. */
  integer?: boolean;
}) {
  const counts = useMemo(() => lines.map((l) => l.points.filter((p) => p.v !== null).length), [lines]);
  const total = counts.reduce((a, b) => a + b, 0);
  const absent = lines.filter((_, i) => counts[i] === 0).map((l) => l.name);
  const summary = `${title} (${unit}): ${lines.map((l, i) => `${l.name} ${counts[i]} points`).join(', ')}`;
  return (
    <figure className="card chart" data-points={total} aria-label={`${title} chart`}>
      <figcaption className="card-title">
        {title} <span className="muted small">({unit})</span>
      </figcaption>
      {total === 0 ? (
        <p className="muted chart-empty">No data in this range.</p>
      ) : (
        <PlotArea
          title={title}
          lines={lines}
          counts={counts}
          domain={domain}
          format={format}
          integer={integer}
          summary={summary}
        />
      )}
      <ul className="legend" aria-label={`${title} legend`}>
        {lines.map((l, i) => (
          <li key={l.name} className={counts[i] === 0 ? 'legend-absent' : undefined}>
            <LegendSwatch line={l} />
            {l.name}
            {counts[i] === 0 ? <span className="muted"> — no data in this range</span> : null}
          </li>
        ))}
      </ul>
      {total > 0 ? (
        <ChartTable title={title} unit={unit} lines={lines} format={format} absent={absent} />
      ) : null}
    </figure>
  );
});
