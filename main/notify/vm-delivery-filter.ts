/**
 * The desktop does not tell twice what the VM already tells, when the operator chose "Telegram only"
 * for an instance (common/model/rule-settings.ts, `notifications.deliveryByInstance`). Pure.
 *
 * A notification is dropped only on evidence that the VM tells it: the instance's snapshot says the VM
 * path that owns the check (common/alerts/vm-alert-lanes.ts) is working (common/model/vm-alerts-health.ts).
 * Everything else still notifies: the laptop's own view (`data.*`: cannot reach the VM, data stale from
 * here), gateway/ticker failures while path 2 is off, and all of it while the VM-side alerts are broken or
 * unknown. A summary goes only when every warning it covers is told by the VM.
 */
import { DIRECT_CHECKS, NOT_TOLD_ON_VM } from '../../common/alerts/vm-alert-lanes.js';
import type { InstanceStatus } from '../../common/model/instance-status.js';
import type { VmAlertsDelivery } from '../../common/model/rule-settings.js';
import { vmAlertsHealth } from '../../common/model/vm-alerts-health.js';
import type { NotificationToShow } from '../../common/notify/notification-policy.js';

/** True when the VM tells the person about this warning itself (so a "Telegram only" desktop need not). */
export function vmTells(warningId: string, instance: InstanceStatus | undefined, nowMs: number): boolean {
  if (!instance) return false;
  const check = warningId.slice(warningId.indexOf(':') + 1);
  if (check.startsWith('data.') || NOT_TOLD_ON_VM.has(check)) return false;
  const status = instance.snapshot?.alerts;
  const health = vmAlertsHealth(status, nowMs);
  const directOn = status?.direct.configured === true;
  if (directOn && DIRECT_CHECKS.includes(check)) return health.direct === 'working';
  // Without path 2, gateway and ticker failures silence path 1 too: nobody on the VM tells them.
  if (DIRECT_CHECKS.includes(check)) return false;
  return health.hermesCron === 'working';
}

export function withoutWhatTheVmTells(
  notifications: NotificationToShow[],
  delivery: Readonly<Record<string, VmAlertsDelivery>> | undefined,
  instances: InstanceStatus[],
  now: Date,
): NotificationToShow[] {
  if (!delivery) return notifications;
  const byId = new Map(instances.map((i) => [i.id, i]));
  const covered = (warningId: string): boolean => {
    const instanceId = warningId.slice(0, warningId.indexOf(':'));
    return delivery[instanceId] === 'telegram' && vmTells(warningId, byId.get(instanceId), now.getTime());
  };
  return notifications.filter((n) => n.warningIds.length === 0 || !n.warningIds.every(covered));
}
