/**
 * What the Trends pane draws: the seven charts, and each chart's lines for the instances in scope. Pure,
 * and cached per history result, so a re-render that brings no new history (a clock tick, a tab switch to
 * an instance whose history is already loaded) hands the charts the very same point arrays.
 */
import type { HistoryQueryResult } from '../../../../preload/ipc-contract.js';
import { perDayRate, toChartPoints, type ChartPoint } from '../../charts/series-math.js';
import { SERIES_COLORS, type ChartLine, type LineDash } from '../../charts/chart-line.js';
import { BACKUP_AGE } from '../../charts/quantities.js';

type Series = HistoryQueryResult['series'];

export interface ChartSpec {
  title: string;
  unit: string;
  format: (v: number) => string;
  integer?: boolean;
  parts: { suffix: string; dash?: LineDash; pick: (s: Series) => ChartPoint[] }[];
}

const fixed = (digits: number) => (v: number) => v.toFixed(digits);

export const TREND_CHARTS: readonly ChartSpec[] = [
  {
    title: 'Backup age',
    unit: BACKUP_AGE.unit,
    format: BACKUP_AGE.format,
    parts: [{ suffix: '', pick: (s) => toChartPoints(s.backupAge, BACKUP_AGE.scale) }],
  },
  {
    title: 'Disk used and memory available',
    unit: '%',
    format: fixed(0),
    parts: [
      { suffix: ' disk used', pick: (s) => toChartPoints(s.diskUsedPct) },
      { suffix: ' memory available', dash: 'dashed', pick: (s) => toChartPoints(s.memAvailablePct) },
    ],
  },
  {
    title: 'Sessions per day',
    unit: 'rolling 24 h',
    format: fixed(0),
    integer: true,
    parts: [{ suffix: '', pick: (s) => toChartPoints(s.sessions24h) }],
  },
  {
    title: 'Messages per day',
    unit: 'per day, trailing',
    format: fixed(0),
    parts: [{ suffix: '', pick: (s) => perDayRate(s.messagesTotal) }],
  },
  {
    title: 'Cron failures',
    unit: 'jobs',
    format: fixed(0),
    integer: true,
    parts: [
      { suffix: ' failing', pick: (s) => toChartPoints(s.cronErrors) },
      { suffix: ' overdue', dash: 'dashed', pick: (s) => toChartPoints(s.cronOverdue) },
    ],
  },
  {
    title: 'Warnings',
    unit: 'count',
    format: fixed(0),
    integer: true,
    parts: [
      { suffix: ' critical', pick: (s) => toChartPoints(s.warningsCritical) },
      { suffix: ' warning', dash: 'dashed', pick: (s) => toChartPoints(s.warningsWarning) },
    ],
  },
  {
    title: 'Poll round-trip time',
    unit: 'ms',
    format: (v) => `${v < 10 ? v.toFixed(1) : v.toFixed(0)} ms`,
    parts: [{ suffix: '', pick: (s) => toChartPoints(s.pollRttMs) }],
  },
];

/** Per history result: every chart part's points, in TREND_CHARTS order. Dropped with the result. */
const pointsCache = new WeakMap<HistoryQueryResult, ChartPoint[][][]>();

function chartPointsOf(result: HistoryQueryResult): ChartPoint[][][] {
  let points = pointsCache.get(result);
  if (!points) {
    points = TREND_CHARTS.map((c) => c.parts.map((part) => part.pick(result.series)));
    pointsCache.set(result, points);
  }
  return points;
}

export interface TrendInstance {
  id: string;
  label: string;
  /** Its loaded history for the range on screen, or undefined while there is none. */
  result: HistoryQueryResult | undefined;
}

/** Each chart's lines (TREND_CHARTS order): one per instance with history and per part of the chart. */
export function trendChartLines(instances: readonly TrendInstance[]): ChartLine[][] {
  return TREND_CHARTS.map((chart, c) => {
    const lines: ChartLine[] = [];
    instances.forEach(({ label, result }, idx) => {
      if (!result) return;
      const points = chartPointsOf(result)[c]!;
      chart.parts.forEach((part, p) => {
        lines.push({
          name: `${label}${part.suffix}`,
          // Colour tells instances apart, dash tells a chart's parts apart, and the first instance is drawn
          // heavy under the others so equal values (two instances backed up by the same timer) show both.
          color: SERIES_COLORS[idx % SERIES_COLORS.length]!,
          dash: part.dash,
          weight: idx === 0 && instances.length > 1 ? 'heavy' : 'light',
          points: points[p]!,
        });
      });
    });
    return lines;
  });
}
