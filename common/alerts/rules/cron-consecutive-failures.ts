/**
 * N runs in a row failed (executions.db `failed`/`unknown` since the last success): one bad run is
 * noise, a streak means the job is broken.
 */
import { result, type Finding, type Rule } from '../rule-types.js';
import { ledgerJobs } from './cron-ledger-jobs.js';

/** Default of thresholds.cronFailureStreakWarning (Settings). */
export const CONSECUTIVE_FAILURES_WARN = 3;

export const cronConsecutiveFailuresRule: Rule = ({ snapshot, thresholds }) => {
  const limit = thresholds.cronFailureStreakWarning ?? CONSECUTIVE_FAILURES_WARN;
  if (!snapshot.signals) return result();
  const jobs = ledgerJobs(snapshot);
  if (jobs === null) return result([], ['cron.failing-streak']);
  const findings: Finding[] = [];
  for (const j of jobs) {
    const n = j.signal.consecutiveFailures;
    if (!j.enabled || n < limit) continue;
    const failed = j.signal.runs.filter((r) => r.outcome === 'failed' || r.outcome === 'unknown');
    const first = failed[failed.length - n] ?? failed[0];
    findings.push({
      check: `cron.failing-streak.${j.key}`,
      severity: 'warning',
      title: `Cron job ${j.label} failed ${n} times in a row`,
      facts: [
        `${j.signal.failed7d} failed of ${j.signal.expected7d ?? '?'} expected in the last 7 days`,
        j.signal.failuresGoNowhere
          ? 'Its failures are delivered nowhere (local only).'
          : `Failures go to: ${j.signal.failureLane.join(', ')}`,
      ],
      since: first?.at ?? null,
      commands: ['hermes-cron-list', 'gateway-journal'],
    });
  }
  return result(findings);
};
