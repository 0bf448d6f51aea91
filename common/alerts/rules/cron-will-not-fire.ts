/**
 * "Will this cron fire at all?" (Hermes #25737, #99730, #28166): a one-shot whose time has passed without
 * a run never fires; a paused or disabled job is listed (info) so nobody waits for it. A dead gateway,
 * a stalled ticker and a recurring job without next_run_at have their own warnings (rules/cron.ts).
 */
import { result, type Finding, type Rule } from '../rule-types.js';
import { ledgerJobs } from './cron-ledger-jobs.js';

export const cronWillNotFireRule: Rule = ({ snapshot }) => {
  if (!snapshot.signals) return result();
  const jobs = ledgerJobs(snapshot);
  if (jobs === null) return result([], ['cron.will-not-fire']);
  const findings: Finding[] = [];
  for (const j of jobs) {
    const why = j.signal.willNotFire;
    if (why === 'schedule-in-past') {
      findings.push({
        check: `cron.will-not-fire.${j.key}`,
        severity: 'warning',
        title: `Cron job ${j.label} will not fire: its one-shot time has passed`,
        facts: ['It never ran and has no next run.', 'Re-create it with a future time, or remove it.'],
        since: null,
        commands: ['hermes-cron-list'],
      });
    } else if (why === 'paused' || why === 'disabled') {
      findings.push({
        check: `cron.will-not-fire.${j.key}`,
        severity: 'info',
        title: `Cron job ${j.label} will not fire: ${why}`,
        facts: [`The job is ${why} in jobs.json.`],
        since: null,
        commands: ['hermes-cron-list'],
      });
    }
  }
  return result(findings);
};
