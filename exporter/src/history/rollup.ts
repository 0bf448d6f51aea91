/**
 * Pure history compaction: raw samples older than the raw window become 10-minute buckets, 10-minute
 * buckets older than their window become hourly buckets, hourly buckets past theirs are dropped, and the
 * whole is bounded in bytes by dropping the oldest lines first.
 *
 * Cut-offs are aligned to the bucket size so a bucket is always built from all of its samples at once
 * (a bucket never straddles a cut-off and never gets a second, partial twin in a later compaction).
 */
import { HISTORY_RETENTION, type RawSample, type RollupSample } from '../../../common/contract/history.js';

export const TEN_MINUTES = 600;
export const HOUR = 3600;

export interface Retention {
  rawSeconds: number;
  tenMinuteSeconds: number;
  hourlySeconds: number;
}

export interface CompactInput {
  raw: RawSample[];
  rollups: RollupSample[];
  /** Epoch seconds. */
  now: number;
  maxBytes: number;
  retention?: Retention;
}

export interface CompactOutput {
  raw: RawSample[];
  rollups: RollupSample[];
  /** Lines dropped only to respect maxBytes (oldest first). */
  droppedForSize: number;
}

type Series = Record<string, number | null>;

/** Rolls up and bounds; the returned arrays are sorted by time, rollups hourly-then-10-minute. */
export function compactHistory(input: CompactInput): CompactOutput {
  const retention = input.retention ?? HISTORY_RETENTION;
  const now = input.now;
  const rawCut = alignDown(now - retention.rawSeconds, TEN_MINUTES);
  const tenCut = alignDown(now - retention.tenMinuteSeconds, HOUR);
  const hourCut = now - retention.hourlySeconds;

  const raw = [...input.raw].sort((a, b) => a.t - b.t);
  const keepRaw = raw.filter((s) => s.t >= rawCut);
  const agedRaw = raw.filter((s) => s.t < rawCut);

  const tenMinute = mergeSameBucket([
    ...input.rollups.filter((r) => r.span === TEN_MINUTES),
    ...bucketRaw(agedRaw, TEN_MINUTES),
  ]);
  const keepTen = tenMinute.filter((r) => r.t >= tenCut);
  const agedTen = tenMinute.filter((r) => r.t < tenCut);

  const hourly = mergeSameBucket([
    ...input.rollups.filter((r) => r.span === HOUR),
    ...regroup(agedTen, HOUR),
  ]).filter((r) => r.t + r.span > hourCut);

  const rollups = [...hourly, ...keepTen];
  return boundBytes(keepRaw, rollups, input.maxBytes);
}

/** Groups raw samples into `span`-second buckets with per-series min/avg/max over non-null values. */
export function bucketRaw(samples: RawSample[], span: number): RollupSample[] {
  const groups = new Map<number, RawSample[]>();
  for (const s of samples) {
    const t = alignDown(s.t, span);
    const g = groups.get(t);
    if (g) g.push(s);
    else groups.set(t, [s]);
  }
  const out: RollupSample[] = [];
  for (const [t, group] of groups) {
    const acc = new Map<string, { sum: number; n: number; min: number; max: number }>();
    for (const s of group) {
      for (const [key, value] of Object.entries(s.v)) {
        const a = acc.get(key) ?? { sum: 0, n: 0, min: Infinity, max: -Infinity };
        if (typeof value === 'number' && Number.isFinite(value)) {
          a.sum += value;
          a.n += 1;
          a.min = Math.min(a.min, value);
          a.max = Math.max(a.max, value);
        }
        acc.set(key, a);
      }
    }
    const avg: Series = {};
    const min: Series = {};
    const max: Series = {};
    for (const [key, a] of acc) {
      avg[key] = a.n ? round(a.sum / a.n) : null;
      min[key] = a.n ? a.min : null;
      max[key] = a.n ? a.max : null;
    }
    out.push({ t, span, n: group.length, avg, min, max });
  }
  return out.sort((a, b) => a.t - b.t);
}

/** Merges smaller rollups into `span`-second buckets (averages weighted by sample count). */
export function regroup(rollups: RollupSample[], span: number): RollupSample[] {
  const groups = new Map<number, RollupSample[]>();
  for (const r of rollups) {
    const t = alignDown(r.t, span);
    const g = groups.get(t);
    if (g) g.push(r);
    else groups.set(t, [r]);
  }
  return [...groups.entries()].map(([t, group]) => combine(t, span, group)).sort((a, b) => a.t - b.t);
}

function mergeSameBucket(rollups: RollupSample[]): RollupSample[] {
  const byT = new Map<number, RollupSample[]>();
  for (const r of rollups) {
    const g = byT.get(r.t);
    if (g) g.push(r);
    else byT.set(r.t, [r]);
  }
  return [...byT.values()]
    .map((g) => (g.length === 1 ? g[0]! : combine(g[0]!.t, g[0]!.span, g)))
    .sort((a, b) => a.t - b.t);
}

function combine(t: number, span: number, group: RollupSample[]): RollupSample {
  const keys = new Set(group.flatMap((r) => Object.keys(r.avg)));
  const avg: Series = {};
  const min: Series = {};
  const max: Series = {};
  for (const key of keys) {
    let weighted = 0;
    let weight = 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (const r of group) {
      const a = (r.avg as Series)[key];
      if (typeof a === 'number') {
        weighted += a * r.n;
        weight += r.n;
      }
      const mn = (r.min as Series)[key];
      const mx = (r.max as Series)[key];
      if (typeof mn === 'number') lo = Math.min(lo, mn);
      if (typeof mx === 'number') hi = Math.max(hi, mx);
    }
    avg[key] = weight ? round(weighted / weight) : null;
    min[key] = Number.isFinite(lo) ? lo : null;
    max[key] = Number.isFinite(hi) ? hi : null;
  }
  return { t, span, n: group.reduce((s, r) => s + r.n, 0), avg, min, max };
}

/**
 * Keeps the serialised total under 90 % of maxBytes (headroom so the next appends do not force another
 * rewrite at once), dropping the oldest rollups first, then the oldest raw samples.
 */
function boundBytes(raw: RawSample[], rollups: RollupSample[], maxBytes: number): CompactOutput {
  const budget = Math.floor(maxBytes * 0.9);
  const rawSizes = raw.map(lineBytes);
  const rollSizes = rollups.map(lineBytes);
  let total = rawSizes.reduce((a, b) => a + b, 0) + rollSizes.reduce((a, b) => a + b, 0);
  let dropRoll = 0;
  let dropRaw = 0;
  while (total > budget && dropRoll < rollups.length) total -= rollSizes[dropRoll++]!;
  // Always keep the newest raw sample: it is the one this run just recorded.
  while (total > budget && dropRaw < raw.length - 1) total -= rawSizes[dropRaw++]!;
  return { raw: raw.slice(dropRaw), rollups: rollups.slice(dropRoll), droppedForSize: dropRaw + dropRoll };
}

/** Bytes of one JSONL line, newline included. */
export function lineBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value)) + 1;
}

export function alignDown(t: number, span: number): number {
  return Math.floor(t / span) * span;
}

function round(n: number): number {
  return Math.round(n * 1e4) / 1e4;
}
