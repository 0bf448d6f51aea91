import { useEffect, useMemo } from 'react';
import { HISTORY_RANGES } from '../../../../preload/ipc-contract.js';
import { useShallow } from 'zustand/react/shallow';
import { chartDomain, chartDomainEnd } from '../../charts/chart-domain.js';
import { TrendChart } from '../../charts/trend-chart.js';
import { EmptyState } from '../../components/empty-state.js';
import { RangePicker } from '../../components/range-picker.js';
import { Skeleton } from '../../components/skeleton.js';
import { useActions } from '../../store/actions.js';
import { selectScopedInstances } from '../../store/selectors.js';
import { useAppStore } from '../../store/store.js';
import { useScopedHistory } from '../../store/use-scoped-history.js';
import { SpendTrends } from './SpendTrends.js';
import { TREND_CHARTS, trendChartLines } from './trend-lines.js';

/**
 * Trends from the downsampled history queries only; re-queries on range or scope change and after each
 * poll (see useScopedHistory). Subscribes to the clock only through the charts' rounded domain edge and to
 * the history of the instances in scope only, so a tick or another instance's answer re-renders nothing.
 */
export function TrendsPane() {
  const instances = useAppStore(
    useShallow((s) => selectScopedInstances(s).map((i) => `${i.id}\u0000${i.label}`)),
  );
  const range = useAppStore((s) => s.trendRange);
  const entries = useAppStore(
    useShallow((s) => instances.map((pair) => s.history[pair.split('\u0000')[0]!])),
  );
  const domainEnd = useAppStore((s) => chartDomainEnd(s.now, s.trendRange));

  useScopedHistory();
  const actions = useActions();
  const drawn =
    entries.length > 0 && entries.every((e) => e && e.range === range && e.data.status === 'ready');
  const idsKey = instances.map((p) => p.split('\u0000')[0]).join(',');

  // Once the charts are drawn (effects run after the paint), fetch the other ranges, all at once, so a
  // range click draws at once from what is known and refreshes quietly (store/history-slice.ts).
  useEffect(() => {
    if (drawn && idsKey) void actions.prefetchHistory(idsKey.split(','), HISTORY_RANGES);
  }, [drawn, idsKey, actions]);

  const domain = useMemo(() => chartDomain(domainEnd, range), [domainEnd, range]);
  const lines = useMemo(
    () =>
      trendChartLines(
        instances.map((pair, i) => {
          const [id, label] = pair.split('\u0000') as [string, string];
          const e = entries[i];
          return {
            id,
            label,
            result: e && e.range === range && e.data.status === 'ready' ? e.data.value : undefined,
          };
        }),
      ),
    [instances, entries, range],
  );

  if (instances.length === 0) return <EmptyState title="No instances configured" />;
  const loading = entries.some((e) => !e || e.range !== range || e.data.status === 'loading');
  const errors = entries.flatMap((e) => (e && e.data.status === 'error' ? [e.data.error.message] : []));

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
        <div className="chart-grid" data-range={range}>
          {TREND_CHARTS.map((c, i) => (
            <TrendChart
              key={c.title}
              title={c.title}
              unit={c.unit}
              format={c.format}
              integer={c.integer}
              lines={lines[i]!}
              domain={domain}
            />
          ))}
        </div>
      )}
      <SpendTrends />
    </div>
  );
}
