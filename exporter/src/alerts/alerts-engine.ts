/**
 * The one rule engine and notification policy of the app (common/), run on the VM: snapshot → warnings →
 * per-lane decisions. Pure apart from nothing: the callers read and write files and print or send.
 *
 * Lanes (common/alerts/vm-alert-lanes.ts): every warning belongs to exactly one delivery path, so an
 * event is told once across both.
 *
 * Maintenance: `hermes-exporter maintenance` writes maintenance.json next to the snapshot
 * (common/maintenance/vm-maintenance-file.ts). Each lane reads it before deciding and hands it to the
 * policy: nothing is told while it runs (warnings stay tracked, so nothing "recovers" falsely), and the
 * first run after it ends sends one summary of what is still wrong.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  VM_MAINTENANCE_FILE,
  vmMaintenanceForLane,
} from '../../../common/maintenance/vm-maintenance-file.js';
import { evaluateRules } from '../../../common/alerts/evaluate-rules.js';
import {
  thresholdsSchema,
  type NotificationPrefs,
  type Thresholds,
} from '../../../common/model/rule-settings.js';
import type { Warning } from '../../../common/model/warning.js';
import {
  decideNotifications,
  type NotificationToShow,
  type PolicyState,
} from '../../../common/notify/notification-policy.js';
import {
  DIRECT_CHECKS,
  NOT_TOLD_ON_VM,
  vmLaneOf,
  type VmAlertLane,
} from '../../../common/alerts/vm-alert-lanes.js';
import type { ExporterConfig } from '../config.js';
import type { AlertsConfig } from './alerts-config.js';
import { vmInstanceStatus, type SnapshotRead } from './vm-instance-status.js';

export type Lane = VmAlertLane;
export { DIRECT_CHECKS };
export const laneOf = vmLaneOf;

export function alertThresholds(alerts: AlertsConfig): Thresholds {
  return { ...thresholdsSchema.parse({}), ...alerts.thresholds };
}

export function alertPrefs(alerts: AlertsConfig): NotificationPrefs {
  return {
    enabled: true,
    holdPolls: alerts.holdRuns,
    reminderMinutes: alerts.reminderMinutes,
    quietHours: alerts.quietHours ?? { enabled: false, start: '22:00', end: '07:00' },
    criticalBreaksThrough: alerts.criticalBreaksThrough,
    maxPerHour: alerts.maxPerHour,
  };
}

/** The warnings a person on the VM side may be told about, for this snapshot (or its absence). */
export function evaluateOnVm(
  config: ExporterConfig,
  read: SnapshotRead,
  now: Date,
  previous: Warning[],
): Warning[] {
  const status = vmInstanceStatus(config, read, now);
  return evaluateRules({
    instances: [status],
    thresholds: alertThresholds(config.alerts),
    now,
    previous,
  }).filter((w) => !NOT_TOLD_ON_VM.has(w.check));
}

export interface LaneDecision {
  notifications: NotificationToShow[];
  /** The lane's state before this decision (titles of what recovered, what was told before). */
  before: PolicyState;
  state: PolicyState;
}

/** One lane's decision over the warnings that belong to it. */
export function decideLane(
  config: ExporterConfig,
  lane: Lane,
  laneState: PolicyState,
  warnings: Warning[],
  now: Date,
  maintenance?: { until: string | null; ended: boolean },
): LaneDecision {
  const directOn = config.alerts.telegram !== undefined;
  const mine = warnings.filter((w) => laneOf(w.check, directOn) === lane);
  const id = config.instance.id;
  const decided = decideNotifications(laneState, mine, alertPrefs(config.alerts), now, {
    instanceLabels: { [id]: config.instance.label },
    ...(maintenance?.until ? { maintenance: { [id]: maintenance.until } } : {}),
    ...(maintenance?.ended ? { maintenanceEnded: [id] } : {}),
  });
  return { notifications: decided.notifications, before: laneState, state: decided.state };
}

/** This lane's maintenance for this run (maintenance.json next to the snapshot; unreadable = none). */
export async function laneMaintenance(
  config: ExporterConfig,
  seenUntil: string | null,
  now: Date,
): Promise<{ until: string | null; ended: boolean; seen: string | null }> {
  const text = await readFile(join(config.outDir, VM_MAINTENANCE_FILE), 'utf8').catch(() => null);
  return vmMaintenanceForLane(text, config.instance.id, now, seenUntil);
}
