// Exporter cost, measured side by side in one run (medians over BENCH_RUNS, default 15, interleaved so
// machine noise hits all three alike):
//   (a) `node -e ''`                                   a bare node start, the floor
//   (b) one run of the BUILT bundle against a fixture Hermes home (Vijay-like: backup repo, host probes),
//       as the systemd unit runs it: with its CacheDirectory= (V8 code cache) warm
//   (b0) the same run with no cache folder (a manual run), for reference
//   (c) the naive baseline: one subprocess per check, ~20 in sequence (test/bench/naive-fanout.mjs)
// Targets (issue 2 §6): (b) starts <= 4 subprocesses; b <= 2.5 x a; c >= 5 x b.
// Prints the figures and rewrites the "## Exporter" section of docs/benchmarks.md with them.
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify as toYaml } from 'yaml';
import { buildBundles } from '../../scripts/build-bundles.mjs';
import { buildHermesHome } from '../fixtures/hermes-home/build-hermes-home.ts';
import { writeBenchSection } from './bench-docs.mjs';
import { median, timedNode } from './bench-stats.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const NOW = '2026-07-18T10:00:00.000Z';

await buildBundles({ quiet: true });
const tmp = mkdtempSync(join(tmpdir(), 'hmc-bench-'));
const bundle = join(tmp, 'hermes-exporter.mjs');
writeFileSync(bundle, readFileSync(join(root, 'out/exporter/hermes-exporter.mjs')));
mkdirSync(join(tmp, 'fx'));
const fx = await buildHermesHome(join(tmp, 'fx'), { writer: true });

try {
  const repo = join(tmp, 'backup');
  for (const [path, text] of Object.entries({
    'config.yaml': 'model: {default: x}\n',
    'skills/a/SKILL.md': '# a\n',
    'sessions/sessions.json': '{}\n',
    'cron/jobs.json': '{"jobs":[]}\n',
    'memories/MEMORY.md': 'a\n',
    'scripts/s.py': 'print(1)\n',
  })) {
    mkdirSync(join(repo, dirname(path)), { recursive: true });
    writeFileSync(join(repo, path), text);
  }
  const gitEnv = {
    ...process.env,
    GIT_AUTHOR_NAME: 'b',
    GIT_AUTHOR_EMAIL: 'b@x.invalid',
    GIT_COMMITTER_NAME: 'b',
    GIT_COMMITTER_EMAIL: 'b@x.invalid',
  };
  execFileSync('git', ['init', '-q', '-b', 'main', repo], { env: gitEnv });
  execFileSync('git', ['-C', repo, 'add', '-A'], { env: gitEnv });
  execFileSync('git', ['-C', repo, '-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'backup'], {
    env: gitEnv,
  });

  const config = join(tmp, 'vijay.yaml');
  writeFileSync(
    config,
    toYaml({
      instance: { id: 'vijay', label: 'Vijay (root)' },
      hermesHome: fx.hermesHome,
      installDir: fx.installDir,
      outDir: join(tmp, 'out'),
      systemd: {
        scope: 'system',
        gatewayUnit: 'hermes-gateway.service',
        dashboardUnit: 'hermes-root-dashboard.service',
        backupTimer: 'hermes-root-backup.timer',
        emergencyUploadTimer: 'hermes-emergency-drive-upload.timer',
      },
      dashboard: { port: 9119 },
      backup: { repo },
      recovery: fx.recovery,
      host_probes: { enabled: true, containers: ['caddy', 'gitea-npm-registry'] },
      python: '/usr/bin/python3',
    }),
  );

  // The units give the exporter $CACHE_DIRECTORY (systemd CacheDirectory=); (b) runs the same way.
  const cacheDir = join(tmp, 'cache');
  mkdirSync(cacheDir, { mode: 0o700 });
  const baseEnv = { ...process.env };
  delete baseEnv.CACHE_DIRECTORY;
  const unitEnv = { ...baseEnv, CACHE_DIRECTORY: cacheDir };
  const timed = (args, env = baseEnv) => timedNode(args, { env, cwd: tmp });
  const exporterArgs = [bundle, 'run', '--once', '--config', config, '--now', NOW, '--stats'];
  const naiveSpec = {
    home: fx.hermesHome,
    install: fx.installDir,
    repo,
    units: [
      'hermes-gateway.service',
      'hermes-root-dashboard.service',
      'hermes-root-backup.timer',
      'hermes-emergency-drive-upload.timer',
    ].map((name) => ({ name, scope: 'system' })),
    // Hermes cannot be installed here: python3 sqlite queries stand in for its CLI (see the docs text).
    hermes: null,
  };
  const naiveArgs = [join(root, 'test/bench/naive-fanout.mjs'), JSON.stringify(naiveSpec)];

  // Warm-up: page cache, the exporter's first run (which scans the new backup HEAD once and, as on the
  // VM's first timer run, fills the code cache).
  const first = timed(exporterArgs, unitEnv);
  const firstCount = Number(/subprocesses=(\d+)/.exec(first.stderr)?.[1]);
  timed(['-e', '']);
  timed(naiveArgs);
  const cacheState = () => timed(exporterArgs, unitEnv).stderr.match(/code_cache=(\w+)/)?.[1];
  if (cacheState() !== 'hit')
    throw new Error('the code cache was not used: (b) would not be what the unit runs');

  const a = [];
  const b = [];
  const b0 = [];
  const c = [];
  const cpuMs = { a: 0, b: 0, b0: 0, c: 0 };
  const v = [];
  const inRun = [];
  const bCounts = new Set();
  const perCheck = new Map();
  let cCount = 0;
  for (let i = 0; i < RUNS; i++) {
    const ra = timed(['-e', '']);
    a.push(ra.ms);
    cpuMs.a += ra.cpu / RUNS;
    v.push(timed([bundle, '--version'], unitEnv).ms);
    const rb = timed(exporterArgs, unitEnv);
    b.push(rb.ms);
    inRun.push(Number(/ ms=(\d+)/.exec(rb.stderr)?.[1]));
    cpuMs.b += rb.cpu / RUNS;
    bCounts.add(Number(/subprocesses=(\d+)/.exec(rb.stderr)?.[1]));
    const rb0 = timed(exporterArgs);
    b0.push(rb0.ms);
    cpuMs.b0 += rb0.cpu / RUNS;
    const rc = timed(naiveArgs);
    c.push(rc.ms);
    cpuMs.c += rc.cpu / RUNS;
    const naive = JSON.parse(rc.stdout);
    cCount = naive.subprocesses;
    for (const { check, ms } of naive.perCheck) perCheck.set(check, [...(perCheck.get(check) ?? []), ms]);
  }
  const ma = median(a);
  const mb = median(b);
  const mc = median(c);
  const mb0 = median(b0);
  const checkCosts = [...perCheck].map(([check, ms]) => ({ check, ms: median(ms) }));
  const mv = median(v);
  const mRun = median(inRun);
  const bSub = Math.max(...bCounts);
  const commands = JSON.parse(/commands=(\[.*\])/.exec(timed(exporterArgs).stderr)?.[1] ?? '[]');
  const verdict = (ok) => (ok ? 'met' : 'NOT met');
  const results = {
    date: new Date().toISOString().slice(0, 10),
    nproc: execFileSync('nproc', { encoding: 'utf8' }).trim(),
    node: process.version,
    cpu: (
      /^model name\s*:\s*(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ??
      cpus()[0]?.model ??
      'unknown'
    ).trim(),
    runs: RUNS,
    ma,
    mb,
    mb0,
    mc,
    checkCosts,
    mv,
    mRun,
    cpuMs,
    load: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
    bSub,
    firstCount,
    cCount,
    commands,
    bundleBytes: readFileSync(bundle).length,
  };

  const fmt = (n) => n.toFixed(1);
  console.log(
    `machine: ${results.nproc} cpu(s), ${results.cpu}, node ${results.node}; ${RUNS} runs each, medians`,
  );
  console.log(`load average after the runs: ${results.load}`);
  console.log(`                               median wall   mean CPU (incl. children)`);
  console.log(
    `(a) node -e ''                 ${fmt(ma).padStart(8)} ms   ${fmt(cpuMs.a).padStart(8)} ms   0 subprocesses`,
  );
  console.log(
    `(b) exporter run (bundle)      ${fmt(mb).padStart(8)} ms   ${fmt(cpuMs.b).padStart(8)} ms   ${bSub} subprocesses (${commands.join(', ')}); first run ${firstCount}`,
  );
  console.log(
    `    of which node start + loading the bundle (--version) ${fmt(mv)} ms; collect+validate+write ${fmt(mRun)} ms`,
  );
  console.log(
    `(b0) the same, no code cache   ${fmt(mb0).padStart(8)} ms   ${fmt(cpuMs.b0).padStart(8)} ms   (a manual run without CacheDirectory=)`,
  );
  console.log(
    `(c) naive one-per-check run    ${fmt(mc).padStart(8)} ms   ${fmt(cpuMs.c).padStart(8)} ms   ${cCount} subprocesses`,
  );
  console.log(
    `b/a = ${(mb / ma).toFixed(2)} wall, ${(cpuMs.b / cpuMs.a).toFixed(2)} CPU  (target <= 2.5: ${verdict(mb / ma <= 2.5)})`,
  );
  console.log(
    `c/b = ${(mc / mb).toFixed(2)} wall, ${(cpuMs.c / cpuMs.b).toFixed(2)} CPU  (target >= 5: ${verdict(mc / mb >= 5)})`,
  );
  console.log(`subprocesses per exporter run = ${bSub}  (target <= 4: ${verdict(bSub <= 4)})`);
  console.log(
    `naive checks, median ms each: ${checkCosts.map((k) => `${k.check} ${k.ms.toFixed(1)}`).join(', ')}`,
  );

  writeDocs(results, verdict);
} finally {
  await fx.close();
  rmSync(tmp, { recursive: true, force: true });
}

function writeDocs(r, verdict) {
  const section = `## Exporter

Measured by \`npm run bench\` (test/bench/exporter.bench.mjs) on ${r.date}: ${r.nproc} CPU(s), ${r.cpu},
node ${r.node}. Medians over ${r.runs} interleaved runs of each command, each a fresh process:

| | what | median wall | mean CPU incl. children | subprocesses |
|---|---|---:|---:|---:|
| (a) | \`node -e ''\` (bare node start) | ${r.ma.toFixed(1)} ms | ${r.cpuMs.a.toFixed(1)} ms | 0 |
| (b) | one exporter run as the unit runs it (code cache in its \`CacheDirectory=\` warm): the built bundle against a fixture Hermes home (Vijay-like: live WAL writer, backup repo, host probes, 4 systemd units, 2 containers) | ${r.mb.toFixed(1)} ms | ${r.cpuMs.b.toFixed(1)} ms | ${r.bSub} |
| (b0) | the same run without a cache folder (a manual run) | ${r.mb0.toFixed(1)} ms | ${r.cpuMs.b0.toFixed(1)} ms | ${r.bSub} |
| (c) | naive run: one subprocess per check, awaited in turn (the seeds' old backend: systemctl ×5, git ×5, ps, du, df, free, ss, cat ×2, python3 sqlite ×3) | ${r.mc.toFixed(1)} ms | ${r.cpuMs.c.toFixed(1)} ms | ${r.cCount} |

| ratio | wall | CPU | target | (on wall time) |
|---|---:|---:|---|---|
| b / a | ${(r.mb / r.ma).toFixed(2)} | ${(r.cpuMs.b / r.cpuMs.a).toFixed(2)} | ≤ 2.5 | ${verdict(r.mb / r.ma <= 2.5)} |
| b0 / a | ${(r.mb0 / r.ma).toFixed(2)} | ${(r.cpuMs.b0 / r.cpuMs.a).toFixed(2)} | (for reference) | |
| c / b | ${(r.mc / r.mb).toFixed(2)} | ${(r.cpuMs.c / r.cpuMs.b).toFixed(2)} | ≥ 5 | ${verdict(r.mc / r.mb >= 5)} |
| subprocesses per run | ${r.bSub} | | ≤ 4 | ${verdict(r.bSub <= 4)} |

Load average after the runs: ${r.load} (shared 2-core machine: compare ratios, not milliseconds).

- (b) splits into loading the ${(r.bundleBytes / 1024).toFixed(0)} kB bundle through the code cache (${(r.mv - r.ma).toFixed(1)} ms over a bare start) and
  collecting, validating and writing (${r.mRun.toFixed(1)} ms). Steady-state subprocesses: ${r.commands.map((c) => `\`${c}\``).join(', ')}
  (${r.firstCount} on the first run after the backup repo's HEAD moves: the cached secret scan).
- c/b cannot reach 5 here: (c) is 20 subprocesses at ≈ ${((r.mc - r.ma) / Math.max(1, r.cCount)).toFixed(1)} ms each, so even a free exporter gives
  c/b = ${(r.mc / r.ma).toFixed(1)}. On the VM the real \`hermes\` CLI makes the fan-out costly; measure it there with
  \`test/bench/vm-cost.mjs\` (read-only, as the instance user; usage in its header).
`;
  writeBenchSection('Exporter', section);
}
