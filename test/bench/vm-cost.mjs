// The exporter bench's cost ratios measured ON THE VM, where the naive checks cost what they really cost:
// systemd is PID 1, HERMES_HOME is full size, and the Hermes CLI is installed (none of which holds on the
// machines this project is built on; see docs/benchmarks.md "## Exporter").
//
// Copy this file with naive-fanout.mjs and bench-stats.mjs into one folder on the VM and run it AS THE
// INSTANCE'S OWN USER, the way its exporter unit runs (root for Vijay; uma for Bheem, e.g.
// `sudo -u uma XDG_RUNTIME_DIR=/run/user/1002 node vm-cost.mjs …`):
//
//   node vm-cost.mjs --exporter /usr/local/lib/hermes-exporter/hermes-exporter.mjs \
//                    --config /etc/hermes-exporter/vijay.yaml [--runs 15] [--hermes /path/to/hermes]
//
// It measures, interleaved, medians over --runs: (a) `node -e ''`; (b) one exporter run with a warm code
// cache in a private temp folder, as the unit runs it but with `--print` (so it writes nothing: the unit's
// own snapshot and history are not touched); (c) the naive fan-out (naive-fanout.mjs) for the same
// instance, with the real `hermes sessions stats`, `hermes cron list` and `hermes status --all`. Every
// command is read-only. Prints the ratios against the targets of issue 2 (b/a <= 2.5, c/b >= 5).
import { accessSync, constants, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { median, timedNode } from './bench-stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));

/** The `hermes` CLI: --hermes, else the first executable `hermes` on PATH or in ~/.local/bin; else null. */
export function findHermes(explicit, env = process.env) {
  if (explicit) return explicit;
  const dirs = [...(env.PATH ?? '').split(delimiter), join(homedir(), '.local', 'bin')];
  for (const dir of dirs.filter(Boolean)) {
    try {
      accessSync(join(dir, 'hermes'), constants.X_OK);
      return join(dir, 'hermes');
    } catch {
      // not here
    }
  }
  return null;
}

/** What naive-fanout.mjs needs for this instance, read from the exporter's own snapshot. */
export function naiveSpecFromSnapshot(snapshot, hermes) {
  const instanceScope = snapshot.systemd?.scope ?? snapshot.instance.systemdScope ?? 'system';
  return {
    home: snapshot.instance.hermesHome,
    install: snapshot.hermes?.installDir ?? null,
    repo: snapshot.backup?.repoPath ?? null,
    units: (snapshot.systemd?.units ?? []).map((u) => ({ name: u.name, scope: u.scope ?? instanceScope })),
    hermes,
  };
}

async function main() {
  const { values } = parseArgs({
    options: {
      exporter: { type: 'string' },
      config: { type: 'string' },
      runs: { type: 'string', default: '15' },
      hermes: { type: 'string' },
    },
  });
  const runs = Number(values.runs);
  if (!values.exporter || !values.config || !(runs >= 1)) {
    process.stderr.write(
      'usage: node vm-cost.mjs --exporter <hermes-exporter.mjs> --config <instance.yaml> [--runs 15] [--hermes <path>]\n',
    );
    process.exit(2);
  }
  const env = { ...process.env };
  if (!env.XDG_RUNTIME_DIR && process.getuid?.() !== 0) env.XDG_RUNTIME_DIR = `/run/user/${process.getuid()}`;

  const cacheDir = mkdtempSync(join(tmpdir(), 'hmc-vm-cost-'));
  try {
    const unitEnv = { ...env, CACHE_DIRECTORY: cacheDir };
    const exporterArgs = [values.exporter, 'run', '--once', '--config', values.config, '--print'];
    // First run: learns the instance (home, units, backup repo) and fills the code cache.
    const snapshot = JSON.parse(timedNode(exporterArgs, { env: unitEnv }).stdout);
    const hermes = findHermes(values.hermes, env);
    const spec = naiveSpecFromSnapshot(snapshot, hermes);
    const naiveArgs = [join(here, 'naive-fanout.mjs'), JSON.stringify(spec)];
    timedNode(['-e', ''], { env });
    timedNode(naiveArgs, { env });

    const wall = { a: [], b: [], c: [] };
    const cpu = { a: 0, b: 0, c: 0 };
    const perCheck = new Map();
    let subprocesses = 0;
    for (let i = 0; i < runs; i++) {
      for (const [key, args, e] of [
        ['a', ['-e', ''], env],
        ['b', exporterArgs, unitEnv],
        ['c', naiveArgs, env],
      ]) {
        const r = timedNode(args, { env: e });
        wall[key].push(r.ms);
        cpu[key] += r.cpu / runs;
        if (key === 'c') {
          const naive = JSON.parse(r.stdout);
          subprocesses = naive.subprocesses;
          for (const { check, ms } of naive.perCheck)
            perCheck.set(check, [...(perCheck.get(check) ?? []), ms]);
        }
      }
    }
    const [ma, mb, mc] = [median(wall.a), median(wall.b), median(wall.c)];
    const fmt = (n) => `${n.toFixed(1)} ms`.padStart(10);
    const verdict = (ok) => (ok ? 'met' : 'NOT met');
    const out = [
      `instance ${snapshot.instance.id} (${snapshot.instance.user ?? '?'}), node ${process.version}, ${runs} runs each, medians; load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`,
      `                          wall      CPU incl. children (mean)`,
      `(a) node -e ''     ${fmt(ma)} ${fmt(cpu.a)}`,
      `(b) exporter run   ${fmt(mb)} ${fmt(cpu.b)}`,
      `(c) naive fan-out  ${fmt(mc)} ${fmt(cpu.c)}   ${subprocesses} subprocesses`,
      `b/a = ${(mb / ma).toFixed(2)}  (target <= 2.5: ${verdict(mb / ma <= 2.5)})`,
      `c/b = ${(mc / mb).toFixed(2)}  (target >= 5: ${verdict(mc / mb >= 5)})`,
      `naive checks, median ms each: ${[...perCheck].map(([k, ms]) => `${k} ${median(ms).toFixed(1)}`).join(', ')}`,
    ];
    if (!hermes)
      out.push(
        'WARNING: no `hermes` CLI found (pass --hermes): python3 stand-ins replaced its three calls, so (c) is too cheap.',
      );
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
