// The baseline the exporter is measured against (issue 2 §6): what the seeds' old dashboard backend did per
// poll, "~20 execFile per 60 s poll" of systemctl/git/ps/du (roadmap G3), plus the Hermes CLI calls its
// per-instance endpoints were to make (`hermes sessions stats`, `hermes cron list`; the runbook's health
// baseline adds `hermes status --all`). One subprocess per check, awaited one after another.
//
// Used two ways, with no dependency beyond node, so it can be copied to the VM beside vm-cost.mjs:
//   - imported: naiveChecks(spec) builds the list, runChecks(list) runs it;
//   - run: `node naive-fanout.mjs '<spec as JSON>'` prints {subprocesses, perCheck:[{check, ms}]} as JSON.
// Failures are ignored (that backend swallowed them to null): only the cost is measured.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * @typedef {object} NaiveSpec
 * @property {string} home HERMES_HOME
 * @property {string | null} install Hermes install dir (a git checkout)
 * @property {string | null} repo the backup repo
 * @property {{ name: string, scope: 'system' | 'user' }[]} units the instance's systemd units
 * @property {string | null} hermes path of the `hermes` CLI; null where Hermes is not installed (then
 *   bare `python3 -c` sqlite queries stand in for the three CLI calls, which makes (c) far too cheap)
 * @property {string} [python] python3 for the stand-ins
 */

/** The checks, in the order the old backend ran them: [label, file, args, extra env]. */
export function naiveChecks(/** @type {NaiveSpec} */ spec) {
  const { home, install, repo, units, hermes } = spec;
  const py = spec.python ?? '/usr/bin/python3';
  const systemctl = (verb, unit) => [
    `systemctl ${unit.scope === 'user' ? '--user ' : ''}${verb}`,
    'systemctl',
    [...(unit.scope === 'user' ? ['--user'] : []), verb, unit.name],
    {},
  ];
  const git = (dir, ...args) => [`git ${args[0]}`, 'git', ['-C', dir, ...args], {}];
  const sql = (label, query, file) => [
    label,
    py,
    [
      '-c',
      `import sqlite3;c=sqlite3.connect('file:${file}?mode=ro',uri=True);print(c.execute("${query}").fetchall())`,
    ],
    {},
  ];
  const hermesCli = (...args) => [
    `hermes ${args.slice(0, 2).join(' ')}`,
    hermes,
    args,
    { HERMES_HOME: home },
  ];

  const checks = [];
  // The old backend asked is-active of each unit and is-enabled of the gateway (isUmaGatewayActive/Enabled).
  for (const unit of units) checks.push(systemctl('is-active', unit));
  if (units[0]) checks.push(systemctl('is-enabled', units[0]));
  if (repo) {
    checks.push(git(repo, 'rev-parse', '--short', 'HEAD'));
    checks.push(git(repo, 'log', '-1', '--format=%ct'));
    checks.push(git(repo, 'status', '--porcelain'));
    checks.push(git(repo, 'rev-list', '--count', '@{u}..HEAD'));
  }
  if (install) checks.push(git(install, 'rev-parse', '--short', 'HEAD'));
  checks.push(['ps -eo', 'ps', ['-eo', 'pid,args'], {}]);
  checks.push(['du -sb', 'du', ['-sb', home], {}]);
  checks.push(['df -P', 'df', ['-P', '/'], {}]);
  checks.push(['free -b', 'free', ['-b'], {}]);
  checks.push(['ss -ltn', 'ss', ['-ltn'], {}]);
  checks.push(['cat loadavg', 'cat', ['/proc/loadavg'], {}]);
  if (hermes) {
    checks.push(hermesCli('sessions', 'stats'));
    checks.push(hermesCli('cron', 'list'));
    checks.push(hermesCli('status', '--all'));
  } else {
    checks.push(sql('python3 sessions', 'SELECT COUNT(*) FROM sessions', join(home, 'state.db')));
    checks.push(sql('python3 messages', 'SELECT COUNT(*) FROM messages', join(home, 'state.db')));
    checks.push(
      sql(
        'python3 executions',
        'SELECT status, COUNT(*) FROM executions GROUP BY status',
        join(home, 'cron', 'executions.db'),
      ),
    );
  }
  checks.push(['cat jobs.json', 'cat', [join(home, 'cron', 'jobs.json')], {}]);
  return checks;
}

/** Runs the checks one after another; returns how many subprocesses started and what each cost. */
export async function runChecks(checks) {
  const perCheck = [];
  for (const [check, file, args, env] of checks) {
    const t0 = performance.now();
    await run(file, args, { timeout: 30_000, env: { ...process.env, ...env } }).catch(() => null);
    perCheck.push({ check, ms: performance.now() - t0 });
  }
  return { subprocesses: checks.length, perCheck };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const spec = JSON.parse(process.argv[2] ?? 'null');
  if (!spec?.home) {
    process.stderr.write("usage: node naive-fanout.mjs '<spec as JSON>'\n");
    process.exit(2);
  }
  process.stdout.write(JSON.stringify(await runChecks(naiveChecks(spec))));
}
