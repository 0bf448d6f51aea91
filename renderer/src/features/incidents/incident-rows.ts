/** Pure helpers for the Incidents pane: how one incident's time and duration read. */
import type { Incident } from '../../../../common/incidents/incident-types.js';
import { formatClock, formatDuration } from '../../../../common/text/human-time.js';

export function durationText(i: Incident): string {
  if (i.ongoing) return `ongoing · ${formatDuration(i.durationSeconds)}`;
  if (i.startedAt === i.endedAt) return 'event';
  return formatDuration(i.durationSeconds);
}

/** "03:10 → 03:14", "Wed 03:10 → ongoing", "Mon 09:00" (a single event). */
export function spanText(i: Incident, nowMs: number): string {
  const start = formatClock(i.startedAt, nowMs);
  if (i.ongoing) return `${start} → now`;
  if (i.startedAt === i.endedAt) return start;
  return `${start} → ${formatClock(i.endedAt, nowMs)}`;
}
