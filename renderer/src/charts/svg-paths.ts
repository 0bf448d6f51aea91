/**
 * SVG geometry for a trend chart, pure: the mean line as path segments (a gap wherever a value is unknown),
 * the lone points that have no neighbour to join (drawn as dots, so a single reading — 5 warnings since the
 * last poll — is never invisible), and the min/max band as closed areas. Coordinates are rounded to 0.1 px:
 * shorter path strings, nothing visible lost.
 */
import type { Bucket } from './envelope.js';

export type Scale = (v: number) => number;

/** A linear map from [d0, d1] to [r0, r1]. */
export function linearScale([d0, d1]: [number, number], [r0, r1]: [number, number]): Scale {
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

const r = (n: number) => Math.round(n * 10) / 10;

/** Runs of consecutive known buckets. */
function runs(buckets: readonly Bucket[]): Bucket[][] {
  const out: Bucket[][] = [];
  let run: Bucket[] = [];
  for (const b of buckets) {
    if (b.mean === null) {
      if (run.length) out.push(run);
      run = [];
    } else run.push(b);
  }
  if (run.length) out.push(run);
  return out;
}

export interface LineGeometry {
  /** The mean line: one "M … L …" subpath per run of two or more known values ('' when none). */
  line: string;
  /** Lone known values (a run of one), as [x, y]. */
  dots: [number, number][];
  /** The band between each run's lows and highs ('' when not asked for or flat). */
  band: string;
}

export function lineGeometry(
  buckets: readonly Bucket[],
  x: Scale,
  y: Scale,
  withBand: boolean,
): LineGeometry {
  let line = '';
  let band = '';
  const dots: [number, number][] = [];
  for (const run of runs(buckets)) {
    if (run.length === 1) {
      dots.push([r(x(run[0]!.t)), r(y(run[0]!.mean!))]);
    } else {
      line += run.map((b, i) => `${i === 0 ? 'M' : 'L'}${r(x(b.t))},${r(y(b.mean!))}`).join('');
    }
    if (withBand && run.length > 1) {
      const top = run.map((b, i) => `${i === 0 ? 'M' : 'L'}${r(x(b.t))},${r(y(b.hi!))}`).join('');
      const bottom = run
        .slice()
        .reverse()
        .map((b) => `L${r(x(b.t))},${r(y(b.lo!))}`)
        .join('');
      band += `${top}${bottom}Z`;
    }
  }
  return { line, dots, band };
}
