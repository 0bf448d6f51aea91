/**
 * One verdict per instance — what a person needs to know first: OK, Needs attention, Critical or Unknown.
 * The worst of the instance's data state and its active warnings; Unknown whenever its data is not current
 * (stale, unreachable, never fetched, a newer schema, or the app's own bridge down), because a check we
 * cannot evaluate now is not a pass. A critical that is known (a changed host key, say) still wins.
 * Data freshness ("Live", "Stale") is shown beside the verdict, never instead of it. Pure.
 */
import type { InstanceStatus } from './instance-status.js';
import { maintenanceLabel } from './maintenance.js';
import type { Warning } from './warning.js';

export type VerdictLevel = 'ok' | 'attention' | 'critical' | 'unknown';

export const VERDICT_LABELS: Record<VerdictLevel, string> = {
  ok: 'OK',
  attention: 'Needs attention',
  critical: 'Critical',
  unknown: 'Unknown',
};

/**
 * Worst first. Unknown outranks Needs attention, as it does within one instance: data we cannot vouch for
 * is never summed up as "otherwise fine" (the tray is never amber while an instance is unknown).
 */
export const VERDICT_RANK: Record<VerdictLevel, number> = { critical: 3, unknown: 2, attention: 1, ok: 0 };

export interface InstanceVerdict {
  level: VerdictLevel;
  label: string;
  /** Active warnings (severity warning or critical) of this instance. */
  warnings: number;
  criticals: number;
  /** One short reason: the top warning's title, or why the data is not current. */
  reason: string;
  /**
   * Set while the instance is in timed maintenance (common/model/maintenance.ts): ISO time it ends. The
   * level is unchanged — maintenance holds notifications, it does not make a problem go away — and
   * every view says "maintenance until 14:30" beside it ({@link verdictText}).
   */
  maintenanceUntil?: string;
}

export interface VerdictOptions {
  /**
   * False when the app itself cannot vouch that `instance` is current (the window's bridge to the core is
   * down): the verdict is then Unknown whatever the last data said.
   */
  dataCurrent?: boolean;
  /** Until when (ISO) the instance is in maintenance; absent or null when it is not. */
  maintenanceUntil?: string | null;
}

const NOT_CURRENT: Record<Exclude<InstanceStatus['state'], 'live'>, string> = {
  stale: 'data is stale',
  unreachable: 'unreachable',
  unknown: 'not checked yet',
  incompatible: 'snapshot from a newer exporter',
  invalid: 'snapshot is invalid',
};

export function instanceVerdict(
  instance: InstanceStatus,
  warnings: readonly Warning[],
  options: VerdictOptions = {},
): InstanceVerdict {
  const active = warnings.filter(
    (w) => w.instanceId === instance.id && w.status === 'active' && w.severity !== 'info',
  );
  const critical = active.filter((w) => w.severity === 'critical');
  const base = {
    warnings: active.length,
    criticals: critical.length,
    ...(options.maintenanceUntil ? { maintenanceUntil: options.maintenanceUntil } : {}),
  };
  const verdict = (level: VerdictLevel, reason: string): InstanceVerdict => ({
    ...base,
    level,
    label: VERDICT_LABELS[level],
    reason,
  });
  if (critical.length > 0) return verdict('critical', critical[0]!.title);
  if (options.dataCurrent === false) return verdict('unknown', 'Mission Control disconnected');
  if (instance.state !== 'live') return verdict('unknown', NOT_CURRENT[instance.state]);
  if (active.length > 0) return verdict('attention', active[0]!.title);
  return verdict('ok', 'all checks pass');
}

/** The worst of several verdict levels (the fleet's, for the tray and the window title). */
export function worstVerdict(levels: readonly VerdictLevel[]): VerdictLevel {
  if (levels.length === 0) return 'unknown';
  return levels.reduce((a, b) => (VERDICT_RANK[b] > VERDICT_RANK[a] ? b : a));
}

/** "Needs attention", or "Needs attention · maintenance until 14:30" while in maintenance. */
export function verdictText(verdict: InstanceVerdict, nowMs: number, timeZone?: string): string {
  return verdict.maintenanceUntil
    ? `${verdict.label} · ${maintenanceLabel(verdict.maintenanceUntil, nowMs, timeZone)}`
    : verdict.label;
}
