/**
 * Missed cron runs: a slot the job's schedule called for passed with no run at all (ticker dead, gateway
 * down, VM suspended). While the latest expected run is missed it is a warning; once the job runs again
 * an info entry says how many runs were missed before it recovered.
 */
import { result, type Finding, type Rule } from '../rule-types.js';
import { causeWords, ledgerJobs } from './cron-ledger-jobs.js';

/** How long a recovery note stays listed. */
const RECOVERY_NOTE_MS = 24 * 3600_000;

export const cronMissedRunsRule: Rule = ({ snapshot, vmNow }) => {
  if (!snapshot.signals) return result();
  const jobs = ledgerJobs(snapshot);
  if (jobs === null) return result([], ['cron.missed-run', 'cron.recovered']);
  const findings: Finding[] = [];
  for (const j of jobs) {
    const runs = j.signal.runs;
    const last = runs[runs.length - 1];
    if (!last || !j.enabled) continue;
    if (last.outcome === 'missed') {
      let n = 0;
      for (let i = runs.length - 1; i >= 0 && runs[i]!.outcome === 'missed'; i--) n++;
      const first = runs[runs.length - n]!;
      findings.push({
        check: `cron.missed-run.${j.key}`,
        severity: 'warning',
        title: `Cron job ${j.label} missed ${n === 1 ? 'its last run' : `its last ${n} runs`}`,
        facts: [
          `Expected at ${last.at}: ${causeWords(last.cause)}`,
          ...(n > 1 ? [`First missed run: ${first.at}`] : []),
          `${j.signal.missed7d} missed in the last 7 days`,
        ],
        since: first.at,
        commands: ['hermes-cron-list', 'gateway-status', 'gateway-journal'],
      });
    } else if (j.signal.missedBeforeLatest > 0 && vmNow - Date.parse(last.at) < RECOVERY_NOTE_MS) {
      const n = j.signal.missedBeforeLatest;
      findings.push({
        check: `cron.recovered.${j.key}`,
        severity: 'info',
        title: `Cron job ${j.label} ran again after ${n} missed ${n === 1 ? 'run' : 'runs'}`,
        facts: [
          `Ran at ${last.at} (${last.outcome})`,
          `${n} expected ${n === 1 ? 'run' : 'runs'} before it never happened`,
        ],
        since: last.at,
        commands: ['hermes-cron-list'],
      });
    }
  }
  return result(findings);
};
