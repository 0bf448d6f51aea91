/**
 * A job whose failures are delivered nowhere: its failure lane (`failure_deliver`, else `deliver`,
 * cron/scheduler.py `_delivery_lane_value`) is only `local`, so a failing run is written to disk and
 * nobody hears of it (Hermes issues #86357, #60121). `local` is Hermes's default and often deliberate
 * (script jobs), so it is a listed hint (info) until a failure in the run ledger actually went nowhere:
 * then it is a warning.
 */
import { result, type Finding, type Rule } from '../rule-types.js';
import { ledgerJobs } from './cron-ledger-jobs.js';

export const cronFailureRoutingRule: Rule = ({ snapshot }) => {
  if (!snapshot.signals) return result();
  const jobs = ledgerJobs(snapshot);
  if (jobs === null) return result([], ['cron.failures-nowhere']);
  const findings: Finding[] = jobs
    .filter((j) => j.enabled && j.signal.failuresGoNowhere)
    .map((j) => ({
      check: `cron.failures-nowhere.${j.key}`,
      severity: j.signal.failed7d > 0 ? 'warning' : 'info',
      title:
        j.signal.failed7d > 0
          ? `Cron job ${j.label}: ${j.signal.failed7d} ${j.signal.failed7d === 1 ? 'failure' : 'failures'} this week delivered nowhere`
          : `Cron job ${j.label}: failures are delivered nowhere`,
      facts: [
        j.signal.failureDeliverSet
          ? 'failure_deliver is local'
          : 'deliver is local and no failure_deliver is set',
        'A failing run is only written to cron/output on the VM.',
        'Set failure_deliver (e.g. telegram) so failures reach you.',
      ],
      since: null,
      commands: ['hermes-cron-list'],
    }));
  return result(findings);
};
