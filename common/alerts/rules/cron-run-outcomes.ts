/**
 * The latest run of a job went wrong in a way jobs.json does not show: it has been running 10× longer than
 * usual (overrun), or Hermes recorded it delivered while its delivery queue never confirmed the send
 * (cron/deliveries.db `unknown`: the gateway died mid-send; Hermes issue #82232).
 */
import { humanDuration, result, type Finding, type Rule } from '../rule-types.js';
import { ledgerJobs } from './cron-ledger-jobs.js';

export const cronRunOutcomesRule: Rule = ({ snapshot, vmNow }) => {
  if (!snapshot.signals) return result();
  const jobs = ledgerJobs(snapshot);
  if (jobs === null) return result([], ['cron.overrun', 'cron.undelivered']);
  const findings: Finding[] = [];
  for (const j of jobs) {
    const ran = j.signal.runs.filter((r) => r.outcome !== 'missed');
    const last = ran[ran.length - 1];
    if (!last) continue;
    if (last.outcome === 'overrun') {
      findings.push({
        check: `cron.overrun.${j.key}`,
        severity: 'warning',
        title: `Cron job ${j.label} has been running for ${humanDuration((vmNow - Date.parse(last.at)) / 1000)}`,
        facts: [
          `Started ${last.at}`,
          `Its usual run takes ${humanDuration(j.signal.medianDurationSeconds ?? 0)} (median); this is over 10×.`,
        ],
        since: last.at,
        commands: ['hermes-cron-list', 'gateway-journal'],
      });
    } else if (last.outcome === 'undelivered') {
      findings.push({
        check: `cron.undelivered.${j.key}`,
        severity: 'warning',
        title: `Cron job ${j.label}: "delivered", but the send was never confirmed`,
        facts: [
          `Run at ${last.at} finished; its delivery outcome is unknown (the gateway exited mid-send).`,
          'Hermes does not retry such a send, so the message most likely never arrived.',
        ],
        since: last.at,
        commands: ['hermes-cron-list', 'gateway-journal'],
      });
    }
  }
  return result(findings);
};
