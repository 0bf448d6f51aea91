/**
 * The seeds' quarterly restore drill as copyable steps, filled with this instance's backup repo: clone
 * into a throw-away folder, scan for secrets, check what must be there and what must not, then delete
 * the folder. Nothing is restored over the live HERMES_HOME.
 *
 * Two promises, proven by running every step (test/integration/runbook-commands-run.test.ts):
 * - every step runs as the instance's user (`sudo -u uma …`): the clone is hers, so git in it runs as her
 *   (as root, git refuses another user's clone as "dubious ownership");
 * - no step hides its own failure. A step that checks something exits 0 only when the check passed and
 *   says so; it exits 1 when it found a problem (and prints it) and 2 when it could not check (git's or
 *   find's own error is shown above). The checks run inside `sh -c '…'`, so their `exit` never closes
 *   the operator's shell, and a failure of sudo itself can never read as "no secrets found".
 */
import type { CommandSpec } from '../model/warning.js';
import type { InstanceShell } from './runbook-commands.js';
import type { Plan } from './systemd-commands.js';
import { shellQuote, unsafeValueReason } from './shell-quote.js';

/** The secret patterns the seeds' drill greps for (an extended regex for `git grep -E`). */
export const RESTORE_DRILL_SECRET_PATTERN = '(API_KEY|TOKEN|SECRET|PASSWORD|BEGIN .*PRIVATE KEY)';

/** What a restorable payload must hold (the seeds' list). */
export const RESTORE_DRILL_PRESENT = ['config.yaml', 'skills', 'sessions', 'cron', 'memories', 'scripts'];

const STEPS: { id: string; label: string }[] = [
  { id: 'restore-drill-clone', label: 'Restore drill 1/5: clone the backup repo' },
  { id: 'restore-drill-secret-scan', label: 'Restore drill 2/5: scan for secrets' },
  { id: 'restore-drill-verify-present', label: 'Restore drill 3/5: check the payload is complete' },
  { id: 'restore-drill-verify-absent', label: 'Restore drill 4/5: check nothing secret is in it' },
  { id: 'restore-drill-cleanup', label: 'Restore drill 5/5: delete the test folder' },
];

/** `sh -c '<script>'` as the instance's user: one quoting function for the whole script. */
function asUserScript(sh: InstanceShell, script: string): string {
  return `${sh.runAs}sh -c ${shellQuote(script)}`;
}

function secretScan(sh: InstanceShell, dir: string): string {
  return asUserScript(
    sh,
    [
      `git -C ${dir} grep -nE "${RESTORE_DRILL_SECRET_PATTERN}";`,
      'case $? in',
      '0) echo "Secrets found: the lines above must not be in the backup." >&2; exit 1;;',
      '1) echo "No secrets found.";;',
      '*) echo "The secret scan did not run: see the error above." >&2; exit 2;;',
      'esac',
    ].join(' '),
  );
}

function verifyPresent(sh: InstanceShell, dir: string): string {
  return asUserScript(
    sh,
    [
      `cd ${dir} || exit 2;`,
      'missing="";',
      `for p in ${RESTORE_DRILL_PRESENT.join(' ')}; do`,
      'found=$(find . -maxdepth 3 -name "$p" -not -path "./.git/*" -print) || exit 2;',
      '[ -n "$found" ] || missing="$missing $p";',
      'done;',
      'if [ -n "$missing" ]; then echo "Missing from the backup:$missing" >&2; exit 1; fi;',
      `echo "All present: ${RESTORE_DRILL_PRESENT.join(', ')}."`,
    ].join(' '),
  );
}

function verifyAbsent(sh: InstanceShell, dir: string): string {
  const names = ['state.db', '*.db-wal', '*.db-shm', '*.db-journal', '.env', 'auth*.json', '*token*.json'];
  const tests = names.map((n) => `-name "${n}"`).join(' -o ');
  return asUserScript(
    sh,
    [
      // cd first: find run as the user from root's cwd (/root) fails to restore it and exits non-zero.
      `cd ${dir} || exit 2;`,
      `found=$(find . \\( ${tests} \\) -not -path "./.git/*" -print) || exit 2;`,
      'if [ -n "$found" ]; then printf "Must not be in the backup:\\n%s\\n" "$found" >&2; exit 1; fi;',
      'echo "None of .env, OAuth/token files, state.db or its WAL/SHM files is in the backup."',
    ].join(' '),
  );
}

export function addRestoreDrillCommands(plan: Plan, sh: InstanceShell): void {
  const repo = sh.snapshot.backup?.repoPath;
  if (repo === undefined || sh.snapshot.backup === null) return; // no backup repo: nothing to drill
  const where = sh.whereAsUser;
  const bad = unsafeValueReason('the backup repo path', 'path', repo);
  if (bad) {
    for (const s of STEPS) plan.refused.push({ ...s, where, reason: bad });
    return;
  }
  // The folder name comes from the configured instance id (lowercase letters, digits, - and _).
  const dir = `/tmp/hermes-restore-test-${sh.instanceId}`;
  const [clone, scan, present, absent, cleanup] = STEPS as [
    (typeof STEPS)[0],
    (typeof STEPS)[0],
    (typeof STEPS)[0],
    (typeof STEPS)[0],
    (typeof STEPS)[0],
  ];
  const steps: CommandSpec[] = [
    {
      ...clone,
      command: `${sh.runAs}git clone --quiet ${shellQuote(repo)} ${dir}`,
      where,
      description: `Run a backup first (or wait for a successful backup run). Fails if ${dir} already exists: delete it with step 5.`,
    },
    {
      ...scan,
      command: secretScan(sh, dir),
      where,
      description:
        'Exit 0 and "No secrets found." when clean; exit 1 with the matching lines when a secret is committed; exit 2 when the scan could not run.',
    },
    {
      ...present,
      command: verifyPresent(sh, dir),
      where,
      description:
        'Exit 0 when config.yaml, skills/, sessions/, cron/, memories/ and scripts are all there; exit 1 names what is missing.',
    },
    {
      ...absent,
      command: verifyAbsent(sh, dir),
      where,
      description:
        'Exit 0 when .env, OAuth/token files, state.db and WAL/SHM files are all absent; exit 1 lists what is there.',
    },
    { ...cleanup, command: `${sh.runAs}rm -rf ${dir}`, where },
  ];
  plan.commands.push(...steps);
}
