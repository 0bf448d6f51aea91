/**
 * Whether an instance's VM-side alerts are installed and working, judged from its snapshot
 * (`snapshot.alerts`, common/contract/snapshot-alerts.ts). Shared by the Settings section that shows it
 * and by the desktop notifier that stays quiet about what the VM already tells. Pure.
 *
 * A path counts as working only on evidence: path 1 when Hermes has the alerts job, it is enabled, its
 * last run neither failed nor failed to deliver, and `hermes-exporter alerts` ran recently without an
 * error; path 2 when it is configured, found its token and its last attempt did not fail.
 */
import type { VmAlertsStatus } from '../contract/snapshot-alerts.js';

/** Path 1 runs every few minutes (docs/operations.md: every 5); silent longer than this is not working. */
export const HERMES_CRON_MAX_SILENCE_MINUTES = 30;

export type PathHealth = 'working' | 'not-installed' | 'failing' | 'unknown';

export interface VmAlertsHealth {
  hermesCron: PathHealth;
  direct: PathHealth;
  /** One short sentence per path, for the Settings section. */
  hermesCronNote: string;
  directNote: string;
}

export function vmAlertsHealth(status: VmAlertsStatus | null | undefined, nowMs: number): VmAlertsHealth {
  if (!status)
    return {
      hermesCron: 'unknown',
      direct: 'unknown',
      hermesCronNote: 'This exporter does not report VM-side alerts (update it on the VM).',
      directNote: 'Unknown.',
    };
  const p1 = status.hermesCron;
  let hermesCron: PathHealth;
  let hermesCronNote: string;
  const ranAgoMin = p1.lastRunAt ? (nowMs - Date.parse(p1.lastRunAt)) / 60_000 : null;
  if (!p1.job && !p1.lastRunAt) {
    hermesCron = 'not-installed';
    hermesCronNote = 'No Hermes cron job runs hermes-exporter alerts.';
  } else if (!p1.job) {
    hermesCron = 'failing';
    hermesCronNote =
      'hermes-exporter alerts ran, but no Hermes cron job matching alerts.cronJobPattern was found.';
  } else if (p1.job.enabled === false) {
    hermesCron = 'failing';
    hermesCronNote = 'The Hermes alerts job is paused.';
  } else if (p1.job.lastStatus === 'error' || p1.lastError) {
    hermesCron = 'failing';
    hermesCronNote = p1.lastError ?? 'The Hermes alerts job’s last run failed.';
  } else if (p1.job.deliveryFailed) {
    hermesCron = 'failing';
    hermesCronNote = 'Hermes ran the alerts job but could not deliver its message.';
  } else if (ranAgoMin === null || ranAgoMin > HERMES_CRON_MAX_SILENCE_MINUTES) {
    hermesCron = 'failing';
    hermesCronNote = 'hermes-exporter alerts has not run recently (is the gateway’s cron ticker running?).';
  } else {
    hermesCron = 'working';
    hermesCronNote = 'Hermes runs the alerts job and delivers what it prints.';
  }

  const p2 = status.direct;
  let direct: PathHealth;
  let directNote: string;
  if (!p2.configured) {
    direct = 'not-installed';
    directNote = 'Off: no alerts.telegram in the exporter config.';
  } else if (p2.tokenPresent === false || p2.lastError) {
    direct = 'failing';
    directNote = p2.lastError ?? 'No bot token found.';
  } else if (p2.tokenPresent === null) {
    direct = 'unknown';
    directNote = 'Configured; no attempt yet.';
  } else {
    direct = 'working';
    directNote = 'Ready: the exporter’s timer tells gateway and ticker failures itself.';
  }
  return { hermesCron, direct, hermesCronNote, directNote };
}
