import { RANGE_SECONDS, toChartPoints } from '../../charts/series-math.js';
import { TrendChart, type ChartLine } from '../../charts/trend-chart.js';
import { EmptyState } from '../../components/empty-state.js';
import { RelTime } from '../../components/rel-time.js';
import { Skeleton } from '../../components/skeleton.js';
import { clockTime } from '../../lib/format.js';
import { useAppStore } from '../../store/store.js';
import { freshnessStretches, recentCommits, thresholdLine } from './backup-freshness.js';
import { FreshnessStrip } from './freshness-strip.js';

const minutes = (v: number) => v.toFixed(0);

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
 */
export function FreshnessTimeline({ instanceId, label }: { instanceId: string; label: string }) {
  const entry = useAppStore((s) => s.history[instanceId]);
  const range = useAppStore((s) => s.trendRange);
  const now = useAppStore((s) => s.now);
  const maxAge = useMaxAgeMinutes();

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
  const age = entry.data.value.series.backupAge;
  if (!age || !age.some((p) => p.v !== null)) {
    return (
      <EmptyState title="No backup history yet">
        Mission Control records the backup age each time it reads a snapshot; the timeline fills in as
        readings arrive.
      </EmptyState>
    );
  }

  const domain: [number, number] = [now - RANGE_SECONDS[range] * 1000, now];
  const lines: ChartLine[] = [
    { name: 'Commit age', color: 'var(--series-1)', points: toChartPoints(age, 1 / 60) },
  ];
  if (maxAge !== null)
    lines.push({
      name: `Max age ${maxAge} min (Settings)`,
      color: 'var(--bad)',
      dashed: true,
      points: thresholdLine(maxAge, domain),
    });
  const commits = recentCommits(age, now);

  return (
    <div className="backup-freshness" data-testid={`freshness-${instanceId}`}>
      <TrendChart title="Backup commit age" unit="minutes" format={minutes} lines={lines} domain={domain} />
      {maxAge !== null ? (
        <FreshnessStrip
          stretches={freshnessStretches(age, entry.data.value.series.backupDirty, maxAge * 60, domain)}
          maxAgeMinutes={maxAge}
          now={now}
        />
      ) : (
        <p className="muted small">
          Max backup age unknown: settings could not be loaded, so no stretch is judged.
        </p>
      )}
      <h4 className="subsection-title">Recent backup commits</h4>
      {commits.length === 0 ? (
        <p className="muted small">No commit in the recent history (the last 48 h keep every reading).</p>
      ) : (
        <ol className="commit-list" aria-label={`Recent backup commits, ${label}`}>
          {commits.map((ms) => {
            const at = new Date(ms).toISOString();
            return (
              <li key={ms}>
                {clockTime(at)} · <RelTime iso={at} />
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}
