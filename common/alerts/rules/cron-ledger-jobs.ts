/**
 * Shared lookups for the cron-ledger rules: each job's ledger entry joined with its jobs.json summary
 * (name, enabled), and the check key suffix for a job.
 */
import type { CronJobSignal, Snapshot } from '../../contract/snapshot.js';

export interface LedgerJob {
  signal: CronJobSignal;
  label: string;
  key: string;
  enabled: boolean;
}

const MISSED_CAUSES: Record<string, string> = {
  'gateway-down': 'the gateway was down',
  'ticker-dead': 'the cron ticker was stalled',
  'vm-off': 'the VM was off or suspended (no exporter run)',
};

export function causeWords(cause: string | null): string {
  return cause ? (MISSED_CAUSES[cause] ?? cause) : 'no run at all (cause not observed)';
}

/** Null when the snapshot carries no ledger (older exporter) or jobs.json was unreadable. */
export function ledgerJobs(snapshot: Snapshot): LedgerJob[] | null {
  const list = snapshot.signals?.cronJobs;
  if (!list) return null;
  const byId = new Map((snapshot.cron.jobs ?? []).map((j) => [j.id, j]));
  return list.map((signal) => {
    const job = byId.get(signal.id);
    return {
      signal,
      label: job?.name ? `"${job.name}"` : signal.id,
      key: signal.id.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 64) || 'unnamed',
      enabled: job ? job.enabled !== false && job.state !== 'paused' && job.state !== 'completed' : true,
    };
  });
}
