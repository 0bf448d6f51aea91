/**
 * Backup freshness from the history series, pure: the age line against the configured maximum, a strip of
 * stretches (fresh / over the limit / uncommitted changes / no data) across the chart's time range, and the
 * backup commits the samples reveal.
 *
 * `backupAge` is "seconds since the last backup commit" at each exporter run (VM clock), so a raw sample
 * at `t` with age `v` pins a commit at exactly `t - v`. Rollups (10-minute and hourly buckets) hold
 * averages instead, which pin nothing; commits are therefore read only from the raw tier's window.
 */
import { HISTORY_RETENTION } from '../../../../common/contract/history.js';
import type { HistoryPoint } from '../../../../preload/ipc-contract.js';
import { toChartPoints, type ChartPoint } from '../../charts/series-math.js';
import type { ChartLine } from '../../charts/chart-line.js';
import { BACKUP_AGE, minutesToBackupAgeUnit } from '../../charts/quantities.js';
import { relativeTime } from '../../lib/format.js';

export type StretchStatus = 'fresh' | 'over' | 'dirty' | 'none';

export interface FreshnessStretch {
  /** Epoch ms, inclusive. */
  from: number;
  /** Epoch ms, exclusive (the last stretch includes the domain's end). */
  to: number;
  status: StretchStatus;
  /** The oldest backup age seen in the stretch (seconds), or null with no data. */
  worstAgeSeconds: number | null;
}

export interface StripSummary {
  total: number;
  fresh: number;
  over: number;
  dirty: number;
  none: number;
  /** End of the latest stretch that went over the limit (epoch ms), or null. */
  lastOverAt: number | null;
}

/** Two samples closer than this pin the same commit (ages and sample times are whole seconds, give or take). */
const SAME_COMMIT_SECONDS = 90;

/** The threshold as a flat chart line across the domain (the chart component draws lines, not bands). */
export function thresholdLine(maxAgeMinutes: number, domain: [number, number]): ChartPoint[] {
  const v = minutesToBackupAgeUnit(maxAgeMinutes);
  return [
    { t: domain[0], v },
    { t: domain[1], v },
  ];
}

/**
 * The timeline chart's lines: the commit age in the app's backup-age unit (charts/quantities.ts) and, when the maximum is known, the maximum across
 * the domain. Callers memoise on their arguments (the chart redraws whenever it is handed new lines).
 */
export function freshnessChartLines(
  age: HistoryPoint[],
  maxAgeMinutes: number | null,
  domain: [number, number],
): ChartLine[] {
  const lines: ChartLine[] = [
    { name: 'Commit age', color: 'var(--series-1)', points: toChartPoints(age, BACKUP_AGE.scale) },
  ];
  if (maxAgeMinutes !== null)
    lines.push({
      name: `Max age ${maxAgeMinutes} min (Settings)`,
      color: 'var(--bad)',
      dash: 'dashed',
      points: thresholdLine(maxAgeMinutes, domain),
    });
  return lines;
}

/** The worst value a point stands for: its bucket's max when it is a bucket, else the value itself. */
const worst = (p: HistoryPoint): number | null => p.max ?? p.v;

/**
 * `count` equal stretches across `domain` (epoch ms). A stretch is `over` when any backup age in it exceeds
 * the limit, else `dirty` when the repo had uncommitted changes, else `fresh` when it has any age at all,
 * else `none` (no data: unknown, never a guessed pass).
 */
export function freshnessStretches(
  age: HistoryPoint[] | undefined,
  dirty: HistoryPoint[] | undefined,
  maxAgeSeconds: number,
  domain: [number, number],
  count = 48,
): FreshnessStretch[] {
  const [start, end] = domain;
  const width = (end - start) / count;
  const stretches: FreshnessStretch[] = Array.from({ length: count }, (_, i) => ({
    from: start + i * width,
    to: i === count - 1 ? end : start + (i + 1) * width,
    status: 'none',
    worstAgeSeconds: null,
  }));
  if (!(width > 0)) return stretches;
  const indexOf = (tMs: number): number | null => {
    if (tMs < start || tMs > end) return null;
    return Math.min(count - 1, Math.floor((tMs - start) / width));
  };
  for (const p of age ?? []) {
    const i = indexOf(p.t * 1000);
    const w = worst(p);
    if (i === null || w === null) continue;
    const s = stretches[i]!;
    s.worstAgeSeconds = Math.max(s.worstAgeSeconds ?? 0, w);
  }
  const dirtyAt = new Set<number>();
  for (const p of dirty ?? []) {
    const i = indexOf(p.t * 1000);
    const w = worst(p);
    if (i !== null && w !== null && w > 0) dirtyAt.add(i);
  }
  stretches.forEach((s, i) => {
    if (s.worstAgeSeconds === null) s.status = 'none';
    else if (s.worstAgeSeconds > maxAgeSeconds) s.status = 'over';
    else if (dirtyAt.has(i)) s.status = 'dirty';
    else s.status = 'fresh';
  });
  return stretches;
}

export function summarizeStretches(stretches: FreshnessStretch[]): StripSummary {
  const out: StripSummary = {
    total: stretches.length,
    fresh: 0,
    over: 0,
    dirty: 0,
    none: 0,
    lastOverAt: null,
  };
  for (const s of stretches) {
    out[s.status] += 1;
    if (s.status === 'over') out.lastOverAt = Math.max(out.lastOverAt ?? 0, s.to);
  }
  return out;
}

/**
 * The sentence both the strip's accessible name and its visible caption use. The stretches end at the
 * chart's domain edge, which is "now" rounded up: a stretch still running at `now` ended "just now", not
 * "in 4 min".
 */
export function stripSentence(stretches: FreshnessStretch[], maxAgeMinutes: number, now: number): string {
  const s = summarizeStretches(stretches);
  const parts = [`${s.fresh + s.dirty} of ${s.total} stretches within ${maxAgeMinutes} min`];
  if (s.over > 0) {
    const latest =
      s.lastOverAt !== null
        ? ` (latest ending ${relativeTime(new Date(Math.min(s.lastOverAt, now)).toISOString(), now)})`
        : '';
    parts.push(`over the limit in ${s.over}${latest}`);
  }
  if (s.dirty > 0) parts.push(`uncommitted changes seen in ${s.dirty}`);
  if (s.none > 0) parts.push(`no data in ${s.none}`);
  return `${parts.join('; ')}.`;
}

/**
 * Backup commit times (epoch ms, newest first, at most `limit`) pinned by raw samples: those from the last
 * 48 h before `nowMs`, where the app keeps every reading. Samples that pin the same commit are merged.
 */
export function recentCommits(age: HistoryPoint[] | undefined, nowMs: number, limit = 5): number[] {
  if (!age || age.length === 0) return [];
  // An hour inside the raw window: a reading on its edge may already be rolled up (and clocks may differ).
  const rawFrom = nowMs / 1000 - HISTORY_RETENTION.rawSeconds + 3600;
  const commits: number[] = [];
  for (let k = age.length - 1; k >= 0 && commits.length < limit; k--) {
    const p = age[k]!;
    if (p.t < rawFrom) break;
    if (p.v === null || p.v < 0) continue;
    const at = p.t - p.v;
    if (commits.some((c) => Math.abs(c - at) <= SAME_COMMIT_SECONDS)) continue;
    commits.push(at);
  }
  return commits.sort((a, b) => b - a).map((s) => Math.round(s * 1000));
}
