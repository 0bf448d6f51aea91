/**
 * The BUILT exporter bundle (out/exporter/hermes-exporter.mjs), copied alone into an empty folder and run
 * with plain `node` as a subprocess against generated Hermes homes: the outputs match the contract and
 * the fixture's expected numbers, no canary secret leaks, nothing read changes, the subprocess budget
 * holds, and `check` and bad input give the documented exit codes.
 */
import { execFile } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify as toYaml } from 'yaml';
import { evaluateSnapshot } from '../../exporter/src/check-rules.js';
import { parseSnapshotText } from '../../common/contract/parse.js';
import type { Snapshot } from '../../common/contract/snapshot.js';
import {
  buildHermesHome,
  type BuildHermesHomeOptions,
  type HermesHomeFixture,
} from '../fixtures/hermes-home/build-hermes-home.js';
import { FIXTURE_CANARY } from '../fixtures/hermes-home/fixture-clock.js';
import { SIGNAL_JOB_DAILY, SIGNALS_EXPECTED } from '../fixtures/hermes-home/signals-fixture.js';
import { SPEND_EXPECTED, writeSpendStateDb } from '../fixtures/hermes-home/spend-state-db.js';
import { diffTrees, hashTree } from '../fixtures/hermes-home/tree-hash.js';
import { createOneCommitRepo } from '../fixtures/one-commit-repo.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const NOW = '2026-07-18T10:00:00.000Z';
let tmp: string;
let bundle: string;
let dashboard: Server;
let dashboardPort: number;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function node(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    // cwd is the bundle's own empty folder: nothing to resolve modules from. No CACHE_DIRECTORY unless
    // a test passes one (systemd sets it for the units; see the code cache tests below).
    const base: NodeJS.ProcessEnv = { ...process.env, NODE_PATH: '' };
    delete base.CACHE_DIRECTORY;
    execFile(
      process.execPath,
      [bundle, ...args],
      { cwd: join(tmp, 'bin'), env: { ...base, ...env } },
      (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** A backup repo like the runbook's, with one mistake: a tracked .env holding a (canary) key. */
function buildBackupRepo(dir: string): Promise<string> {
  return createOneCommitRepo(
    dir,
    {
      'hermes/config.yaml': 'model: {default: x}\n',
      'hermes/skills/devops/deploy/SKILL.md': '# deploy\n',
      'hermes/sessions/sessions.json': '{}\n',
      'hermes/cron/jobs.json': '{"jobs":[]}\n',
      'hermes/memories/MEMORY.md': 'a\n',
      'hermes/scripts/sync.py': 'print(1)\n',
      'hermes/.env': `OPENROUTER_API_KEY=sk-or-v1-${FIXTURE_CANARY}0123456789abcdef0123456789abcdef\n`,
    },
    '2026-07-18T09:50:00Z',
  );
}

interface Case {
  fx: HermesHomeFixture;
  config: string;
  out: string;
  prom: string;
  backup: string | null;
  before: Map<string, string>[];
  runs: Run[];
  snapshot: Snapshot;
}

/** The units every case asks about unless it names its own: one manager (system), as for Vijay. */
const SYSTEM_UNITS = {
  scope: 'system',
  gatewayUnit: 'hermes-gateway.service',
  backupTimer: 'hermes-root-backup.timer',
};

async function prepare(
  name: string,
  options: BuildHermesHomeOptions,
  extra: {
    backup: boolean;
    hostProbes: boolean;
    systemd?: Record<string, unknown>;
    /** Replaces the home's state.db before the runs (e.g. the spend fixture). */
    stateDb?: (path: string, now: Date) => Promise<void>;
  },
): Promise<Case> {
  const base = join(tmp, name);
  mkdirSync(base);
  mkdirSync(join(base, 'fx'));
  const fx = await buildHermesHome(join(base, 'fx'), options);
  await extra.stateDb?.(join(fx.hermesHome, 'state.db'), new Date(NOW));
  const backup = extra.backup ? await buildBackupRepo(join(base, 'backup')) : null;
  const out = join(base, 'out');
  const prom = join(base, 'prom', `hermes_${name}.prom`);
  mkdirSync(join(base, 'prom'));
  const config = join(base, `${name}.yaml`);
  writeFileSync(
    config,
    toYaml({
      instance: { id: name, label: `${name} (fixture)` },
      hermesHome: fx.hermesHome,
      ...(fx.installDir ? { installDir: fx.installDir } : {}),
      outDir: out,
      systemd: extra.systemd ?? SYSTEM_UNITS,
      dashboard: { port: dashboardPort },
      ...(backup ? { backup: { repo: backup } } : {}),
      recovery: fx.recovery,
      host_probes: { enabled: extra.hostProbes },
      prometheusFile: prom,
      python: '/usr/bin/python3',
    }),
  );
  const trees = [fx.hermesHome, ...(fx.installDir ? [fx.installDir] : []), ...(backup ? [backup] : [])];
  // SQLite readers take read locks in the -shm index of a live WAL database: that file is shared memory,
  // not data (the reference's fixture recipe leaves it out of the comparison while a writer is attached).
  const exclude = (rel: string): boolean => rel.endsWith('state.db-shm');
  const before = await Promise.all(trees.map((t) => hashTree(t, { exclude })));
  const runs: Run[] = [
    await node(['run', '--once', '--config', config, '--now', NOW, '--stats']),
    await node(['run', '--once', '--config', config, '--now', NOW, '--stats']),
  ];
  const after = await Promise.all(trees.map((t) => hashTree(t, { exclude })));
  const changes = before.flatMap((b, i) => diffTrees(b, after[i]!).map((d) => `${trees[i]}: ${d}`));
  expect(changes).toEqual([]);
  const parsed = parseSnapshotText(readFileSync(join(out, 'snapshot.json'), 'utf8'));
  if (!parsed.ok) throw new Error(`${name}: ${parsed.message}\n${runs.map((r) => r.stderr).join('\n')}`);
  return { fx, config, out, prom, backup, before, runs, snapshot: parsed.snapshot };
}

const cases: Record<string, Case> = {};

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'hmc-bundle-'));
  mkdirSync(join(tmp, 'bin'));
  bundle = join(tmp, 'bin', 'hermes-exporter.mjs');
  copyFileSync(join(repoRoot, 'out/exporter/hermes-exporter.mjs'), bundle);
  // A stand-in private dashboard on loopback, so the exposure probe has a real socket to classify.
  dashboard = createServer();
  await new Promise<void>((resolve) => dashboard.listen(0, '127.0.0.1', resolve));
  dashboardPort = (dashboard.address() as { port: number }).port;

  cases.vijay = await prepare(
    'vijay',
    { writer: true, schema: 22, signals: true },
    { backup: true, hostProbes: true },
  );
  // Bheem as the runbook runs it: a user gateway, a system dashboard and backup timer, and a backup repo,
  // so a steady run needs every subprocess the budget allows.
  cases.bheem = await prepare(
    'bheem',
    { schema: 30, gateway: 'dead-pid', jobs: 'bom', ticker: 'stalled' },
    {
      backup: true,
      hostProbes: false,
      systemd: {
        scope: 'user',
        gatewayUnit: 'uma-hermes-gateway.service',
        dashboardUnit: { name: 'uma-hermes-dashboard.service', scope: 'system' },
        backupTimer: { name: 'uma-hermes-backup.timer', scope: 'system' },
      },
    },
  );
  cases.legacy = await prepare(
    'legacy',
    { schema: 'missing-table', gateway: 'telegram-fatal', jobs: 'corrupt', install: 'none' },
    { backup: false, hostProbes: false },
  );
  // Spend: eight days of sessions with chat ids, titles and message text carrying the canary.
  cases.spend = await prepare(
    'spend',
    { gateway: 'absent', install: 'none' },
    { backup: false, hostProbes: false, stateDb: writeSpendStateDb },
  );
}, 120_000);

afterAll(async () => {
  await Promise.all(Object.values(cases).map((c) => c.fx.close()));
  dashboard?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function statsLine(run: Run): { subprocesses: number; commands: string[] } {
  const m = /subprocesses=(\d+) .* commands=(\[.*\])/.exec(run.stderr);
  if (!m) throw new Error(`no stats line in: ${run.stderr}`);
  return { subprocesses: Number(m[1]), commands: JSON.parse(m[2]!) };
}

describe('the bundle runs alone with plain node', () => {
  it('needs no node_modules next to it or above it', () => {
    expect(existsSync(join(tmp, 'bin', 'node_modules'))).toBe(false);
    expect(existsSync(join(tmp, 'node_modules'))).toBe(false);
    expect(existsSync('/tmp/node_modules')).toBe(false);
    for (const c of Object.values(cases)) expect(c.runs.map((r) => r.code)).toEqual([0, 0]);
  });

  it('prints its version and help', async () => {
    expect((await node(['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect((await node(['--help'])).stdout).toContain('hermes-exporter check');
  });
});

describe('snapshot content against the fixture', () => {
  it('reports Vijay-like home: sessions incl. the WAL-only one, cron, gateway, memory, skills, logs, version', () => {
    const { snapshot: s, fx } = cases.vijay!;
    const e = fx.expected;
    expect(s.generatedAt).toBe(NOW);
    expect(s.instance).toMatchObject({
      id: 'vijay',
      label: 'vijay (fixture)',
      systemdScope: 'system',
      hermesHome: fx.hermesHome,
    });
    expect(s.sessions).toMatchObject({
      active: e.sessions.active,
      total: e.sessions.total,
      archived: e.sessions.archived,
      messages: e.sessions.messages,
      bySource: e.sessions.bySource,
    });
    expect(s.cron.jobs).toHaveLength(e.cron.jobCount);
    expect(
      s.cron
        .jobs!.filter((j) => j.overdue)
        .map((j) => j.id)
        .sort(),
    ).toEqual(e.cron.overdueIds);
    expect(s.gateway.running).toBe(true);
    expect(s.memory).toMatchObject(e.memory);
    expect(s.skills.count).toBe(e.skills);
    expect(s.logs).toEqual(e.logs);
    expect(s.hermes).toMatchObject({ version: e.version, gitHead: e.gitHead });
    expect(s.dashboard.exposure).toBe('loopback');
    expect(s.backup?.forbiddenFiles).toContain('hermes/.env');
    expect(s.backup?.secretScan?.hits.length).toBeGreaterThan(0);
    expect(s.host).not.toBeNull();
    expect(s.history).toMatchObject({ rawFile: 'history.jsonl', rollupFile: 'history-rollup.jsonl' });
    // Newer-Hermes signals, through the bundle's own contract check.
    expect(s.signals?.deliveryLedger).toMatchObject(SIGNALS_EXPECTED.delivery);
    expect(s.signals?.gatewayLifecycle?.restarts.map((r) => r.class)).toEqual(SIGNALS_EXPECTED.restarts);
    expect(s.signals?.cronJobs?.find((j) => j.id === SIGNAL_JOB_DAILY)?.runs.map((r) => r.outcome)).toEqual(
      SIGNALS_EXPECTED.daily.outcomes,
    );
  });

  it('reports a dead gateway, a BOM jobs.json and schema 30 for the Bheem-like home', () => {
    const { snapshot: s, fx } = cases.bheem!;
    expect(s.gateway.running).toBe(false);
    expect(s.sessions.dbSchemaVersion).toBe(30);
    expect(s.sessions.active).toBe(fx.expected.sessions.active);
    expect(s.cron.jobs).toHaveLength(fx.expected.cron.jobCount);
    expect(s.backup?.repoPath).toBe(cases.bheem!.backup);
    expect(s.host).toBeNull();
  });

  it('reports each of Bheem’s units with the manager it was asked of, beside the instance default', () => {
    const { snapshot: s } = cases.bheem!;
    expect(s.instance.systemdScope).toBe('user');
    expect(s.systemd.scope).toBe('user');
    expect(s.systemd.units.map((u) => [u.name, u.role, u.scope])).toEqual([
      ['uma-hermes-gateway.service', 'gateway', 'user'],
      ['uma-hermes-dashboard.service', 'dashboard', 'system'],
      ['uma-hermes-backup.timer', 'backup-timer', 'system'],
    ]);
    // Whether this machine runs systemd or not, a probe failure names the manager that could not answer.
    const probe = s.probes.find((p) => p.name === 'systemd')!;
    if (!probe.ok) expect(probe.error).toMatch(/systemctl show \((system|user) manager\)/);
  });

  it('reports spend per UTC day, source and model from the real bundle, with no new subprocess', () => {
    const { snapshot: s, runs } = cases.spend!;
    const today = s.usage!.days.at(-1)!;
    expect(today.total).toMatchObject(SPEND_EXPECTED.today);
    expect(today.bySource.cron.costUsd).toBe(SPEND_EXPECTED.todayBySource.cron);
    expect(s.usage!.unpricedModels).toEqual(SPEND_EXPECTED.unpricedModels);
    expect(s.probes.find((p) => p.name === 'usage')).toMatchObject({ ok: true });
    // python3 (SQLite) is the only subprocess this home needs; spend rides on it.
    expect(statsLine(runs[1]!).commands.filter((c) => c.startsWith('python3'))).toHaveLength(1);
    const history = readFileSync(join(cases.spend!.out, 'history.jsonl'), 'utf8');
    expect(history).toContain('"costTodayCron":4.2');
    const prom = readFileSync(cases.spend!.prom, 'utf8');
    expect(prom).toContain('hermes_spend_today_usd{instance="spend",source="cron"} 4.2');
    expect(prom).toContain('hermes_spend_today_lower_bound{instance="spend"} 1');
    expect(JSON.stringify(s)).not.toContain('-1001');
    // Spend carries no session ids (the sessions section lists recent ids by design; usage never does).
    for (const text of [JSON.stringify(s.usage), history]) expect(text).not.toMatch(/cron_burn|tg_unpriced/);
  });

  it('stays valid on a damaged home: unknown is null with a recorded probe failure, never a guess', () => {
    const { snapshot: s } = cases.legacy!;
    expect(s.backup).toBeNull();
    expect(s.cron.jobs).toBeNull();
    expect(s.probes.some((p) => !p.ok)).toBe(true);
    expect(s.sessions.messages).toBeNull();
    expect(s.gateway.platforms['telegram']?.state).toBe('fatal');
  });
});

describe('secrets and side effects', () => {
  it('never writes the FIXTURE canary into snapshot, history, state, Prometheus file or console output', () => {
    for (const [name, c] of Object.entries(cases)) {
      const texts = [
        ...['snapshot.json', 'history.jsonl', 'history-rollup.jsonl', 'state.json'].map((f) =>
          readFileSync(join(c.out, f), 'utf8'),
        ),
        readFileSync(c.prom, 'utf8'),
        ...c.runs.flatMap((r) => [r.stdout, r.stderr]),
      ];
      for (const t of texts) expect(t.includes(FIXTURE_CANARY), `${name} leaked the canary`).toBe(false);
    }
  });

  it('keeps within 4 subprocesses per steady-state run, counted in --stats and state.json', () => {
    for (const [name, c] of Object.entries(cases)) {
      const steady = statsLine(c.runs[1]!);
      expect(steady.subprocesses, `${name}: ${steady.commands.join(', ')}`).toBeLessThanOrEqual(4);
      // The slowest probe (python3 reading SQLite on this Node) starts before anything else in the run.
      expect(steady.commands[0], name).toMatch(/^python3/);
      // One systemctl per manager in use: Bheem's units span two.
      const systemctls = steady.commands.filter((c) => c.startsWith('systemctl')).sort();
      expect(systemctls, name).toEqual(
        name === 'bheem' ? ['systemctl --user', 'systemctl show'] : ['systemctl show'],
      );
      const state = JSON.parse(readFileSync(join(c.out, 'state.json'), 'utf8'));
      expect(state.lastRun.subprocesses).toBe(steady.subprocesses);
    }
  });

  it('writes world-readable outputs and a history the app can follow (2 samples, same generation)', () => {
    const c = cases.vijay!;
    const lines = readFileSync(join(c.out, 'history.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[1]!).v.sessionsActive).toBe(c.fx.expected.sessions.active);
    const prom = readFileSync(c.prom, 'utf8');
    expect(prom).toContain(`hermes_sessions_active{instance="vijay"} ${c.fx.expected.sessions.active}`);
    expect(prom).toMatch(/^hermes_exporter_last_run_timestamp_seconds\{instance="vijay"\} \d+/m);
  });
});

describe('V8 code cache (systemd CacheDirectory=)', () => {
  const cacheFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.v8cache'));
  const codeCache = (run: Run) => /code_cache=(\w+)/.exec(run.stderr)?.[1];

  it('compiles from scratch once, then loads from the cache, with the same snapshot', async () => {
    const c = cases.vijay!;
    const cacheDir = join(tmp, 'cache-vijay');
    mkdirSync(cacheDir, { mode: 0o700 });
    const args = ['run', '--once', '--config', c.config, '--now', NOW, '--stats'];
    expect((await node(['--version'], { CACHE_DIRECTORY: cacheDir })).code).toBe(0);
    expect(cacheFiles(cacheDir), '--version must not write a cache of the wrong functions').toEqual([]);

    const first = await node(args, { CACHE_DIRECTORY: cacheDir });
    expect(first.code).toBe(0);
    expect(codeCache(first)).toBe('miss');
    const files = cacheFiles(cacheDir);
    expect(files).toHaveLength(1);
    expect(readdirSync(cacheDir), 'no temp files left behind').toEqual(files);
    expect(statSync(join(cacheDir, files[0]!)).mode & 0o777).toBe(0o600);

    const second = await node(args, { CACHE_DIRECTORY: cacheDir });
    expect(second.code).toBe(0);
    expect(codeCache(second)).toBe('hit');
    const cached = parseSnapshotText(readFileSync(join(c.out, 'snapshot.json'), 'utf8'));
    if (!cached.ok) throw new Error(cached.message);
    // Everything read from Hermes and the backup repo is identical (host load/memory move between runs).
    for (const key of [
      'hermes',
      'config',
      'sessions',
      'cron',
      'gateway',
      'memory',
      'skills',
      'backup',
    ] as const)
      expect(cached.snapshot[key], key).toEqual(c.snapshot[key]);
    expect(codeCache(c.runs[0]!)).toBe('off');
  });

  it('survives a corrupt or foreign cache file: rejected, run unharmed, file rewritten', async () => {
    const c = cases.bheem!;
    const cacheDir = join(tmp, 'cache-bheem');
    mkdirSync(cacheDir, { mode: 0o700 });
    const args = ['run', '--once', '--config', c.config, '--now', NOW, '--stats'];
    await node(args, { CACHE_DIRECTORY: cacheDir });
    const file = join(cacheDir, cacheFiles(cacheDir)[0]!);
    writeFileSync(file, Buffer.alloc(4096, 7));
    const run = await node(args, { CACHE_DIRECTORY: cacheDir });
    expect(run.code).toBe(0);
    expect(codeCache(run)).toBe('miss');
    expect(readFileSync(file).equals(Buffer.alloc(4096, 7))).toBe(false);
    expect(codeCache(await node(args, { CACHE_DIRECTORY: cacheDir }))).toBe('hit');
  });
});

describe('check', () => {
  it('exits with the verdict of the snapshot, one line per problem, and writes nothing', async () => {
    for (const c of Object.values(cases)) {
      const expected = evaluateSnapshot(c.snapshot, new Date(NOW));
      const before = await hashTree(c.out);
      const r = await node(['check', '--config', c.config, '--now', NOW]);
      expect(r.code).toBe(expected.exitCode);
      expect(r.stdout.trim().split('\n').filter(Boolean)).toHaveLength(expected.problems.length);
      expect(diffTrees(before, await hashTree(c.out))).toEqual([]);
    }
  });

  it('exits 2 with GATEWAY_DOWN when the gateway pid is dead', async () => {
    const r = await node(['check', '--config', cases.bheem!.config, '--now', NOW]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^CRITICAL GATEWAY_DOWN /m);
  });

  it('judges a written snapshot and reports it stale once the timer has stopped', async () => {
    const file = join(cases.vijay!.out, 'snapshot.json');
    const later = await node(['check', '--snapshot', file, '--now', '2026-07-18T11:00:00Z']);
    expect(later.code).toBe(2);
    expect(later.stdout).toMatch(/^CRITICAL SNAPSHOT_STALE /m);
  });
});

describe('bad input', () => {
  it('names the bad flag and exits 2', async () => {
    const r = await node(['run', '--once', '--hermes-hom', '/x']);
    expect(r).toMatchObject({ code: 2, stderr: 'hermes-exporter: unknown flag --hermes-hom (see --help)\n' });
  });

  it('names the bad config field, exits 2 and writes nothing', async () => {
    const bad = join(tmp, 'bad.yaml');
    const out = join(tmp, 'bad-out');
    writeFileSync(
      bad,
      toYaml({ instance: { id: 'Bad Id', label: 'x' }, hermesHome: '/nonexistent', outDir: out }),
    );
    const r = await node(['run', '--once', '--config', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('field instance.id: lowercase letters, digits, - and _ only');
    expect(existsSync(out)).toBe(false);
  });
});
