/**
 * Timed maintenance on the VM (`hermes-exporter maintenance --instance <id> --for 30m` writes
 * `maintenance.json` next to the snapshot; common/maintenance/vm-maintenance-file.ts): both alert paths
 * hold their messages while it runs, and when it ends each lane tells once what is still wrong
 * (the policy's maintenance events, as in the app). A missing or broken file is "no maintenance".
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { VM_MAINTENANCE_FILE, vmMaintenanceUntil } from '../../../common/maintenance/vm-maintenance-file.js';
import type { PolicyEvents } from '../../../common/notify/notification-policy.js';
import type { ExporterConfig } from '../config.js';

export async function readMaintenanceUntil(config: ExporterConfig, now: Date): Promise<string | null> {
  const text = await readFile(join(config.outDir, VM_MAINTENANCE_FILE), 'utf8').catch(() => null);
  return vmMaintenanceUntil(text, config.instance.id, now);
}

/**
 * The policy events for one lane: `until` is this run's maintenance (null: none), `seenBefore` what the
 * lane saw at its last decision, so the end is told exactly once.
 */
export function maintenanceEvents(
  instanceId: string,
  until: string | null,
  seenBefore: string | null,
): Pick<PolicyEvents, 'maintenance' | 'maintenanceEnded'> {
  return {
    ...(until ? { maintenance: { [instanceId]: until } } : {}),
    ...(seenBefore && !until ? { maintenanceEnded: [instanceId] } : {}),
  };
}
