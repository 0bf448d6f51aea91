/**
 * jobs.json was found damaged (cron/jobs_store.py preserves the bytes as `jobs.json.corrupt-<sha256>`):
 * a recent one means Hermes refused to run cron from a broken store, an old one is history.
 */
import { result, type Rule } from '../rule-types.js';

const RECENT_MS = 7 * 86400_000;

export const cronJobsStoreRule: Rule = ({ snapshot, vmNow }) => {
  const signals = snapshot.signals;
  if (!signals) return result();
  const files = signals.jobsFiles;
  if (files === null) return result([], ['cron.jobs-store-corrupt']);
  if (files.corruptCount === 0) return result();
  const recent = files.corruptLatestAt !== null && vmNow - Date.parse(files.corruptLatestAt) < RECENT_MS;
  const facts = [
    `${files.corruptCount} preserved corrupt copy(ies) beside cron/jobs.json`,
    files.lastGood ? 'A last-good copy exists (jobs.json.last-good)' : 'No last-good copy exists',
  ];
  if (files.strictDurability) facts.push('Strict durability is latched: Hermes refuses a damaged store');
  return result([
    {
      check: 'cron.jobs-store-corrupt',
      severity: recent ? 'warning' : 'info',
      title: 'cron/jobs.json was found corrupt (Hermes kept a copy)',
      facts,
      since: files.corruptLatestAt,
      commands: ['hermes-cron-list'],
    },
  ]);
};
