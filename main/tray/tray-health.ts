/**
 * The health rollup behind the tray: each instance's health from its state and active warnings, and the
 * one icon for the whole fleet. Pure.
 *
 * The one rule that matters most (field lessons: Nagstamon stayed green while its source was broken):
 * the icon is never green on old data. Any instance that is not `live` makes the icon grey (`stale`)
 * unless something is critical.
 */
import type { AppState } from '../../preload/ipc-contract.js';
import { instanceDataAgeSeconds } from '../../common/model/data-age.js';
import { instanceVerdict, type InstanceVerdict } from '../../common/model/verdict.js';
import type { InstanceStatus } from '../../common/model/instance-status.js';
import type { Warning } from '../../common/model/warning.js';

export type TrayIcon = 'healthy' | 'warning' | 'critical' | 'stale' | 'paused';
export const TRAY_ICONS: readonly TrayIcon[] = ['healthy', 'warning', 'critical', 'stale', 'paused'];

export type InstanceHealth =
  'healthy' | 'warning' | 'critical' | 'stale' | 'unreachable' | 'unknown' | 'incompatible' | 'invalid';

export interface InstanceSummary {
  instance: InstanceStatus;
  health: InstanceHealth;
  /** Active warnings and criticals (not info). */
  warnings: number;
  criticals: number;
  ageSeconds: number | null;
  /** OK / Needs attention / Critical / Unknown (common/model/verdict.ts): what the tray says first. */
  verdict: InstanceVerdict;
}

export interface FleetHealth {
  icon: TrayIcon;
  /** Notifications are paused. */
  paused: boolean;
  /** One per instance, in the state's order. */
  summaries: InstanceSummary[];
}

/** Rolls the app state up to the tray's icon; `paused` defaults to "the global mute is in the future". */
export function rollUpHealth(state: AppState, now: Date, paused = isMuted(state, now)): FleetHealth {
  const summaries = state.instances.map((instance) =>
    // AppState.maintenance holds only the windows running when the state was assembled.
    summarize(instance, state.warnings, now, state.maintenance?.[instance.id]?.until ?? null),
  );
  return { icon: pickIcon(summaries, state.warnings, paused), paused, summaries };
}

function isMuted(state: AppState, now: Date): boolean {
  const until = state.notifications.mutedUntil;
  return until !== null && Date.parse(until) > now.getTime();
}

function activeFor(warnings: Warning[], instanceId: string): Warning[] {
  return warnings.filter(
    (w) => w.instanceId === instanceId && w.status === 'active' && w.severity !== 'info',
  );
}

function summarize(
  instance: InstanceStatus,
  warnings: Warning[],
  now: Date,
  maintenanceUntil: string | null,
): InstanceSummary {
  const active = activeFor(warnings, instance.id);
  const criticals = active.filter((w) => w.severity === 'critical').length;
  const base = {
    instance,
    warnings: active.length,
    criticals,
    ageSeconds: instanceDataAgeSeconds(instance, now.getTime()),
    verdict: instanceVerdict(instance, warnings, { maintenanceUntil }),
  };
  switch (instance.state) {
    case 'live':
      return { ...base, health: criticals > 0 ? 'critical' : active.length > 0 ? 'warning' : 'healthy' };
    case 'stale':
    case 'unreachable':
    case 'unknown':
    case 'incompatible':
    case 'invalid':
      return { ...base, health: instance.state };
  }
}

function pickIcon(summaries: InstanceSummary[], warnings: Warning[], paused: boolean): TrayIcon {
  // A critical anywhere wins, including fleet-level criticals such as a host-key mismatch.
  if (warnings.some((w) => w.severity === 'critical' && w.status === 'active')) return 'critical';
  if (summaries.some((s) => s.health === 'critical')) return 'critical';
  // Never green (or amber, which implies "otherwise known good") on data we cannot vouch for.
  if (summaries.length === 0 || summaries.some((s) => !['healthy', 'warning'].includes(s.health)))
    return 'stale';
  if (summaries.some((s) => s.health === 'warning')) return 'warning';
  return paused ? 'paused' : 'healthy';
}
