/**
 * The runbook's commands do what they say, proven by running them EXACTLY as copied: each command string
 * from buildRunbookCommands goes through `bash -c` as root (cwd /root, as a paste into a root shell),
 * with a real second user (like Bheem's uma), her real backup repo and HERMES_HOME, real sudo, git, find,
 * ss, df, free and python3 — and stand-ins only for systemctl/journalctl (no running systemd here),
 * hermes and a docker daemon (test/helpers/vm-stand-ins.ts).
 *
 * Every step that says "(runs as <user>)" must run as her; no step may hide its own failure: the restore
 * drill's secret scan finds a planted secret (exit 1), says "No secrets found." on a clean repo (exit 0),
 * and says it did not run (exit 2) where git refuses — never `|| true`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../common/contract/snapshot.js';
import { buildRunbook } from '../../common/runbook/runbook-commands.js';
import type { RunbookCommand } from '../../common/model/warning.js';
import { makeSnapshot, makeStatus, unit, VM_HOST } from '../fixtures/snapshot-factory.js';
import { createInstanceUser, type InstanceUser } from '../helpers/instance-user.js';
import { createStandIns, type StandIns } from '../helpers/vm-stand-ins.js';

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Backup Bot',
  GIT_AUTHOR_EMAIL: 'backup@example.invalid',
  GIT_COMMITTER_NAME: 'Backup Bot',
  GIT_COMMITTER_EMAIL: 'backup@example.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
  HOME: '/nonexistent',
};
const PLANTED = 'OPENAI_API_KEY=sk-planted-canary-0123456789';
/** A systemd-escaped unit name: a literal backslash that an unquoted command would lose. */
const ESCAPED_DASHBOARD = 'uma-hermes\\x2ddashboard.service';

let user: InstanceUser;
let stand: StandIns;
let listener: Server;
let port: number;
const made: string[] = [];

async function put(root: string, rel: string, content: string) {
  await mkdir(dirname(join(root, rel)), { recursive: true });
  await writeFile(join(root, rel), content);
}

/** A backup repo like the seeds' timer leaves it, owned by the user; `variant` plants the mistakes. */
async function backupRepo(name: string, variant: 'clean' | 'secret' | 'incomplete'): Promise<string> {
  const repo = join(user.home, 'repos', name);
  const p = 'hermes_persistent_backup';
  await put(repo, `${p}/config.yaml`, 'model:\n  default: gpt-5.5\n');
  await put(repo, `${p}/skills/devops/SKILL.md`, '# skill\n');
  await put(repo, `${p}/sessions/s1.json`, '{}\n');
  await put(repo, `${p}/cron/jobs.json`, '{"jobs":[]}\n');
  await put(repo, `${p}/memories/MEMORY.md`, 'notes\n');
  if (variant !== 'incomplete') await put(repo, `${p}/scripts/hermes_health_watchdog.py`, '# watchdog\n');
  if (variant === 'secret') {
    await put(repo, `${p}/notes.md`, `remember ${PLANTED}\n`);
    await put(repo, `${p}/.env`, 'TELEGRAM_BOT_TOKEN=\n');
  }
  execFileSync('git', ['init', '-q', '-b', 'main', repo], { env: GIT_ENV });
  execFileSync('git', ['-C', repo, 'add', '-A'], { env: GIT_ENV });
  execFileSync('git', ['-C', repo, 'commit', '-q', '-m', 'backup'], { env: GIT_ENV });
  execFileSync('chown', ['-R', `${user.name}:${user.gid}`, join(user.home, 'repos')]);
  return repo;
}

function snapshotFor(id: string, repoPath: string): Snapshot {
  return makeSnapshot('bheem', {
    instance: { id, user: user.name, uid: user.uid, hermesHome: `${user.home}/.hermes` },
    systemd: {
      scope: 'user',
      units: [
        unit('uma-hermes-gateway.service', 'gateway', { scope: 'user' }),
        unit(ESCAPED_DASHBOARD, 'dashboard', { scope: 'system' }),
        unit('uma-hermes-backup.timer', 'backup-timer', { scope: 'system' }),
      ],
    },
    backup: { repoPath },
    dashboard: { port, bindings: [{ address: '127.0.0.1', family: 'ipv4', class: 'loopback' }] },
  });
}

function runbook(id: string, repoPath: string): Map<string, RunbookCommand> {
  const plan = buildRunbook(makeStatus(snapshotFor(id, repoPath), { id }), VM_HOST, {
    dashboardPorts: [port],
  });
  expect(plan.refused).toEqual([]);
  made.push(`/tmp/hermes-restore-test-${id}`);
  return new Map(plan.commands.map((c) => [c.id, c]));
}

beforeAll(async () => {
  user = await createInstanceUser();
  // Her HERMES_HOME, as Hermes leaves it (0700), with the watchdog script the runbook smoke-tests.
  const home = `${user.home}/.hermes`;
  await put(home, 'config.yaml', 'model:\n  default: gpt-5.5\n');
  await put(
    home,
    'scripts/hermes_health_watchdog.py',
    [
      'import os, sys',
      'home = os.environ.get("HERMES_HOME", "")',
      'if not home or os.stat(home).st_uid != os.getuid():',
      '    print("watchdog: not running as the HERMES_HOME owner", file=sys.stderr); sys.exit(1)',
      '',
    ].join('\n'),
  );
  execFileSync('chown', ['-R', `${user.name}:${user.gid}`, home]);
  execFileSync('chmod', ['0700', home]);
  stand = await createStandIns({
    system: [ESCAPED_DASHBOARD, 'uma-hermes-backup.timer', 'uma-hermes-backup.service'],
    user: { [user.name]: ['uma-hermes-gateway.service'] },
  });
  // The dashboard the `ss` filter should find, on a random loopback port.
  listener = createServer();
  await new Promise<void>((r) => listener.listen(0, '127.0.0.1', () => r()));
  port = (listener.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise<void>((r) => (listener ? listener.close(() => r()) : r()));
  for (const dir of made) await rm(dir, { recursive: true, force: true });
  await stand?.cleanup();
  await user?.remove();
});

describe('read-only status commands, run exactly as copied', () => {
  it('each exits 0 with what a person expects, as the user it says', async () => {
    const cmds = runbook(`ro${process.pid}`, await backupRepo('ro', 'clean'));
    const expectations: Record<string, RegExp> = {
      'gateway-status': /Active: active \(running\)/,
      'gateway-journal': /journal of uma-hermes-gateway/,
      'dashboard-status': /stand-in unit/,
      'backup-timer-status': /uma-hermes-backup\.timer/,
      'hermes-status': /hermes status --all \(stand-in\): ok/,
      'hermes-doctor': /ok/,
      'hermes-cron-list': /ok/,
      'hermes-config-check': /ok/,
      'backup-repo-status': /^## main/,
      'listening-sockets': new RegExp(`127\\.0\\.0\\.1:${port}\\b`),
      'disk-usage': /Filesystem/,
      memory: /Mem:/,
    };
    const readOnly = [...cmds.values()].filter((c) => !c.changesVm && c.where.startsWith('on the VM'));
    const ran: string[] = [];
    for (const c of readOnly) {
      if (c.id.startsWith('restore-drill-') || c.id === 'public-exposure-review') continue;
      const r = await stand.run(c.command);
      expect({ id: c.id, code: r.code, stderr: r.stderr }).toEqual({ id: c.id, code: 0, stderr: '' });
      if (expectations[c.id]) expect(r.stdout).toMatch(expectations[c.id]!);
      if (c.id === 'watchdog-smoke-test') expect(r.stdout).toBe(''); // "Healthy output is empty."
      ran.push(c.id);
    }
    expect(ran.sort()).toEqual([...Object.keys(expectations), 'watchdog-smoke-test'].sort());

    const calls = await stand.calls();
    const as = (tool: string, verb: string) => calls.find((k) => k.tool === tool && k.args.includes(verb))!;
    // The user unit through her own manager, as her, with her runtime dir…
    expect(as('systemctl', 'uma-hermes-gateway')).toMatchObject({
      user: user.name,
      xdgRuntimeDir: `/run/user/${user.uid}`,
      args: ['--user', 'status', 'uma-hermes-gateway', '--no-pager'],
    });
    // …the system unit as root, its escaped name intact (quoted, so the shell kept the backslash).
    expect(as('systemctl', 'uma-hermes\\x2ddashboard')).toMatchObject({
      user: 'root',
      args: ['status', 'uma-hermes\\x2ddashboard', '--no-pager'],
    });
    expect(as('hermes', 'status')).toMatchObject({ user: user.name, hermesHome: `${user.home}/.hermes` });
  });

  it('a docker that cannot reach its daemon fails loudly instead of reading as "no public routes"', async () => {
    const cmds = runbook(`dk${process.pid}`, await backupRepo('dk', 'clean'));
    const r = await stand.run(cmds.get('public-exposure-review')!.command);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/Cannot connect to the Docker daemon/);
  });

  it('the commands that change the VM are well-formed too (against the stand-ins only)', async () => {
    const cmds = runbook(`cv${process.pid}`, await backupRepo('cv', 'clean'));
    for (const id of ['gateway-restart', 'dashboard-restart', 'backup-now']) {
      const c = cmds.get(id)!;
      expect(c.changesVm).toBe(true);
      const r = await stand.run(c.command);
      expect({ id, code: r.code, stderr: r.stderr }).toEqual({ id, code: 0, stderr: '' });
    }
    const calls = await stand.calls();
    expect(
      calls.find((k) => k.args.includes('restart') && k.args.includes('uma-hermes-gateway')),
    ).toMatchObject({
      user: user.name,
      args: ['--user', 'restart', 'uma-hermes-gateway'],
    });
    expect(calls.find((k) => k.args.includes('start'))).toMatchObject({
      user: 'root',
      args: ['start', 'uma-hermes-backup.service'],
    });
  });
});

describe('the restore drill, every step exactly as copied', () => {
  const drill = ['clone', 'secret-scan', 'verify-present', 'verify-absent', 'cleanup'].map(
    (s) => `restore-drill-${s}`,
  );

  it('on a clean backup: every step runs as the user and passes, saying so', async () => {
    const id = `dc${process.pid}`;
    const cmds = runbook(id, await backupRepo('clean', 'clean'));
    const results = [];
    for (const step of drill) results.push({ step, ...(await stand.run(cmds.get(step)!.command)) });
    expect(results.map((r) => [r.step, r.code, r.stderr])).toEqual(drill.map((s) => [s, 0, '']));
    expect(results[1]!.stdout).toBe('No secrets found.\n');
    expect(results[2]!.stdout).toMatch(
      /^All present: config.yaml, skills, sessions, cron, memories, scripts\.$/m,
    );
    expect(results[3]!.stdout).toMatch(/^None of \.env/);
    // Step 5 removed the clone.
    expect(existsSync(`/tmp/hermes-restore-test-${id}`)).toBe(false);
  }, 60_000);

  it('finds a planted secret (exit 1, the line shown) and a committed .env (exit 1, listed)', async () => {
    const cmds = runbook(`ds${process.pid}`, await backupRepo('secret', 'secret'));
    expect((await stand.run(cmds.get('restore-drill-clone')!.command)).code).toBe(0);
    const scan = await stand.run(cmds.get('restore-drill-secret-scan')!.command);
    expect(scan.code).toBe(1);
    expect(scan.stdout).toContain(`hermes_persistent_backup/notes.md:1:remember ${PLANTED}`);
    expect(scan.stderr).toContain('Secrets found: the lines above must not be in the backup.');
    const absent = await stand.run(cmds.get('restore-drill-verify-absent')!.command);
    expect(absent.code).toBe(1);
    expect(absent.stderr).toMatch(/Must not be in the backup:\n.*hermes_persistent_backup\/\.env/);
    expect((await stand.run(cmds.get('restore-drill-cleanup')!.command)).code).toBe(0);
  }, 60_000);

  it('names what is missing from an incomplete payload (exit 1)', async () => {
    const cmds = runbook(`di${process.pid}`, await backupRepo('incomplete', 'incomplete'));
    expect((await stand.run(cmds.get('restore-drill-clone')!.command)).code).toBe(0);
    const present = await stand.run(cmds.get('restore-drill-verify-present')!.command);
    expect(present.code).toBe(1);
    expect(present.stderr).toBe('Missing from the backup: scripts\n');
    expect((await stand.run(cmds.get('restore-drill-cleanup')!.command)).code).toBe(0);
  }, 60_000);

  it('says the scan did not run (exit 2) when git refuses the clone, where `|| true` used to hide it', async () => {
    const id = `dr${process.pid}`;
    const repo = await backupRepo('refused', 'secret');
    const cmds = runbook(id, repo);
    // A clone made by root (as the old drill's steps 2–5 ran): git run as the user refuses it.
    const dir = `/tmp/hermes-restore-test-${id}`;
    execFileSync('cp', ['-a', repo, dir]);
    execFileSync('chown', ['-R', 'root:root', dir]);
    const scan = await stand.run(cmds.get('restore-drill-secret-scan')!.command);
    expect(scan.code).toBe(2);
    expect(scan.stderr).toMatch(/dubious ownership/);
    expect(scan.stderr).toContain('The secret scan did not run: see the error above.');
    // The old step 2, run as root in the user's own clone: git refused, `|| true` said nothing, exit 0.
    await rm(dir, { recursive: true, force: true });
    expect((await stand.run(cmds.get('restore-drill-clone')!.command)).code).toBe(0);
    const old = await stand.run(
      `cd ${dir} && git grep -nE '(API_KEY|TOKEN|SECRET|PASSWORD|BEGIN .*PRIVATE KEY)' || true`,
    );
    expect(old.code).toBe(0);
    expect(old.stdout).not.toContain(PLANTED);
    expect(old.stderr).toMatch(/dubious ownership/);
  }, 60_000);
});
