import { memo } from 'react';
import type { HistoryPoint } from '../../../../preload/ipc-contract.js';
import { RelTime } from '../../components/rel-time.js';
import { clockTime } from '../../lib/format.js';
import { useAppStore } from '../../store/store.js';
import { recentCommits } from './backup-freshness.js';

/** One commit: its clock time, fixed, and how long ago, which follows the clock on its own. */
const CommitRow = memo(function CommitRow({ ms }: { ms: number }) {
  const at = new Date(ms).toISOString();
  return (
    <li>
      {clockTime(at)} · <RelTime iso={at} />
    </li>
  );
});

/**
 * The backup commits the raw readings pin, newest first. Which readings are raw depends on the real clock
 * (the last 48 h), not on the chart's rounded domain edge, so this list follows every tick: a walk back
 * over at most the readings on screen, and a text change at most.
 */
export const RecentCommits = memo(function RecentCommits({
  age,
  label,
}: {
  age: HistoryPoint[];
  label: string;
}) {
  const now = useAppStore((s) => s.now);
  const commits = recentCommits(age, now);
  if (commits.length === 0)
    return <p className="muted small">No commit in the recent history (the last 48 h keep every reading).</p>;
  return (
    <ol className="commit-list" aria-label={`Recent backup commits, ${label}`}>
      {commits.map((ms) => (
        <CommitRow key={ms} ms={ms} />
      ))}
    </ol>
  );
});
