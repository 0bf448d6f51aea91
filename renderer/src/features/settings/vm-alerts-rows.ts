/**
 * The VM-side alerts section's model, pure: per instance, whether each VM path is installed and working
 * (from its snapshot), when it last ran and told, and the delivery choice saved in Settings.
 */
import type { InstanceStatus } from '../../../../common/model/instance-status.js';
import type { VmAlertsDelivery } from '../../../../common/model/rule-settings.js';
import { vmAlertsHealth, type PathHealth } from '../../../../common/model/vm-alerts-health.js';
import { inertText } from '../../../../common/text/inert-text.js';
import type { Settings } from '../../../../preload/ipc-contract.js';

export const DELIVERY_LABELS: Record<VmAlertsDelivery, string> = {
  both: 'Telegram and desktop',
  telegram: 'Telegram only',
  desktop: 'Desktop only',
};

export const HEALTH_LABELS: Record<PathHealth, string> = {
  working: 'Working',
  'not-installed': 'Not installed',
  failing: 'Not working',
  unknown: 'Unknown',
};

export interface VmAlertsRow {
  id: string;
  label: string;
  hermesCron: {
    health: PathHealth;
    note: string;
    /** The Hermes job's name, made inert (it comes from the VM). */
    jobName: string | null;
    lastRunAt: string | null;
    lastMessageAt: string | null;
  };
  direct: { health: PathHealth; note: string; lastDeliveryAt: string | null };
  choice: VmAlertsDelivery;
  /** Set when "Telegram only" cannot be honoured yet: the desktop keeps telling, and why. */
  fallback: string | null;
}

export function vmAlertsRows(instances: InstanceStatus[], settings: Settings, nowMs: number): VmAlertsRow[] {
  return instances.map((i) => {
    const status = i.snapshot?.alerts;
    const health = vmAlertsHealth(status, nowMs);
    const choice = settings.notifications.deliveryByInstance?.[i.id] ?? 'both';
    const vmWorks = health.hermesCron === 'working' || health.direct === 'working';
    return {
      id: i.id,
      label: i.label,
      hermesCron: {
        health: health.hermesCron,
        note: inertText(health.hermesCronNote),
        jobName: status?.hermesCron.job?.name ? inertText(status.hermesCron.job.name) : null,
        lastRunAt: status?.hermesCron.lastRunAt ?? null,
        lastMessageAt: status?.hermesCron.lastMessageAt ?? null,
      },
      direct: {
        health: health.direct,
        note: inertText(health.directNote),
        lastDeliveryAt: status?.direct.lastDeliveryAt ?? null,
      },
      choice,
      fallback:
        choice === 'telegram' && !vmWorks
          ? 'The VM-side alerts are not working, so the desktop still tells everything.'
          : null,
    };
  });
}

/** The settings with one instance's choice changed (`both` is the default, so it is not stored). */
export function withDeliveryChoice(
  settings: Settings,
  instanceId: string,
  choice: VmAlertsDelivery,
): Settings {
  const current = { ...settings.notifications.deliveryByInstance };
  if (choice === 'both') delete current[instanceId];
  else current[instanceId] = choice;
  const notifications = { ...settings.notifications };
  if (Object.keys(current).length > 0) notifications.deliveryByInstance = current;
  else delete notifications.deliveryByInstance;
  return { ...settings, notifications };
}
