/**
 * The tray tooltip: each instance's verdict first ("Bheem Needs attention 5"), why it is Unknown when its
 * data is not current, how old the data is, and whether notifications are paused. Pure.
 */
import type { AppState } from '../../preload/ipc-contract.js';
import type { FleetHealth, InstanceSummary } from './tray-health.js';
import { maintenanceLabel } from '../../common/model/maintenance.js';
import { formatClock } from './tray-time-labels.js';

/** Windows truncates tray tooltips at 127 characters; keep ours whole on every OS. */
export const TOOLTIP_MAX = 127;

/** "Vijay (root)" → "Vijay": the tooltip has little room. */
function shortName(label: string): string {
  return label.replace(/\s*\(.*\)\s*$/, '') || label;
}

// Partial: a state added later reads "not current" until it has its own words.
const NOT_CURRENT: Partial<Record<InstanceSummary['health'], string>> = {
  stale: 'stale',
  unreachable: 'unreachable',
  unknown: 'not checked yet',
  incompatible: 'incompatible',
  invalid: 'invalid snapshot',
};

/** "OK", "Needs attention 5", "Critical 1", "Unknown (unreachable)". */
function badge(s: InstanceSummary): string {
  const { level, label } = s.verdict;
  if (level === 'critical') return `${label} ${s.criticals}`;
  if (level === 'attention') return `${label} ${s.warnings}`;
  if (level === 'unknown') return `${label} (${NOT_CURRENT[s.health] ?? 'not current'})`;
  return label;
}

/** The badge, then "· maintenance until 14:30" while the instance is in maintenance. */
function verdictPart(s: InstanceSummary, nowMs: number, timeZone?: string): string {
  const until = s.verdict.maintenanceUntil;
  return until ? `${badge(s)} · ${maintenanceLabel(until, nowMs, timeZone)}` : badge(s);
}

export function buildTrayTooltip(
  state: AppState,
  health: FleetHealth,
  timeZone?: string,
  now: Date = new Date(),
): string {
  const { summaries, paused } = health;
  const parts = summaries.map(
    (s) => `${shortName(s.instance.label)} ${verdictPart(s, now.getTime(), timeZone)}`,
  );
  if (parts.length === 0) parts.push('no instances configured');
  // "as of" is the oldest fetch, so the tooltip never claims fresher data than the stalest instance has.
  const fetched = summaries.map((s) => s.instance.fetchedAt).filter((t): t is string => t !== null);
  const oldest = fetched.sort((a, b) => Date.parse(a) - Date.parse(b))[0];
  parts.push(oldest ? `as of ${formatClock(oldest, timeZone)}` : 'no data yet');
  if (paused) parts.push('notifications paused');
  const text = (state.demo ? 'Demo · ' : '') + parts.join(' · ');
  return text.length <= TOOLTIP_MAX ? text : text.slice(0, TOOLTIP_MAX - 1) + '…';
}
