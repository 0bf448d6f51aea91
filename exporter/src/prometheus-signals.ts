/**
 * Prometheus series for snapshot.signals (node_exporter textfile collector): replies Hermes owes, cron
 * ledger counts per job, gateway restarts per class, restart pending. Unknown values are left out, as
 * everywhere in the file; an older Hermes without the ledger table writes no delivery series.
 */
import type { Snapshot } from '../../common/contract/snapshot.js';

export type AddMetric = (
  name: string,
  help: string,
  value: number | boolean | null | undefined,
  labels?: Record<string, string>,
) => void;

export function addSignalMetrics(s: Snapshot, add: AddMetric): void {
  const sig = s.signals;
  if (!sig) return;
  const d = sig.deliveryLedger;
  if (d?.tablePresent) {
    for (const state of ['pending', 'attempting', 'failed', 'abandoned'] as const)
      add('hermes_delivery_obligations', 'Final replies in the delivery ledger by state.', d[state], {
        state,
      });
  }
  if (sig.tickerLastError)
    add(
      'hermes_cron_ticker_error',
      'The last cron tick failed (cron/ticker_last_error exists).',
      sig.tickerLastError.present,
    );
  if (sig.jobsFiles)
    add(
      'hermes_cron_jobs_corrupt_files',
      'Preserved corrupt copies of cron/jobs.json.',
      sig.jobsFiles.corruptCount,
    );
  for (const j of sig.cronJobs ?? []) {
    const labels = { job: j.id };
    add('hermes_cron_job_expected_runs_7d', 'Runs the schedule called for in 7 days.', j.expected7d, labels);
    add('hermes_cron_job_missed_runs_7d', 'Expected runs with no run at all in 7 days.', j.missed7d, labels);
    add('hermes_cron_job_failed_runs_7d', 'Failed or interrupted runs in 7 days.', j.failed7d, labels);
    add(
      'hermes_cron_job_consecutive_failures',
      'Failed runs since the last success.',
      j.consecutiveFailures,
      labels,
    );
    add(
      'hermes_cron_job_failures_go_nowhere',
      'The failure lane is local only.',
      j.failuresGoNowhere,
      labels,
    );
  }
  const life = sig.gatewayLifecycle;
  if (life) {
    for (const cls of ['planned', 'crash', 'oom', 'reboot', 'unknown'] as const)
      add(
        'hermes_gateway_restarts_7d',
        'Gateway restarts in 7 days by class.',
        life.restarts.filter((r) => r.class === cls).length,
        {
          class: cls,
        },
      );
    add('hermes_gateway_restart_storm', 'A restart storm is under way.', life.storm.active);
    add(
      'hermes_gateway_restart_pending',
      'The running gateway code differs from the installed checkout.',
      life.restartPending,
    );
  }
}
