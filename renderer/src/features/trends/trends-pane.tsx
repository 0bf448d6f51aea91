import { useShallow } from 'zustand/react/shallow';
import type { HistoryQueryResult } from '../../../../preload/ipc-contract.js';
import { perDayRate, RANGE_SECONDS, toChartPoints, type ChartPoint } from '../../charts/series-math.js';
import { TrendChart, type ChartLine } from '../../charts/trend-chart.js';
import { EmptyState } from '../../components/empty-state.js';
import { RangePicker } from '../../components/range-picker.js';
import { Skeleton } from '../../components/skeleton.js';
import { selectScopedInstances } from '../../store/selectors.js';
import { useAppStore } from '../../store/store.js';
import { useScopedHistory } from '../../store/use-scoped-history.js';

const COLORS = ['var(--series-1)', 'var(--series-2)', 'var(--series-3)', 'var(--series-4)'];

type Series = HistoryQueryResult['series'];
interface ChartSpec {
  title: string;
  unit: string;
  format: (v: number) => string;
  integer?: boolean;
  parts: { suffix: string; dashed?: boolean; pick: (s: Series) => ChartPoint[] }[];
}

const fixed = (digits: number) => (v: number) => v.toFixed(digits);
const CHARTS: ChartSpec[] = [
  { title: 'Backup age', unit: 'hours', format: fixed(1), parts: [{ suffix: '', pick: (s) => toChartPoints(s.backupAge, 1 / 3600) }] },
  {
    title: 'Disk used and memory available',
    unit: '%',
    format: fixed(0),
    parts: [
      { suffix: ' disk used', pick: (s) => toChartPoints(s.diskUsedPct) },
      { suffix: ' memory available', dashed: true, pick: (s) => toChartPoints(s.memAvailablePct) },
    ],
  },
  { title: 'Sessions per day', unit: 'rolling 24 h', format: fixed(0), integer: true, parts: [{ suffix: '', pick: (s) => toChartPoints(s.sessions24h) }] },
  { title: 'Messages per day', unit: 'per day, trailing', format: fixed(0), parts: [{ suffix: '', pick: (s) => perDayRate(s.messagesTotal) }] },
  {
    title: 'Cron failures',
    unit: 'jobs',
    format: fixed(0),
    integer: true,
    parts: [
      { suffix: ' failing', pick: (s) => toChartPoints(s.cronErrors) },
      { suffix: ' overdue', dashed: true, pick: (s) => toChartPoints(s.cronOverdue) },
    ],
  },
  {
    title: 'Warnings',
    unit: 'count',
    format: fixed(0),
    integer: true,
    parts: [
      { suffix: ' critical', pick: (s) => toChartPoints(s.warningsCritical) },
      { suffix: ' warning', dashed: true, pick: (s) => toChartPoints(s.warningsWarning) },
    ],
  },
  { title: 'Poll round-trip time', unit: 'ms', format: fixed(0), parts: [{ suffix: '', pick: (s) => toChartPoints(s.pollRttMs) }] },
];

/** Trends from the downsampled history queries only; re-queries on range or scope change and after each poll. */
export function TrendsPane() {
  const instances = useAppStore(useShallow((s) => selectScopedInstances(s).map((i) => `${i.id}\u0000${i.label}`)));
  const range = useAppStore((s) => s.trendRange);
  const history = useAppStore((s) => s.history);
  const now = useAppStore((s) => s.now);
  const ids = instances.map((p) => p.split('\u0000')[0]!);

  useScopedHistory();

  if (instances.length === 0) return <EmptyState title="No instances configured" />;
  const entries = ids.map((id) => history[id]);
  const loading = entries.some((e) => !e || e.range !== range || e.data.status === 'loading');
  const errors = entries.flatMap((e) => (e && e.data.status === 'error' ? [e.data.error.message] : []));
  const domain: [number, number] = [now - RANGE_SECONDS[range] * 1000, now];

  return (
    <div className="pane-body">
      <div className="toolbar">
        <RangePicker label="Trend range" />
      </div>
      {errors.length > 0 ? (
        <p className="text-bad" role="alert">
          History unavailable: {errors.join('; ')}
        </p>
      ) : null}
      {loading ? (
        <Skeleton lines={6} label="Loading trends" />
      ) : (
        <div className="chart-grid">
          {CHARTS.map((c) => {
            const lines: ChartLine[] = [];
            instances.forEach((pair, idx) => {
              const [id, label] = pair.split('\u0000');
              const e = history[id!];
              if (!e || e.data.status !== 'ready') return;
              for (const part of c.parts) {
                lines.push({ name: `${label}${part.suffix}`, color: COLORS[idx % COLORS.length]!, dashed: part.dashed, points: part.pick(e.data.value.series) });
              }
            });
            return <TrendChart key={c.title} title={c.title} unit={c.unit} format={c.format} integer={c.integer} lines={lines} domain={domain} />;
          })}
        </div>
      )}
    </div>
  );
}
