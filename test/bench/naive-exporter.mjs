// The baseline for test/bench/exporter.bench.mjs: what the seeds' old dashboard backend did per poll,
// "~20 execFile per 60 s poll" (roadmap G3): one subprocess per check, awaited one after another.
// Usage: node naive-exporter.mjs <hermesHome> <installDir> <backupRepo>
// Prints, as JSON on stdout, the number of subprocesses it started and each one's wall time (so the
// bench can show what a check costs on this machine). Failures are ignored (as that backend swallowed
// them to null): only the cost is measured.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const [home, install, repo] = process.argv.slice(2);
const py = '/usr/bin/python3';
const db = join(home, 'state.db');
const sql = (q, file = db) => [
  py,
  [
    '-c',
    `import sqlite3;c=sqlite3.connect('file:${file}?mode=ro',uri=True);print(c.execute("${q}").fetchall())`,
  ],
];

const checks = [
  ['systemctl', ['is-active', 'hermes-gateway.service']],
  ['systemctl', ['is-active', 'hermes-root-dashboard.service']],
  ['systemctl', ['is-active', 'hermes-root-backup.timer']],
  ['systemctl', ['is-enabled', 'hermes-gateway.service']],
  ['systemctl', ['is-active', 'hermes-emergency-drive-upload.timer']],
  ['git', ['-C', repo, 'rev-parse', '--short', 'HEAD']],
  ['git', ['-C', repo, 'log', '-1', '--format=%ct']],
  ['git', ['-C', repo, 'status', '--porcelain']],
  ['git', ['-C', repo, 'rev-list', '--count', '@{u}..HEAD']],
  ['git', ['-C', install, 'rev-parse', '--short', 'HEAD']],
  ['ps', ['-eo', 'pid,args']],
  ['du', ['-sb', home]],
  ['df', ['-P', '/']],
  ['free', ['-b']],
  ['ss', ['-ltn']],
  ['cat', ['/proc/loadavg']],
  sql('SELECT COUNT(*) FROM sessions'),
  sql('SELECT COUNT(*) FROM messages'),
  sql('SELECT status, COUNT(*) FROM executions GROUP BY status', join(home, 'cron', 'executions.db')),
  ['cat', [join(home, 'cron', 'jobs.json')]],
];

let started = 0;
const perCheck = [];
for (const [file, args] of checks) {
  started++;
  const t0 = performance.now();
  await run(file, args, { timeout: 5000 }).catch(() => null);
  perCheck.push({
    check: `${file.split('/').pop()} ${args[0] === '-C' ? args[2] : args[0]}`,
    ms: performance.now() - t0,
  });
}
process.stdout.write(JSON.stringify({ subprocesses: started, perCheck }));
