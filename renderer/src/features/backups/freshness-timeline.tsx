import { useMemo } from 'react';
import { chartDomain, chartDomainEnd } from '../../charts/chart-domain.js';
import { BACKUP_AGE } from '../../charts/quantities.js';
import { TrendChart } from '../../charts/trend-chart.js';
import { EmptyState } from '../../components/empty-state.js';
import { Skeleton } from '../../components/skeleton.js';
import { useAppStore } from '../../store/store.js';
import { freshnessChartLines, freshnessStretches } from './backup-freshness.js';
import { FreshnessStrip } from './freshness-strip.js';
import { RecentCommits } from './recent-commits.js';

/** The configured max backup age (Settings → Thresholds): a number, `loading`, or null when unavailable. */
function useMaxAgeMinutes(): number | 'loading' | null {
  return useAppStore((s) => {
    if (!s.settings) return 'loading';
    return s.settings.status === 'ready' ? s.settings.value.thresholds.backupMaxAgeMinutes : null;
  });
}

/**
 * One instance's backup freshness over the shared history range: commit age with the configured maximum,
 * the stretches over it, and the commits the samples pin. History is fetched by the pane.
 *
 * Like the Trends charts, the chart and the strip end at "now" rounded up per range (charts/chart-domain.ts)
 * and are memoised on what they draw, so the 15 s clock tick redraws neither until that edge moves; what
 * does follow every tick (the "… ago" texts) lives in small components that subscribe to the clock.
 */
export function FreshnessTimeline({ instanceId, label }: { instanceId: string; label: string }) {
  const entry = useAppStore((s) => s.history[instanceId]);
  const range = useAppStore((s) => s.trendRange);
  const domainEnd = useAppStore((s) => chartDomainEnd(s.now, s.trendRange));
  const maxAge = useMaxAgeMinutes();

  const series =
    entry && entry.range === range && entry.data.status === 'ready' ? entry.data.value.series : undefined;
  const age = series?.backupAge;
  const dirty = series?.backupDirty;
  const limit = maxAge === 'loading' ? null : maxAge;
  const domain = useMemo(() => chartDomain(domainEnd, range), [domainEnd, range]);
  const lines = useMemo(() => (age ? freshnessChartLines(age, limit, domain) : []), [age, limit, domain]);
  const stretches = useMemo(
    () => (age && limit !== null ? freshnessStretches(age, dirty, limit * 60, domain) : []),
    [age, dirty, limit, domain],
  );

  if (!entry || entry.range !== range || entry.data.status === 'loading' || maxAge === 'loading') {
    return <Skeleton lines={4} label={`Loading backup history for ${label}`} />;
  }
  if (entry.data.status === 'error') {
    return (
      <p className="text-bad" role="alert">
        Backup history unavailable: {entry.data.error.message}
      </p>
    );
  }
  if (!age || !age.some((p) => p.v !== null)) {
    return (
      <EmptyState title="No backup history yet">
        Mission Control records the backup age each time it reads a snapshot; the timeline fills in as
        readings arrive.
      </EmptyState>
    );
  }

  return (
    <div className="backup-freshness" data-testid={`freshness-${instanceId}`}>
      <TrendChart
        title="Backup commit age"
        unit={BACKUP_AGE.unit}
        format={BACKUP_AGE.format}
        lines={lines}
        domain={domain}
      />
      {limit !== null ? (
        <FreshnessStrip stretches={stretches} maxAgeMinutes={limit} />
      ) : (
        <p className="muted small">
          Max backup age unknown: settings could not be loaded, so no stretch is judged.
        </p>
      )}
      <h4 className="subsection-title">Recent backup commits</h4>
      <RecentCommits age={age} label={label} />
    </div>
  );
}
