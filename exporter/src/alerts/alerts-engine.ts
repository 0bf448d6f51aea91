/**
 * The one rule engine and notification policy of the app (common/), run on the VM: snapshot → warnings →
 * per-lane decisions. Pure apart from nothing: the callers read and write files and print or send.
 *
 * Lanes (common/alerts/vm-alert-lanes.ts): every warning belongs to exactly one delivery path, so an
 * event is told once across both.
 *
 * Maintenance: the ops work adds a maintenance state file next to the snapshot
 * (common/model/maintenance.ts, not on main yet). Honour it in evaluateOnVm: warnings of checks under
 * maintenance drop out there, before either lane decides, so neither path tells them.
 */
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
): LaneDecision {
  const directOn = config.alerts.telegram !== undefined;
  const mine = warnings.filter((w) => laneOf(w.check, directOn) === lane);
  const decided = decideNotifications(laneState, mine, alertPrefs(config.alerts), now, {
    instanceLabels: { [config.instance.id]: config.instance.label },
  });
  return { notifications: decided.notifications, before: laneState, state: decided.state };
}
