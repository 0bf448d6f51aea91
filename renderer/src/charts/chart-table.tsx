/**
 * A chart's table alternative: per line its latest, lowest, highest and mean reading over the range and how
 * many readings there are, behind a disclosure so it costs no space until asked for. What a screen-reader
 * user (or anyone wanting the numbers) reads instead of the curves.
 */
import { memo, useState } from 'react';
import type { ChartLine } from './chart-line.js';
import { hoverTime } from './chart-time.js';

interface Row {
  name: string;
  latest: { t: number; v: number } | null;
  lo: number | null;
  hi: number | null;
  mean: number | null;
  n: number;
}

/** Per-line summary over every known value (band lows/highs included). Pure. */
export function lineSummary(line: ChartLine): Row {
  let n = 0;
  let sum = 0;
  let lo = Infinity;
  let hi = -Infinity;
  let latest: Row['latest'] = null;
  for (const p of line.points) {
    if (p.v === null) continue;
    n++;
    sum += p.v;
    lo = Math.min(lo, p.lo ?? p.v, p.v);
    hi = Math.max(hi, p.hi ?? p.v, p.v);
    latest = { t: p.t, v: p.v };
  }
  return n === 0
    ? { name: line.name, latest: null, lo: null, hi: null, mean: null, n }
    : { name: line.name, latest, lo, hi, mean: sum / n, n };
}

export const ChartTable = memo(function ChartTable({
  title,
  unit,
  lines,
  format,
  absent,
}: {
  title: string;
  unit: string;
  lines: ChartLine[];
  format: (v: number) => string;
  absent: string[];
}) {
  const [open, setOpen] = useState(false);
  return (
    <details className="chart-table" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Show {title.toLowerCase()} as a table</summary>
      {open ? (
        <table>
          <caption className="visually-hidden">
            {title} ({unit}) over the range
          </caption>
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">Latest</th>
              <th scope="col">Lowest</th>
              <th scope="col">Highest</th>
              <th scope="col">Mean</th>
              <th scope="col">Readings</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => {
              const r = lineSummary(l);
              const f = (v: number | null) => (v === null ? '—' : format(v));
              return (
                <tr key={l.name}>
                  <th scope="row">{l.name}</th>
                  <td>{r.latest ? `${format(r.latest.v)} (${hoverTime(r.latest.t)})` : 'no data'}</td>
                  <td>{f(r.lo)}</td>
                  <td>{f(r.hi)}</td>
                  <td>{f(r.mean)}</td>
                  <td>{r.n}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      {open && absent.length > 0 ? (
        <p className="muted small">No data in this range: {absent.join(', ')}.</p>
      ) : null}
    </details>
  );
});
