/**
 * Path 1 of the VM-side alerts, end to end with real parts: a generated Hermes home, the built exporter
 * bundle writing real snapshots (`run --once`), and `hermes-exporter alerts` run through the shipped
 * no_agent script (docs/examples/mission-control-alerts.sh) with bash, as Hermes's cron runs it. What it
 * prints is what Hermes would deliver to Telegram; empty output is a silent run.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile, mkdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify as toYaml } from 'yaml';
import { buildHermesHome, type HermesHomeFixture } from '../fixtures/hermes-home/build-hermes-home.js';
import { FIXTURE_CANARY } from '../fixtures/hermes-home/fixture-clock.js';

const execFileP = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const BUNDLE = join(repoRoot, 'out/exporter/hermes-exporter.mjs');
const SCRIPT = join(repoRoot, 'docs/examples/mission-control-alerts.sh');

let tmp: string;
let fx: HermesHomeFixture;

const iso = (secondsFromNow: number) => new Date(Date.now() + secondsFromNow * 1000).toISOString();

type JobState = 'ok' | 'error';
/** jobs.json as Hermes writes it: the backup sync and the watchdog job, each ok or failing. */
async function writeJobs(home: string, backup: JobState, watchdog: JobState = 'ok'): Promise<void> {
  const job = (id: string, name: string, minutes: number, status: JobState) => ({
    id,
    name,
    schedule: { kind: 'interval', minutes, display: `every ${minutes}m` },
    schedule_display: `every ${minutes}m`,
    enabled: true,
    state: 'scheduled',
    last_run_at: iso(-300),
    last_status: status,
    last_error: status === 'error' ? `git push failed: token=sk-${FIXTURE_CANARY}-123 rejected` : null,
    last_delivery_error: null,
    next_run_at: iso(minutes * 60 - 300),
    deliver: 'local',
    // Failures go to Telegram, so only the job's own state is told (a local-only failure lane is a warning).
    failure_deliver: 'telegram',
    origin: { platform: 'telegram', chat_id: `${FIXTURE_CANARY}-CHAT-42` },
  });
  await writeFile(
    join(home, 'cron/jobs.json'),
    JSON.stringify({
      jobs: [
        job('b2b2b2b2b2b2', 'Nightly backup sync', 60, backup),
        job('d4d4d4d4d4d4', 'Health watchdog', 15, watchdog),
      ],
    }),
  );
}

interface Instance {
  dir: string;
  out: string;
  config: string;
  script: string;
}

/** One instance's exporter config, output folder and installed no_agent script. */
async function instance(name: string, alerts: Record<string, unknown>): Promise<Instance> {
  const dir = join(tmp, name);
  const out = join(dir, 'out');
  await mkdir(out, { recursive: true });
  const config = join(dir, 'exporter.yaml');
  await writeConfig(config, out, alerts);
  const scripts = join(dir, 'scripts');
  await mkdir(scripts, { recursive: true });
  const script = join(scripts, 'mission-control-alerts.sh');
  // As docs/operations.md says: copy the example, set CONFIG; here also the bundle's path in this checkout.
  const text = (await readFile(SCRIPT, 'utf8'))
    .replace(/^CONFIG=.*$/m, `CONFIG=${config}`)
    .replace('/usr/local/lib/hermes-exporter/hermes-exporter.mjs', BUNDLE);
  await writeFile(script, text, { mode: 0o755 });
  return { dir, out, config, script };
}

async function writeConfig(file: string, out: string, alerts: Record<string, unknown>): Promise<void> {
  await writeFile(
    file,
    toYaml({
      instance: { id: 'vijay', label: 'Vijay (root)' },
      hermesHome: fx.hermesHome,
      installDir: fx.installDir,
      outDir: out,
      alerts,
    }),
  );
}

async function exporterRun(i: Instance): Promise<void> {
  await execFileP(process.execPath, [BUNDLE, 'run', '--once', '--config', i.config]);
}

/** What Hermes would deliver: the script's stdout, run with bash as Hermes runs a .sh script. */
async function alertsRun(i: Instance): Promise<string> {
  const r = await execFileP('bash', [i.script], {
    env: { PATH: `${dirname(process.execPath)}:/usr/bin:/bin`, HOME: i.dir },
  });
  expect(r.stderr).toBe('');
  return r.stdout;
}

/** One exporter timer run, then one alerts cron run. */
async function tick(i: Instance): Promise<string> {
  await exporterRun(i);
  return alertsRun(i);
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'hmc-vmalerts-'));
  fx = await buildHermesHome(join(tmp, 'home'), { now: new Date() });
}, 60_000);

afterAll(async () => {
  await fx?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('hermes-exporter alerts (path 1: a Hermes no_agent cron script)', () => {
  it('says nothing while healthy, once when a job fails, nothing again, then one recovery', async () => {
    const i = await instance('sequence', { holdRuns: 1, timeZone: 'UTC' });
    await writeJobs(fx.hermesHome, 'ok');
    expect(await tick(i)).toBe('');
    expect(await tick(i)).toBe('');

    await writeJobs(fx.hermesHome, 'error');
    const told = await tick(i);
    const lines = told.trimEnd().split('\n');
    expect(lines[0]).toBe('Vijay (root): Backup sync job "Nightly backup sync" is failing');
    // Since when, on the VM's clock in the configured zone.
    expect(lines[1]).toMatch(/^ {3}Warning, for \d+ (s|min) \(since \d\d:\d\d\)$/);
    // The commands that help, to run on the VM (no laptop ssh line), at most two.
    // (No gateway unit is configured here, so the journal command is not among them.)
    expect(lines.slice(2)).toEqual([`   $ HERMES_HOME=${fx.hermesHome} hermes cron list`]);
    expect(told).not.toMatch(/^1\. /m); // one item: no numbered prefix

    expect(await tick(i)).toBe('');
    expect(await tick(i)).toBe('');

    await writeJobs(fx.hermesHome, 'ok');
    expect(await tick(i)).toMatch(
      /^Vijay \(root\): recovered \(after \d+ s\): Backup sync job "Nightly backup sync" is failing\n$/,
    );
    expect(await tick(i)).toBe('');
  });

  it('numbers several items told together (1., 2.) and keeps each one short', async () => {
    const i = await instance('several', { holdRuns: 1 });
    await writeJobs(fx.hermesHome, 'ok');
    expect(await tick(i)).toBe('');
    await writeJobs(fx.hermesHome, 'error', 'error');
    const told = await tick(i);
    const heads = told.split('\n').filter((l) => /^\d+\. /.test(l));
    expect(heads).toEqual([
      '1. Vijay (root): Backup sync job "Nightly backup sync" is failing',
      '2. Vijay (root): Watchdog job "Health watchdog" is failing',
    ]);
    expect(told.split('\n').length).toBeLessThanOrEqual(2 * 4 + 1);
    await writeJobs(fx.hermesHome, 'ok');
    const recovered = await tick(i);
    expect(recovered.split('\n').filter((l) => /^\d+\. .*recovered/.test(l))).toHaveLength(2);
  });

  it('holds a flapping job back: failing, passing, failing, passing is never told', async () => {
    const i = await instance('flapping', { holdRuns: 2 });
    await writeJobs(fx.hermesHome, 'ok');
    expect(await tick(i)).toBe('');
    for (let n = 0; n < 3; n++) {
      await writeJobs(fx.hermesHome, 'error');
      expect(await tick(i), `flap ${n}: failing`).toBe('');
      await writeJobs(fx.hermesHome, 'ok');
      expect(await tick(i), `flap ${n}: passing`).toBe('');
    }
    // Held for two runs in a row, it is told once.
    await writeJobs(fx.hermesHome, 'error');
    expect(await tick(i)).toBe('');
    expect(await tick(i)).toMatch(/^Vijay \(root\): Backup sync job "Nightly backup sync" is failing\n/);
    await writeJobs(fx.hermesHome, 'ok');
  });

  it('keeps quiet hours, then tells what was held back once they end', async () => {
    const now = new Date();
    const hhmm = (d: Date) =>
      `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
    const quiet = {
      enabled: true,
      start: hhmm(new Date(now.getTime() - 3600_000)),
      end: hhmm(new Date(now.getTime() + 3600_000)),
    };
    const i = await instance('quiet', { holdRuns: 1, timeZone: 'UTC', quietHours: quiet });
    await writeJobs(fx.hermesHome, 'ok');
    expect(await tick(i)).toBe('');
    await writeJobs(fx.hermesHome, 'error');
    expect(await tick(i)).toBe('');
    expect(await tick(i)).toBe('');
    // The same instance after quiet hours (here: the window moved away): the held-back warning, once.
    await writeConfig(i.config, i.out, {
      holdRuns: 1,
      timeZone: 'UTC',
      quietHours: { ...quiet, enabled: false },
    });
    expect(await tick(i)).toMatch(/^Vijay \(root\): Backup sync job "Nightly backup sync" is failing\n/);
    expect(await tick(i)).toBe('');
    await writeJobs(fx.hermesHome, 'ok');
  });

  it('says so when the exporter has written no snapshot, instead of staying silent', async () => {
    const i = await instance('no-snapshot', { holdRuns: 1 });
    const told = await alertsRun(i);
    expect(told).toMatch(
      /^Vijay \(root\): Cannot read this VM: cannot read .*snapshot\.json \(ENOENT\): is the hermes-exporter timer running\?\n/,
    );
    expect(await alertsRun(i)).toBe('');
  });

  it('keeps its state next to the snapshot, atomically written, free of tokens and chat ids', async () => {
    const i = await instance('state', { holdRuns: 1 });
    await writeJobs(fx.hermesHome, 'error');
    const told = await tick(i);
    expect(told).not.toBe('');
    const file = join(i.out, 'alerts-state.json');
    const st = await stat(file);
    expect(st.uid).toBe(process.getuid!());
    expect(st.mode & 0o777).toBe(0o644);
    const text = await readFile(file, 'utf8');
    for (const t of [text, told, await readFile(join(i.out, 'snapshot.json'), 'utf8')])
      expect(t.includes(FIXTURE_CANARY), 'canary leaked').toBe(false);
    expect(JSON.parse(text)).toMatchObject({ version: 1, hermesCron: { lastMessageAt: expect.any(String) } });
    await writeJobs(fx.hermesHome, 'ok');
  });

  it('refuses flags that belong to run, with a usage error', async () => {
    const r = await execFileP(process.execPath, [
      BUNDLE,
      'alerts',
      '--once',
      '--config',
      '/nonexistent',
    ]).catch((e: { code: number; stderr: string }) => e);
    expect(r).toMatchObject({ code: 2, stderr: 'hermes-exporter: --once does not apply to alerts\n' });
  });
});
