/**
 * The seeds' quarterly restore drill as copyable steps, filled with this instance's backup repo:
 * clone into a throw-away folder, scan for secrets, check what must be there and what must not,
 * then delete the folder. Nothing is restored over the live HERMES_HOME.
 */
import type { CommandSpec } from '../model/warning.js';
import type { InstanceShell } from './runbook-commands.js';
import { isSafeAbsolutePath, shellQuote } from './shell-quote.js';

/** The secret patterns the seeds' drill greps for. */
export const RESTORE_DRILL_SECRET_GREP =
  "git grep -nE '(API_KEY|TOKEN|SECRET|PASSWORD|BEGIN .*PRIVATE KEY)' || true";

export function restoreDrillCommands(sh: InstanceShell): CommandSpec[] {
  const repo = sh.snapshot.backup?.repoPath;
  if (!isSafeAbsolutePath(repo)) return [];
  const dir = `/tmp/hermes-restore-test-${sh.snapshot.instance.id}`;
  const where = sh.whereAsUser;
  const step = (
    n: number,
    id: string,
    label: string,
    command: string,
    description?: string,
  ): CommandSpec => ({
    id: `restore-drill-${id}`,
    label: `Restore drill ${n}/5: ${label}`,
    command,
    where,
    ...(description ? { description } : {}),
  });
  return [
    step(
      1,
      'clone',
      'clone the backup repo',
      `${sh.asUser}git clone ${shellQuote(repo)} ${dir}`,
      'Run a backup first (or wait for a successful backup run).',
    ),
    step(
      2,
      'secret-scan',
      'scan for secrets',
      `cd ${dir} && ${RESTORE_DRILL_SECRET_GREP}`,
      'Expected: no output.',
    ),
    step(
      3,
      'verify-present',
      'check the payload is complete',
      `find ${dir} -maxdepth 3 \\( -name config.yaml -o -name skills -o -name sessions -o -name cron -o -name memories -o -name scripts \\) -print`,
      'Expected: config.yaml, skills/, sessions/, cron/, memories/ and scripts all listed.',
    ),
    step(
      4,
      'verify-absent',
      'check nothing secret is in it',
      `find ${dir} \\( -name state.db -o -name '*.db-wal' -o -name '*.db-shm' -o -name .env -o -name 'auth*.json' -o -name '*token*.json' \\) -not -path '*/.git/*' -print`,
      'Expected: no output (.env, OAuth files, state.db and WAL/SHM files must be absent).',
    ),
    step(5, 'cleanup', 'delete the test folder', `rm -rf ${dir}`),
  ];
}
