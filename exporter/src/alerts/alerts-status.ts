/**
 * `snapshot.alerts` (common/contract/snapshot-alerts.ts): read from the alerts state file the two paths
 * keep, and from Hermes's cron jobs (the one whose name matches `alerts.cronJobPattern` is path 1's).
 * Synchronous and small: one file of a few kB, read once per run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CronJob } from '../../../common/contract/snapshot.js';
import type { VmAlertsStatus } from '../../../common/contract/snapshot-alerts.js';
import type { ExporterConfig } from '../config.js';
import { ALERTS_STATE_FILE, emptyAlertsState, type AlertsState } from './alerts-state.js';

function readState(outDir: string): AlertsState {
  const empty = emptyAlertsState();
  try {
    const raw = JSON.parse(readFileSync(join(outDir, ALERTS_STATE_FILE), 'utf8')) as Partial<AlertsState>;
    return {
      ...empty,
      hermesCron: { ...empty.hermesCron, ...raw.hermesCron },
      direct: { ...empty.direct, ...raw.direct },
    };
  } catch {
    return empty;
  }
}

const isoOrNull = (v: unknown): string | null =>
  typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? new Date(v).toISOString() : null;
const textOrNull = (v: unknown): string | null => (typeof v === 'string' ? v.slice(0, 300) : null);

export function vmAlertsStatus(config: ExporterConfig, jobs: CronJob[] | null): VmAlertsStatus {
  const state = readState(config.outDir);
  let pattern: RegExp | null = null;
  try {
    pattern = new RegExp(config.alerts.cronJobPattern, 'i');
  } catch {
    pattern = null;
  }
  const job = pattern ? (jobs ?? []).find((j) => j.name !== null && pattern.test(j.name)) : undefined;
  return {
    hermesCron: {
      job: job
        ? {
            id: job.id,
            name: job.name,
            enabled: job.enabled,
            lastRunAt: job.lastRunAt,
            lastStatus: job.lastStatus,
            deliveryFailed: job.deliveryFailed,
            deliver: job.deliver,
          }
        : null,
      lastRunAt: isoOrNull(state.hermesCron.lastRunAt),
      lastMessageAt: isoOrNull(state.hermesCron.lastMessageAt),
      lastError: textOrNull(state.hermesCron.lastError),
    },
    direct: {
      configured: config.alerts.telegram !== undefined,
      tokenPresent: typeof state.direct.tokenPresent === 'boolean' ? state.direct.tokenPresent : null,
      lastAttemptAt: isoOrNull(state.direct.lastAttemptAt),
      lastDeliveryAt: isoOrNull(state.direct.lastDeliveryAt),
      lastError: textOrNull(state.direct.lastError),
      retryNotBefore: isoOrNull(state.direct.retryNotBefore),
    },
  };
}
