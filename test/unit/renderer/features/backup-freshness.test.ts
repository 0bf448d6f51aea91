import { describe, expect, it } from 'vitest';
import { HISTORY_RANGES, type HistoryPoint } from '../../../../preload/ipc-contract.js';
import { chartDomain, chartDomainEnd } from '../../../../renderer/src/charts/chart-domain.js';
import {
  freshnessChartLines,
  freshnessStretches,
  recentCommits,
  stripSentence,
  summarizeStretches,
  thresholdLine,
} from '../../../../renderer/src/features/backups/backup-freshness.js';

const NOW_S = 1_800_000_000;
const HOUR = 3600;
/** Raw samples every minute over `hours`, the repo committing every `every` seconds (a sawtooth of ages). */
function sawtooth(hours: number, every: number, offset = 30): HistoryPoint[] {
  const out: HistoryPoint[] = [];
  for (let t = NOW_S - hours * HOUR; t <= NOW_S; t += 60) out.push({ t, v: (t % every) + offset });
  return out;
}
const domain24h: [number, number] = [(NOW_S - 24 * HOUR) * 1000, NOW_S * 1000];

describe('backup freshness', () => {
  it('draws the configured maximum as a flat line across the whole range', () => {
    // 60 minutes in the app's backup-age unit (hours).
    expect(thresholdLine(60, domain24h)).toEqual([
      { t: domain24h[0], v: 1 },
      { t: domain24h[1], v: 1 },
    ]);
  });

  it('marks every stretch fresh when backups commit well inside the limit', () => {
    const stretches = freshnessStretches(sawtooth(24, 1800), [], 3600, domain24h, 24);
    expect(stretches).toHaveLength(24);
    expect(summarizeStretches(stretches)).toMatchObject({
      total: 24,
      fresh: 24,
      over: 0,
      none: 0,
      lastOverAt: null,
    });
  });

  it('marks the stretches where the age passed the limit, and says when the latest one ended', () => {
    // No commit for the last 4 hours: ages climb from 0 to 4 h against a 1 h limit.
    const age = sawtooth(24, 1800).map((p) =>
      p.t > NOW_S - 4 * HOUR ? { t: p.t, v: p.t - (NOW_S - 4 * HOUR) } : p,
    );
    const stretches = freshnessStretches(age, [], 3600, domain24h, 24);
    const s = summarizeStretches(stretches);
    expect(s.over).toBe(3);
    expect(stretches.slice(-3).every((x) => x.status === 'over')).toBe(true);
    expect(stretches[20]!.status).toBe('fresh');
    expect(s.lastOverAt).toBe(domain24h[1]);
    expect(stripSentence(stretches, 60, domain24h[1])).toBe(
      '21 of 24 stretches within 60 min; over the limit in 3 (latest ending just now).',
    );
  });

  it('judges a downsampled bucket by the oldest age it stands for, not its average', () => {
    const bucket: HistoryPoint = { t: NOW_S - 30 * 60, v: 20 * 60, min: 60, max: 90 * 60 };
    const [only] = freshnessStretches([bucket], [], 3600, [(NOW_S - HOUR) * 1000, NOW_S * 1000], 1);
    expect(only).toMatchObject({ status: 'over', worstAgeSeconds: 90 * 60 });
  });

  it('says "no data" for stretches without readings instead of guessing fresh', () => {
    const stretches = freshnessStretches(sawtooth(6, 1800), [], 3600, domain24h, 24);
    const s = summarizeStretches(stretches);
    expect(s.none).toBe(18);
    expect(s.fresh).toBe(6);
    expect(stretches[0]!.status).toBe('none');
    expect(stretches[0]!.worstAgeSeconds).toBeNull();
    expect(stripSentence(stretches, 60, domain24h[1])).toMatch(/no data in 18\.$/);
  });

  it('flags stretches where the repo had uncommitted changes, below "over the limit"', () => {
    const dirty: HistoryPoint[] = [{ t: NOW_S - 30 * 60, v: 1 }];
    const stretches = freshnessStretches(sawtooth(24, 1800), dirty, 3600, domain24h, 24);
    expect(stretches[23]!.status).toBe('dirty');
    expect(summarizeStretches(stretches)).toMatchObject({ fresh: 23, dirty: 1 });
    const over = freshnessStretches([{ t: NOW_S - 60, v: 2 * HOUR }], dirty, 3600, domain24h, 24);
    expect(over[23]!.status).toBe('over');
  });

  it('reads each backup commit from the raw samples, newest first, once each', () => {
    const commits = recentCommits(sawtooth(24, 1800, 0), NOW_S * 1000, 5);
    const latest = Math.floor(NOW_S / 1800) * 1800;
    expect(commits).toEqual([0, 1, 2, 3, 4].map((k) => (latest - k * 1800) * 1000));
  });

  it('does not read commits from the rollup averages older than the raw window', () => {
    const old: HistoryPoint[] = [];
    for (let t = NOW_S - 10 * 86400; t < NOW_S - 3 * 86400; t += 600)
      old.push({ t, v: 900, min: 0, max: 1800 });
    expect(recentCommits([...old, { t: NOW_S, v: 120 }], NOW_S * 1000, 5)).toEqual([(NOW_S - 120) * 1000]);
    // The app was away for days: the newest readings are rollups too, and still pin nothing.
    expect(recentCommits(old, NOW_S * 1000, 5)).toEqual([]);
  });

  it('finds no commit in an empty or unknown history', () => {
    expect(recentCommits(undefined, NOW_S * 1000)).toEqual([]);
    expect(recentCommits([{ t: NOW_S, v: null }], NOW_S * 1000)).toEqual([]);
  });
});

describe("backup freshness on the chart's rounded time domain", () => {
  const TICK_MS = 15_000;
  // The clock reads 7 min past the last reading: the 24 h domain ends at NOW_S + 10 min (5-minute steps),
  // its half-hour stretches at NOW_S + 10 min, NOW_S - 20 min, NOW_S - 50 min, …
  const nowMs = NOW_S * 1000 + 7 * 60_000;
  /** Readings fresh all day, except the one half an hour before the last, which saw the backup 2 h old. */
  const age = sawtooth(24, 1800).map((p) => (p.t === NOW_S - 1800 ? { ...p, v: 2 * HOUR } : p));

  it('draws the commit age in hours (the unit Trends uses) and the maximum across the whole domain, or no maximum when unknown', () => {
    const domain = chartDomain(chartDomainEnd(nowMs, '24h'), '24h');
    const [commitAge, max] = freshnessChartLines(age, 60, domain);
    expect(commitAge).toMatchObject({ name: 'Commit age' });
    expect(commitAge!.points).toHaveLength(age.length);
    expect(commitAge!.points.at(-1)).toEqual({ t: NOW_S * 1000, v: age.at(-1)!.v! / 3600 });
    expect(max).toMatchObject({ name: 'Max age 60 min (Settings)', dash: 'dashed' });
    expect(max!.points).toEqual(thresholdLine(60, domain));
    expect(max!.points.map((p) => p.v)).toEqual([1, 1]);
    expect(freshnessChartLines(age, null, domain).map((l) => l.name)).toEqual(['Commit age']);
  });

  it('keeps the 48 stretches as they are over the ticks until the edge moves, and the last one always holds "now"', () => {
    for (const range of HISTORY_RANGES) {
      const end = chartDomainEnd(nowMs, range);
      const drawn = freshnessStretches(age, [], 3600, chartDomain(end, range));
      for (let t = nowMs; chartDomainEnd(t, range) === end; t += TICK_MS) {
        const stretches = freshnessStretches(age, [], 3600, chartDomain(chartDomainEnd(t, range), range));
        expect(stretches).toEqual(drawn);
        const last = stretches.at(-1)!;
        expect(last.from, range).toBeLessThanOrEqual(t);
        expect(last.to, range).toBeGreaterThanOrEqual(t);
      }
      expect(drawn).toHaveLength(48);
    }
  });

  it('says how long ago the latest stretch over the limit ended, moving on with the clock', () => {
    const stretches = freshnessStretches(age, [], 3600, chartDomain(chartDomainEnd(nowMs, '24h'), '24h'));
    expect(stretches.filter((s) => s.status === 'over').map((s) => s.to)).toEqual([(NOW_S - 20 * 60) * 1000]);
    expect(stripSentence(stretches, 60, nowMs)).toBe(
      '47 of 48 stretches within 60 min; over the limit in 1 (latest ending 27 min ago).',
    );
    expect(stripSentence(stretches, 60, nowMs + 60_000)).toContain('(latest ending 28 min ago)');
  });

  it('says a stretch over the limit that runs up to the rounded edge, past "now", ended just now', () => {
    // No commit for the last 2 h: the last stretch, which ends after "now", is over the limit.
    const stale = sawtooth(24, 1800).map((p) =>
      p.t > NOW_S - 2 * HOUR ? { t: p.t, v: p.t - (NOW_S - 2 * HOUR) } : p,
    );
    const end = chartDomainEnd(nowMs, '24h');
    expect(end).toBeGreaterThan(nowMs);
    const stretches = freshnessStretches(stale, [], 3600, chartDomain(end, '24h'));
    expect(stretches.at(-1)!.status).toBe('over');
    expect(stripSentence(stretches, 60, nowMs)).toMatch(/\(latest ending just now\)\.$/);
  });
});
