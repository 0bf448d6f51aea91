/**
 * The panes that draw charts (Trends, Backups), loaded as their own chunk: the first screen (Overview)
 * needs none of the chart code, so it is not in the script the window loads first. Fetched as soon as
 * the browser is idle after the first screen, so the first click on either pane rarely waits; until it is
 * in, the pane shows the same loading skeleton it shows while history loads.
 */
import { lazy, Suspense, type ComponentType } from 'react';
import { Skeleton } from '../components/skeleton.js';

const loadTrends = () => import('../features/trends/trends-pane.js').then((m) => ({ default: m.TrendsPane }));
const loadBackups = () =>
  import('../features/backups/backups-pane.js').then((m) => ({ default: m.BackupsPane }));

const Trends = lazy(loadTrends);
const Backups = lazy(loadBackups);

function withSkeleton(Pane: ComponentType, label: string): ComponentType {
  return function ChartPane() {
    return (
      <Suspense fallback={<Skeleton lines={6} label={label} />}>
        <Pane />
      </Suspense>
    );
  };
}

export const TrendsPane = withSkeleton(Trends, 'Loading trends');
export const BackupsPane = withSkeleton(Backups, 'Loading backups');

/** Starts fetching the chart chunk once the first screen is up (idle, or after 1 s at the latest). */
export function prefetchChartPanes(): void {
  const start = () => void Promise.all([loadTrends(), loadBackups()]).catch(() => undefined);
  if (typeof requestIdleCallback === 'function') requestIdleCallback(start, { timeout: 1000 });
  else setTimeout(start, 200);
}
