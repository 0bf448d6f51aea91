/**
 * Path 1 of the VM-side alerts as Bheem's set-up has it: a real second OS user (like `uma`), the built
 * exporter bundle and the shipped no_agent script installed as docs/operations.md §1–§3 and §12 say, and
 * the script run exactly as Hermes's cron runs a `no_agent` `.sh` job for her gateway:
 *
 * - argv `[bash, <HERMES_HOME>/scripts/mission-control-alerts.sh]`, cwd the scripts folder (the script's
 *   parent), stdout captured and delivered, empty stdout a silent run, a non-zero exit delivered as
 *   "script failed" with its stderr (cron/scheduler.py `_run_job_script` and the `no_agent` branch of
 *   `run_job`);
 * - the environment of her gateway unit (hermes_cli/gateway.py `generate_systemd_unit`: HOME, USER,
 *   LOGNAME, a PATH of the node dir and the common bin dirs, HERMES_HOME), sanitised as
 *   tools/environments/local.py `_sanitize_subprocess_env` does (VIRTUAL_ENV dropped, HERMES_REAL_HOME
 *   added); as her uid and gid, with no supplementary groups.
 *
 * Source read: arthurbolsoni/hermes-agent (a fork tracking NousResearch/hermes-agent) at
 * e623b16fe12d90f733eadecc3781de8a3492265d.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify as toYaml } from 'yaml';
import { buildHermesHome, type HermesHomeFixture } from '../fixtures/hermes-home/build-hermes-home.js';
import { createInstanceUser, type InstanceUser } from '../helpers/instance-user.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const BUILT_BUNDLE = join(repoRoot, 'out/exporter/hermes-exporter.mjs');
const SHIPPED_SCRIPT = join(repoRoot, 'docs/examples/mission-control-alerts.sh');
const NODE_DIR = dirname(process.execPath);

let user: InstanceUser;
let tmp: string;
let fx: HermesHomeFixture;
/** The VM's paths, under a private root so the test never touches the machine's /usr/local or /etc. */
let bundle: string;
let etc: string;
let varLib: string;
let script: string;

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

function run(
  file: string,
  args: string[],
  opts: { uid: number; gid: number; cwd: string; env: NodeJS.ProcessEnv },
): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(file, args, { ...opts, encoding: 'utf8', timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? Number((err as { code?: unknown }).code ?? 1) : 0;
      resolve({ code: Number.isFinite(code) ? code : 1, stdout, stderr });
    });
  });
}

/** Her gateway unit's environment, as `_sanitize_subprocess_env` hands it to a cron script. */
function gatewayEnv(): NodeJS.ProcessEnv {
  const hermesHome = fx.hermesHome;
  return {
    HOME: user.home,
    USER: user.name,
    LOGNAME: user.name,
    PATH: [NODE_DIR, '/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'].join(':'),
    HERMES_HOME: hermesHome,
    HERMES_REAL_HOME: user.home,
    LANG: 'C.UTF-8',
  };
}

/** One Hermes cron tick of the no_agent job, as her user (Hermes: cwd = the script's folder). */
function hermesRunsScript(as: 'user' | 'root' = 'user'): Promise<Ran> {
  const ids = as === 'user' ? { uid: user.uid, gid: user.gid } : { uid: 0, gid: 0 };
  return run('bash', [script], { ...ids, cwd: dirname(script), env: gatewayEnv() });
}

/** One run of her exporter unit (`hermes-exporter.service` in her user manager), as her. */
async function exporterRun(out: string, config: string): Promise<void> {
  const r = await run(process.execPath, [bundle, 'run', '--once', '--config', config], {
    uid: user.uid,
    gid: user.gid,
    cwd: user.home,
    env: { HOME: user.home, PATH: gatewayEnv().PATH },
  });
  expect(r, `exporter run into ${out}`).toMatchObject({ code: 0 });
}

/** Her output folder as the tmpfiles rule makes it (0755, owned by her) and her config pointing there. */
async function instanceFolder(name: string): Promise<{ out: string; config: string }> {
  const out = join(varLib, name);
  execFileSync('install', ['-d', '-m', '0755', '-o', user.name, '-g', String(user.gid), out]);
  const config = join(etc, `${name}.yaml`);
  await writeFile(
    config,
    toYaml({
      instance: { id: 'bheem', label: 'Bheem (uma)' },
      hermesHome: fx.hermesHome,
      installDir: fx.installDir,
      outDir: out,
      alerts: { holdRuns: 1, timeZone: 'UTC' },
    }),
    { mode: 0o644 },
  );
  // The documented `sed` on her copy of the script: CONFIG names this instance's config.
  execFileSync('sudo', ['-u', user.name, 'sed', '-i', `s#^CONFIG=.*#CONFIG=${config}#`, script]);
  return { out, config };
}

const iso = (secondsFromNow: number) => new Date(Date.now() + secondsFromNow * 1000).toISOString();

/** Her jobs.json, as her Hermes writes it: the backup sync ok or failing, and her watchdog job. */
async function writeJobs(backup: 'ok' | 'error'): Promise<void> {
  const job = (id: string, name: string, minutes: number, status: 'ok' | 'error') => ({
    id,
    name,
    schedule: { kind: 'interval', minutes, display: `every ${minutes}m` },
    schedule_display: `every ${minutes}m`,
    enabled: true,
    state: 'scheduled',
    last_run_at: iso(-300),
    last_status: status,
    last_error: status === 'error' ? 'git push failed' : null,
    last_delivery_error: null,
    next_run_at: iso(minutes * 60 - 300),
    deliver: 'telegram',
  });
  const file = join(fx.hermesHome, 'cron/jobs.json');
  await writeFile(
    file,
    JSON.stringify({
      jobs: [
        job('b2b2b2b2b2b2', 'Nightly backup sync', 60, backup),
        job('d4d4d4d4d4d4', 'Health watchdog', 15, 'ok'),
      ],
    }),
  );
  execFileSync('chown', [`${user.name}:${user.gid}`, file]);
}

beforeAll(async () => {
  user = await createInstanceUser();
  tmp = await mkdtemp(join(tmpdir(), 'hmc-alertsuser-'));
  execFileSync('chmod', ['0755', tmp]);
  // Her HERMES_HOME and Hermes checkout, owned by her, HERMES_HOME 0700 as Hermes leaves it.
  const fxDir = join(user.home, 'hermes-fixture');
  await mkdir(fxDir);
  fx = await buildHermesHome(fxDir, { now: new Date() });
  execFileSync('chown', ['-R', `${user.name}:${user.gid}`, fxDir]);
  execFileSync('chmod', ['0700', fx.hermesHome]);

  // §1: the bundle, root-owned 0755, under the VM's path.
  bundle = join(tmp, 'usr/local/lib/hermes-exporter/hermes-exporter.mjs');
  execFileSync('install', ['-D', '-m', '0755', '-o', 'root', '-g', 'root', BUILT_BUNDLE, bundle]);
  // §2: configs root-owned 0644 in a 0755 folder.
  etc = join(tmp, 'etc/hermes-exporter');
  execFileSync('install', ['-d', '-m', '0755', etc]);
  // §3: /var/lib/hermes-exporter root-owned 0755.
  varLib = join(tmp, 'var/lib/hermes-exporter');
  execFileSync('install', ['-d', '-m', '0755', varLib]);

  // §12: her copy of the shipped script in her scripts folder, installed as her. The only edit
  // beyond the documented one is the bundle's path under this test's private root.
  const staged = join(tmp, 'mission-control-alerts.sh');
  const text = await readFile(SHIPPED_SCRIPT, 'utf8');
  expect(text).toContain('/usr/local/lib/hermes-exporter/hermes-exporter.mjs');
  await writeFile(staged, text.replace('/usr/local/lib/hermes-exporter/hermes-exporter.mjs', bundle), {
    mode: 0o644,
  });
  const scripts = join(fx.hermesHome, 'scripts');
  execFileSync('sudo', ['-u', user.name, 'mkdir', '-p', scripts]);
  script = join(scripts, 'mission-control-alerts.sh');
  execFileSync('sudo', ['-u', user.name, 'install', '-m', '0755', staged, script]);
}, 120_000);

afterAll(async () => {
  await fx?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
  await user?.remove();
});

describe('hermes-exporter alerts run by Hermes cron as the instance user', () => {
  it('is silent while healthy, tells a failing job once, and keeps its state hers, 0644, nothing world-writable', async () => {
    const { out, config } = await instanceFolder('bheem');
    await writeJobs('ok');
    await exporterRun(out, config);
    expect(await hermesRunsScript()).toEqual({ code: 0, stdout: '', stderr: '' });

    await writeJobs('error');
    await exporterRun(out, config);
    const told = await hermesRunsScript();
    expect(told.code).toBe(0);
    expect(told.stderr).toBe('');
    const heads = told.stdout.split('\n').filter((l) => l.startsWith('Bheem (uma): '));
    expect(heads).toEqual(['Bheem (uma): Backup sync job "Nightly backup sync" is failing']);

    await exporterRun(out, config);
    expect(await hermesRunsScript()).toEqual({ code: 0, stdout: '', stderr: '' });

    // The state file sits next to her snapshot, owned by her, 0644 (the app's reader may read it).
    const state = await stat(join(out, 'alerts-state.json'));
    expect({ uid: state.uid, gid: state.gid, mode: state.mode & 0o7777 }).toEqual({
      uid: user.uid,
      gid: user.gid,
      mode: 0o644,
    });
    const snapshot = await stat(join(out, 'snapshot.json'));
    expect(snapshot.uid).toBe(user.uid);
    // Nothing in her output folder (nor the folder itself) is writable by others, and no lock is left.
    const names = await readdir(out);
    expect(names).not.toContain('.alerts-state.lock');
    expect(names.filter((n) => n.includes('.tmp-'))).toEqual([]);
    for (const name of ['.', ...names]) {
      const st = await stat(join(out, name));
      expect(st.mode & 0o002, `${name} is world-writable`).toBe(0);
      expect(st.uid, `${name} owner`).toBe(user.uid);
    }
    await writeJobs('ok');
  });

  it('refuses, with a clear error Hermes delivers, a state file an earlier root run left behind', async () => {
    const { out, config } = await instanceFolder('bheem-after-root');
    await writeJobs('error');
    await exporterRun(out, config);
    // Someone ran her job's script as root once (e.g. `bash …/mission-control-alerts.sh` in a root shell).
    const asRoot = await hermesRunsScript('root');
    expect(asRoot.code).toBe(1);
    expect(asRoot.stdout).toBe('');
    expect(asRoot.stderr).toBe(
      `hermes-exporter: bheem: alerts: ${out} is owned by uid ${user.uid}, not by uid 0 who runs the alerts: ` +
        'run it as the user that owns it (docs/operations.md §12)\n',
    );
    expect(await readdir(out)).not.toContain('alerts-state.json');

    // The same folder after root did write there (state file root-owned).
    const file = join(out, 'alerts-state.json');
    await writeFile(file, '{"version":1}\n', { mode: 0o644 });
    execFileSync('chown', ['0:0', file]);
    const before = await readFile(file, 'utf8');
    const r = await hermesRunsScript();
    // Exit 1: Hermes records the job as failed and delivers "script failed" with this stderr.
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `hermes-exporter: bheem: alerts: ${file} is owned by uid 0, not by uid ${user.uid} who runs the alerts ` +
        `(an earlier run as another user?); as root: chown ${user.uid}:${user.gid} ${file}\n`,
    );
    // Untouched: not silently replaced, not silently skipped.
    expect(await readFile(file, 'utf8')).toBe(before);
    expect((await stat(file)).uid).toBe(0);

    // After the fix the error says, her run tells the failing job.
    execFileSync('chown', [`${user.uid}:${user.gid}`, file]);
    const fixed = await hermesRunsScript();
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toMatch(/^Bheem \(uma\): Backup sync job "Nightly backup sync" is failing\n/);
    await writeJobs('ok');
  });
});
