/**
 * Assembling the AppState the renderer and the tray see. Pure: everything comes in as arguments.
 */
import type { AppState, HostKeyPrompt, NotificationStatus } from '../../../preload/ipc-contract.js';
import type { InstanceStatus } from '../../../common/model/instance-status.js';
import type { MaintenanceWindow } from '../../../common/model/maintenance.js';
import type { Warning } from '../../../common/model/warning.js';

export interface AppStateInput {
  demo: boolean;
  instances: InstanceStatus[];
  warnings: Warning[];
  notifications: NotificationStatus;
  hostKeyPrompts: HostKeyPrompt[];
  intervalSeconds: number;
  paused: boolean;
  lastPollAt: string | null;
  now: Date;
  configError?: string | null;
  maintenance?: Record<string, MaintenanceWindow>;
}

export function buildAppState(input: AppStateInput): AppState {
  return {
    demo: input.demo,
    instances: input.instances,
    warnings: sortWarnings(input.warnings),
    notifications: input.notifications,
    updatedAt: input.now.toISOString(),
    hostKeyPrompts: input.hostKeyPrompts,
    polling: { intervalSeconds: input.intervalSeconds, paused: input.paused, lastPollAt: input.lastPollAt },
    configError: input.configError ?? null,
    maintenance: input.maintenance ?? {},
  };
}

const SEVERITY_ORDER = { critical: 0, warning: 1, info: 2 } as const;

/** Criticals first, then active before unknown, then by instance and title: a stable order for the feed. */
export function sortWarnings(warnings: Warning[]): Warning[] {
  return [...warnings].sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      (a.status === b.status ? 0 : a.status === 'active' ? -1 : 1) ||
      a.instanceId.localeCompare(b.instanceId) ||
      a.title.localeCompare(b.title),
  );
}

/** The app's own series for one poll: round-trip time, connection up, warning counts per instance. */
export function appSamplesFor(
  instances: InstanceStatus[],
  warnings: Warning[],
  rttByHost: Map<string, number | null>,
): Map<string, Record<string, number | null>> {
  const out = new Map<string, Record<string, number | null>>();
  for (const inst of instances) {
    const mine = warnings.filter((w) => w.instanceId === inst.id && w.status === 'active');
    out.set(inst.id, {
      pollRttMs: rttByHost.get(inst.hostName) ?? null,
      connectionUp: inst.state === 'unreachable' ? 0 : inst.state === 'unknown' ? null : 1,
      warningsWarning: mine.filter((w) => w.severity === 'warning').length,
      warningsCritical: mine.filter((w) => w.severity === 'critical').length,
    });
  }
  return out;
}
