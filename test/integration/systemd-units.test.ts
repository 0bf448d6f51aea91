/**
 * The exporter's units as shipped in systemd/, run by a REAL systemd (the machine's own, booted as PID 1
 * of private namespaces by test/helpers/systemd-sandbox.ts, so nothing on the machine changes):
 * - Vijay: hermes-exporter@vijay.service/.timer installed unchanged in /etc/systemd/system, the tmpfiles
 *   rule applied, the built bundle in /usr/local/lib/hermes-exporter, a generated Hermes home at
 *   /root/.hermes (with a live SQLite writer), and stand-in gateway/dashboard/watchdog/backup units whose
 *   real states the exporter must report.
 * - Bheem: a throwaway `uma` in the sandbox's own /etc/passwd, user@<uid>.service started as linger would,
 *   the user unit in ~uma/.config/systemd/user, a user gateway unit, plus system units asked over D-Bus;
 *   then her manager again with user namespaces blocked, where the shipped unit must fail as its fallback
 *   drop-in (systemd/user/hermes-exporter.service.d/no-user-namespaces.conf.example) says, and run with it.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { chown, copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify as toYaml } from 'yaml';
import { parseSnapshotText } from '../../common/contract/parse.js';
import type { Snapshot, UnitInfo } from '../../common/contract/snapshot.js';
import { buildHermesHome, type HermesHomeFixture } from '../fixtures/hermes-home/build-hermes-home.js';
import { FIXTURE_CANARY } from '../fixtures/hermes-home/fixture-clock.js';
import { readStartTime } from '../fixtures/hermes-home/fixture-processes.js';
import { diffTrees, hashTree } from '../fixtures/hermes-home/tree-hash.js';
import { createOneCommitRepo } from '../fixtures/one-commit-repo.js';
import { makeThrowawayCa } from '../helpers/fake-telegram.js';
import {
  startSystemdSandbox,
  systemdSandboxUnavailable,
  type SandboxUser,
  type SystemdSandbox,
} from '../helpers/systemd-sandbox.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const unavailable = systemdSandboxUnavailable();

const HERMES_HOME = '/root/.hermes';
const INSTALL_DIR = '/usr/local/lib/hermes-agent';
const BACKUP_REPO = '/root/repos/bytelyst_hostinger_hermes_vm';
const BHEEM_HOME = '/home/uma/.hermes';
const BUNDLE = '/usr/local/lib/hermes-exporter/hermes-exporter.mjs';
const SYSTEM_UNITS = '/etc/systemd/system';
/** The one calendar timer: its next elapse is known without asking systemd. */
const CALENDAR = '03:30:00';

/** A process whose /proc cmdline reads like Hermes's gateway (what the gateway probe recognises). */
const GATEWAY_EXEC = `/usr/bin/python3 -c "import time; time.sleep(86400)" -m hermes_cli.main gateway run --replace`;

const unit = (description: string, service: string): string =>
  `[Unit]\nDescription=${description} (test stand-in)\n[Service]\n${service}\n`;

/** Stand-ins for the VM's system units, each in a state the exporter must report as systemd sees it. */
const SYSTEM_STAND_INS: Record<string, string> = {
  'hermes-gateway.service': unit('Hermes gateway', `ExecStart=${GATEWAY_EXEC}`),
  // Fails twice, then stays up: NRestarts=2 with the unit active.
  'hermes-root-dashboard.service': unit(
    'Hermes dashboard',
    [
      `ExecStart=/bin/sh -c 'n=$$(cat /run/dashboard-starts 2>/dev/null || echo 0); echo $$((n+1)) > /run/dashboard-starts; [ "$$n" -ge 2 ] && exec sleep infinity; exit 1'`,
      'Restart=on-failure',
      'RestartSec=100ms',
    ].join('\n'),
  ),
  'hermes-watchdog.service': unit('Hermes watchdog', `Type=oneshot\nExecStart=/bin/sh -c 'exit 3'`),
  'hermes-root-backup.service': unit('Hermes backup', 'Type=oneshot\nExecStart=/bin/true'),
  // Fires once at start (a real LastTriggerUSec), then every hour: a monotonic next elapse.
  'hermes-root-backup.timer':
    '[Unit]\nDescription=Hermes backup (test stand-in)\n[Timer]\nOnActiveSec=1ms\nOnUnitActiveSec=1h\nAccuracySec=1ms\n',
  'hermes-emergency-drive-upload.service': unit('Emergency upload', 'Type=oneshot\nExecStart=/bin/true'),
  'hermes-emergency-drive-upload.timer': `[Unit]\nDescription=Emergency upload (test stand-in)\n[Timer]\nOnCalendar=*-*-* ${CALENDAR} UTC\n`,
  // Bheem's dashboard and backup timer are system units that uma's exporter asks about over D-Bus.
  'uma-hermes-dashboard.service': unit('Bheem dashboard', 'ExecStart=/bin/sleep infinity'),
  'uma-hermes-backup.service': unit('Bheem backup', 'Type=oneshot\nExecStart=/bin/true'),
  'uma-hermes-backup.timer': `[Unit]\nDescription=Bheem backup (test stand-in)\n[Timer]\nOnCalendar=*-*-* ${CALENDAR} UTC\n`,
};

/**
 * A script for a drop-in that replaces only ExecStart= of an exporter unit: shows what the unit's
 * hardening lets a process do. It writes `<path> writable|refused` per path, the effective
 * capabilities, the no-new-privileges and seccomp flags, and whether an AF_INET socket can be made,
 * into `out`.
 */
function probeScript(out: string, paths: string[]): string {
  return `#!/bin/sh
for p in ${paths.join(' ')}; do
  if touch "$p" 2>/dev/null; then echo "$p writable"; else echo "$p refused"; fi
done > ${out}
grep -E '^(CapEff|NoNewPrivs|Seccomp):' /proc/self/status >> ${out}
if python3 -c 'import socket; socket.socket(socket.AF_INET, socket.SOCK_STREAM)' 2>/dev/null; then
  echo "AF_INET allowed"; else echo "AF_INET refused"; fi >> ${out}
`;
}
const VIJAY_PROBE_PATHS = [
  `${HERMES_HOME}/hmc-probe`,
  `${INSTALL_DIR}/hmc-probe`,
  `${BACKUP_REPO}/hmc-probe`,
  '/etc/hermes-exporter/hmc-probe',
  '/usr/local/lib/hermes-exporter/hmc-probe',
  '/var/lib/hermes-exporter/vijay/hmc-probe',
  '/var/lib/hermes-exporter/probe/hmc-probe',
];
/** /proc/self/status of a process under NoNewPrivileges= and a seccomp filter (mode 2). */
const NO_NEW_PRIVILEGES_AND_SECCOMP = ['NoNewPrivs:\t1', 'Seccomp:\t2'];
const BHEEM_PROBE_PATHS = [
  `${BHEEM_HOME}/hmc-probe`,
  '/home/uma/.config/hmc-probe',
  '/var/lib/hermes-exporter/bheem/hmc-probe',
];

/** The Bot API's sendMessage, as a stand-in unit inside the sandbox: records each call, answers ok. */
const FAKE_TELEGRAM_SERVER = `import { createServer } from 'node:https';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
mkdirSync('/run/fake-telegram', { recursive: true });
const tls = { key: readFileSync('/etc/fake-telegram/server.key'), cert: readFileSync('/etc/fake-telegram/server.pem') };
createServer(tls, (req, res) => {
  let body = '';
  req.on('data', (d) => (body += d));
  req.on('end', () => {
    appendFileSync('/run/fake-telegram/calls.jsonl', JSON.stringify({ path: req.url, body: JSON.parse(body || '{}') }) + '\\n');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true,"result":{"message_id":1}}');
  });
}).listen(8443, '127.0.0.1', () => writeFileSync('/run/fake-telegram/ready', ''));
`;

let tmp: string;
let sandbox: SystemdSandbox;
let vijay: HermesHomeFixture;
let bheem: HermesHomeFixture;
let uma: SandboxUser;
let backupDir: string;
const hashes = new Map<string, Map<string, string>>();
let hostBefore: string;

/** What the sandbox must never change on the machine itself. */
function hostFootprint(): string {
  return JSON.stringify({
    // Other test files may add their own accounts meanwhile (sshd's hmc-reader): look for ours only.
    umaAccount: ['/etc/passwd', '/etc/group', '/etc/shadow', '/etc/gshadow'].map((p) =>
      existsSync(p)
        ? readFileSync(p, 'utf8')
            .split('\n')
            .filter((l) => l.startsWith('uma:'))
        : [],
    ),
    exporterPaths: [
      '/etc/hermes-exporter',
      '/var/lib/hermes-exporter',
      '/var/cache/hermes-exporter',
      '/usr/local/lib/hermes-exporter',
      '/etc/tmpfiles.d/hermes-exporter.conf',
      HERMES_HOME,
    ].map((p) => existsSync(p)),
    systemUnits: readdirSync(SYSTEM_UNITS).sort(),
  });
}

/** Points the fixture's gateway.pid / gateway_state.json / heartbeat at a process inside the sandbox. */
async function pointGatewayAt(hermesHome: string, nsPid: number): Promise<void> {
  const startTime = await readStartTime(nsPid, sandbox.path('/proc'));
  for (const file of ['gateway.pid', 'gateway_state.json', 'state/gateway.heartbeat']) {
    const record = JSON.parse(await readFile(join(hermesHome, file), 'utf8'));
    await writeFile(join(hermesHome, file), JSON.stringify({ ...record, pid: nsPid, start_time: startTime }));
  }
}

async function chownTree(path: string, uid: number): Promise<void> {
  await chown(path, uid, uid);
  if (!statSync(path).isDirectory()) return;
  for (const entry of await readdir(path)) await chownTree(join(path, entry), uid);
}

/** Bounded poll for a condition systemd reaches asynchronously (restarts, timer elapses). */
async function waitFor(what: string, condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}\n${await sandbox.journal()}`);
}

async function must(what: string, run: Promise<{ code: number; stdout: string; stderr: string }>) {
  const r = await run;
  if (r.code !== 0) throw new Error(`${what} failed (${r.code}): ${r.stderr}\n${await sandbox.journal()}`);
  return r.stdout;
}

function readSnapshot(id: string): Snapshot {
  const parsed = parseSnapshotText(
    readFileSync(sandbox.path(`/var/lib/hermes-exporter/${id}/snapshot.json`), 'utf8'),
  );
  if (!parsed.ok) throw new Error(`${id}: ${parsed.message}`);
  return parsed.snapshot;
}

const unitOf = (s: Snapshot, name: string): UnitInfo => {
  const u = s.systemd.units.find((x) => x.name === name);
  if (!u)
    throw new Error(`${name} missing from snapshot: ${JSON.stringify(s.systemd.units.map((x) => x.name))}`);
  return u;
};

/** What `systemctl show` says, in the contract's terms, for comparison with the exporter's view. */
async function realUnit(name: string, user?: SandboxUser) {
  const p = await sandbox.show(
    name,
    ['LoadState', 'ActiveState', 'SubState', 'UnitFileState', 'NRestarts', 'Result', 'ExecMainStatus'],
    user,
  );
  const str = (v: string | undefined) => (v ? v : null);
  const int = (v: string | undefined) => (v === undefined || v === '' ? null : Number(v));
  return {
    loadState: str(p.LoadState),
    activeState: str(p.ActiveState),
    subState: str(p.SubState),
    unitFileState: str(p.UnitFileState),
    nRestarts: name.endsWith('.service') ? int(p.NRestarts) : null,
    result: str(p.Result),
    execMainStatus: name.endsWith('.service') ? int(p.ExecMainStatus) : null,
  };
}

/** `systemctl list-timers -o json`: systemd's own wall-clock conversion of each timer's last/next elapse (µs). */
async function listTimers(user?: SandboxUser): Promise<Map<string, { next: number; last: number }>> {
  const out = await must('list-timers', sandbox.systemctl(['list-timers', '--all', '--output=json'], user));
  return new Map((JSON.parse(out) as { unit: string; next: number; last: number }[]).map((t) => [t.unit, t]));
}

/**
 * How far ahead systemd has scheduled the timer. Polled (bounded) until the elapse lies in the future:
 * on a slow run OnBootSec=/OnStartupSec= may already be past, and the timer then fires at once and
 * re-arms for 60 s later.
 */
async function nextElapseInMs(timer: string, user?: SandboxUser): Promise<number> {
  let inMs = 0;
  await waitFor(`${timer} to be scheduled`, async () => {
    const next = (await listTimers(user)).get(timer)?.next ?? 0;
    inMs = next / 1000 - Date.now();
    return inMs > 0;
  });
  return inMs;
}

/** A `systemctl show --timestamp=us+utc` timestamp (`Sat 2026-11-21 13:50:59.493227 UTC`) in µs. */
async function showTimestampUs(unit: string, property: string, user?: SandboxUser): Promise<number> {
  const out = await must(
    `show ${property}`,
    sandbox.systemctl(['show', '--timestamp=us+utc', `--property=${property}`, '--value', unit], user),
  );
  const m = /(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})\.(\d{6}) UTC/.exec(out);
  if (!m) throw new Error(`${unit} ${property}: ${out}`);
  return Date.parse(`${m[1]}T${m[2]}Z`) * 1000 + Number(m[3]);
}

/**
 * Stops a timer the test started and waits until the service it may have fired has finished. Otherwise,
 * on a slow run where OnBootSec=/OnStartupSec= (30 s) had already passed, the timer's own run of the
 * exporter goes on beside the next tests: a `systemctl start` then joins that run instead of starting the
 * unit as the test just changed it.
 */
async function stopTimer(timer: string, service: string, user?: SandboxUser): Promise<void> {
  await must(`stop ${timer}`, sandbox.systemctl(['stop', timer], user));
  await waitFor(`${service} to be settled after its timer stopped`, async () => {
    const { ActiveState, Job } = await sandbox.show(service, ['ActiveState', 'Job'], user);
    return (ActiveState === 'inactive' || ActiveState === 'failed') && !Job;
  });
}

/** The next `CALENDAR` UTC after `from`. */
function nextCalendar(from: Date): string {
  const [h, m, s] = CALENDAR.split(':').map(Number) as [number, number, number];
  const at = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate(), h, m, s));
  if (at <= from) at.setUTCDate(at.getUTCDate() + 1);
  return at.toISOString();
}

const msBetween = (a: string | null, bUs: number) => Math.abs(new Date(a ?? 0).getTime() - bUs / 1000);
/** A systemd µs timestamp as the snapshot carries it: ISO 8601, to the millisecond. */
const isoOfUs = (us: number) => new Date(Math.floor(us / 1000)).toISOString();
/**
 * How far the exporter's view of a monotonic time (converted with its own reading of both clocks) may
 * lie from systemd's: the rounding of two clock readings, plus any NTP slew between them. A time cut to
 * the second, as before `--timestamp=us+utc`, is off by up to 999 ms.
 */
const CLOCK_SLACK_MS = 5;

/** The systemctl calls of the unit's last run (state.json), e.g. `['systemctl show']`. */
function systemctlCalls(id: string): { calls: string[]; rememberedRefusal: unknown } {
  const state = JSON.parse(readFileSync(sandbox.path(`/var/lib/hermes-exporter/${id}/state.json`), 'utf8'));
  return {
    calls: (state.lastRun.commands as string[]).filter((c) => c.startsWith('systemctl')).sort(),
    rememberedRefusal: state.systemctlTimestampStyle,
  };
}
const exclude = (rel: string): boolean => rel.endsWith('state.db-shm');

async function hashAll(): Promise<Map<string, Map<string, string>>> {
  const trees: Record<string, string> = {
    vijayHome: vijay.hermesHome,
    vijayInstall: vijay.installDir!,
    backup: backupDir,
    bheemHome: bheem.hermesHome,
  };
  const out = new Map<string, Map<string, string>>();
  for (const [name, dir] of Object.entries(trees)) out.set(name, await hashTree(dir, { exclude }));
  return out;
}

const title = unavailable
  ? `skipped: cannot boot systemd in a namespace here: ${unavailable}`
  : "the exporter's systemd units under a real, sandboxed systemd";

describe.skipIf(unavailable !== null)(title, () => {
  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'hmc-sdunits-'));
    const now = new Date();
    await mkdir(join(tmp, 'vijay'));
    await mkdir(join(tmp, 'bheem'));
    backupDir = join(tmp, 'backup');
    await mkdir(backupDir);
    [vijay, bheem] = await Promise.all([
      buildHermesHome(join(tmp, 'vijay'), { now, writer: true }),
      buildHermesHome(join(tmp, 'bheem'), { now, schema: 30, install: 'none' }),
      createOneCommitRepo(backupDir, {
        'hermes/config.yaml': 'model: {default: x}\n',
        'hermes/memories/MEMORY.md': 'a\n',
        'hermes/cron/jobs.json': '{"jobs":[]}\n',
      }),
    ]);

    hostBefore = hostFootprint();
    sandbox = await startSystemdSandbox({
      vendorUnits: ['user@.service', 'user-runtime-dir@.service'],
      binds: [
        { source: vijay.hermesHome, target: HERMES_HOME },
        { source: vijay.installDir!, target: INSTALL_DIR },
        { source: backupDir, target: BACKUP_REPO },
        { source: bheem.hermesHome, target: BHEEM_HOME },
      ],
    });

    // uma and her user manager first: starting it reloads the system manager, which would re-fire the
    // stand-in backup timer if that were already installed.
    uma = await sandbox.addUser('uma', 1002);
    await chownTree(bheem.hermesHome, uma.uid);
    await sandbox.startUserManager(uma);

    // docs/operations.md steps 1-3 and 5, inside the sandbox.
    await mkdir(sandbox.path('/usr/local/lib/hermes-exporter'), { recursive: true });
    await copyFile(join(repoRoot, 'out/exporter/hermes-exporter.mjs'), sandbox.path(BUNDLE));
    await mkdir(sandbox.path('/etc/hermes-exporter'), { recursive: true });
    await writeFile(
      sandbox.path('/etc/hermes-exporter/vijay.yaml'),
      toYaml({
        instance: { id: 'vijay', label: 'Vijay (root)' },
        hermesHome: HERMES_HOME,
        installDir: INSTALL_DIR,
        outDir: '/var/lib/hermes-exporter/vijay',
        systemd: {
          scope: 'system',
          gatewayUnit: 'hermes-gateway.service',
          dashboardUnit: 'hermes-root-dashboard.service',
          backupTimer: 'hermes-root-backup.timer',
          watchdogUnit: 'hermes-watchdog.service',
          emergencyUploadTimer: 'hermes-emergency-drive-upload.timer',
        },
        backup: { repo: BACKUP_REPO },
        recovery: { googleTokenFile: `${HERMES_HOME}/google_token.json` },
        host_probes: { enabled: true, disks: [BHEEM_HOME] },
        python: '/usr/bin/python3',
      }),
    );
    await writeFile(
      sandbox.path('/etc/hermes-exporter/bheem.yaml'),
      toYaml({
        instance: { id: 'bheem', label: 'Bheem (uma)' },
        hermesHome: BHEEM_HOME,
        installDir: INSTALL_DIR,
        outDir: '/var/lib/hermes-exporter/bheem',
        systemd: {
          scope: 'user',
          gatewayUnit: 'uma-hermes-gateway.service',
          dashboardUnit: { name: 'uma-hermes-dashboard.service', scope: 'system' },
          backupTimer: { name: 'uma-hermes-backup.timer', scope: 'system' },
        },
        python: '/usr/bin/python3',
      }),
    );
    await writeFile(
      sandbox.path('/etc/hermes-exporter/probe.yaml'),
      'unused: the probe replaces ExecStart\n',
    );
    await mkdir(sandbox.path('/etc/tmpfiles.d'), { recursive: true });
    await copyFile(
      join(repoRoot, 'systemd/tmpfiles.d/hermes-exporter.conf'),
      sandbox.path('/etc/tmpfiles.d/hermes-exporter.conf'),
    );
    await must(
      'systemd-tmpfiles',
      sandbox.run(['systemd-tmpfiles', '--create', '/etc/tmpfiles.d/hermes-exporter.conf']),
    );

    for (const name of ['hermes-exporter@.service', 'hermes-exporter@.timer'])
      await copyFile(join(repoRoot, 'systemd', name), sandbox.path(`${SYSTEM_UNITS}/${name}`));
    for (const [name, text] of Object.entries(SYSTEM_STAND_INS))
      await writeFile(sandbox.path(`${SYSTEM_UNITS}/${name}`), text);
    await mkdir(sandbox.path(`${SYSTEM_UNITS}/hermes-exporter@probe.service.d`));
    await writeFile(
      sandbox.path('/usr/local/lib/hermes-exporter/probe.sh'),
      probeScript('/var/lib/hermes-exporter/probe/result', VIJAY_PROBE_PATHS),
    );
    await writeFile(
      sandbox.path(`${SYSTEM_UNITS}/hermes-exporter@probe.service.d/probe.conf`),
      '[Service]\nExecStart=\nExecStart=/bin/sh /usr/local/lib/hermes-exporter/probe.sh\n',
    );
    await mkdir(sandbox.path('/var/lib/hermes-exporter/probe'));
    await must('daemon-reload', sandbox.systemctl(['daemon-reload']));

    // uma's units (docs/operations.md step 6), owned by her.
    const userUnits = `${uma.home}/.config/systemd/user`;
    await mkdir(sandbox.path(userUnits), { recursive: true });
    for (const name of ['hermes-exporter.service', 'hermes-exporter.timer'])
      await copyFile(join(repoRoot, 'systemd/user', name), sandbox.path(`${userUnits}/${name}`));
    await writeFile(
      sandbox.path(`${userUnits}/uma-hermes-gateway.service`),
      unit('Bheem gateway', `ExecStart=${GATEWAY_EXEC}`),
    );
    await chownTree(sandbox.path(`${uma.home}/.config`), uma.uid);
    await must('daemon-reload --user', sandbox.systemctl(['daemon-reload'], uma));

    // Bring the stand-ins to their states. The watchdog fails on purpose.
    await must(
      'start stand-ins',
      sandbox.systemctl([
        'start',
        'hermes-gateway.service',
        'hermes-root-dashboard.service',
        'hermes-root-backup.timer',
        'hermes-emergency-drive-upload.timer',
        'uma-hermes-dashboard.service',
        'uma-hermes-backup.timer',
      ]),
    );
    await sandbox.systemctl(['start', 'hermes-watchdog.service']);
    await must('start uma-hermes-gateway', sandbox.systemctl(['start', 'uma-hermes-gateway.service'], uma));
    await waitFor('the dashboard stand-in to run after 2 restarts', async () => {
      const p = await sandbox.show('hermes-root-dashboard.service', ['NRestarts', 'SubState']);
      return p.NRestarts === '2' && p.SubState === 'running';
    });
    await waitFor('the backup timer to fire once', async () => {
      const t = await sandbox.show('hermes-root-backup.timer', ['LastTriggerUSec']);
      const s = await sandbox.show('hermes-root-backup.service', ['Result', 'ActiveState']);
      return t.LastTriggerUSec !== '' && s.Result === 'success' && s.ActiveState === 'inactive';
    });

    // The gateways' pid files name the stand-in units' main processes, as Hermes's own files would.
    const gatewayPid = Number((await sandbox.show('hermes-gateway.service', ['MainPID'])).MainPID);
    await pointGatewayAt(vijay.hermesHome, gatewayPid);
    const umaGatewayPid = Number(
      (await sandbox.show('uma-hermes-gateway.service', ['MainPID'], uma)).MainPID,
    );
    await pointGatewayAt(bheem.hermesHome, umaGatewayPid);
    await chownTree(bheem.hermesHome, uma.uid);

    for (const [k, v] of await hashAll()) hashes.set(k, v);
  }, 60_000);

  afterAll(async () => {
    await sandbox?.stop();
    await Promise.all([vijay?.close(), bheem?.close()]);
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('applies the tmpfiles rule: root-owned chroot parent, vijay root, bheem uma, all 0755', () => {
    const st = (p: string) => statSync(sandbox.path(p));
    expect(st('/var/lib/hermes-exporter')).toMatchObject({ uid: 0, mode: 0o40755 });
    expect(st('/var/lib/hermes-exporter/vijay')).toMatchObject({ uid: 0, mode: 0o40755 });
    expect(st('/var/lib/hermes-exporter/bheem')).toMatchObject({ uid: uma.uid, mode: 0o40755 });
  });

  describe('Vijay: hermes-exporter@vijay.service (system manager)', () => {
    let snapshot: Snapshot;

    it('runs to success as installed and writes a valid snapshot of the home', async () => {
      const start = await sandbox.systemctl(['start', 'hermes-exporter@vijay.service']);
      expect(start.code, `${start.stderr}\n${await sandbox.journal()}`).toBe(0);
      expect(await sandbox.show('hermes-exporter@vijay.service', ['Result', 'ExecMainStatus'])).toEqual({
        Result: 'success',
        ExecMainStatus: '0',
      });
      snapshot = readSnapshot('vijay');
      expect(snapshot.instance).toMatchObject({ id: 'vijay', user: 'root', uid: 0, systemdScope: 'system' });
      expect(snapshot.sessions).toMatchObject({
        total: vijay.expected.sessions.total,
        active: vijay.expected.sessions.active,
      });
      expect(snapshot.hermes).toMatchObject({
        version: vijay.expected.version,
        gitHead: vijay.expected.gitHead,
      });
      // git read the repo through ProtectHome=read-only (no index refresh it could not write).
      expect(snapshot.backup).toMatchObject({ repoPath: BACKUP_REPO, branch: 'main', dirty: false });
      expect(snapshot.backup?.head).toMatch(/^[0-9a-f]{7,40}$/);
      expect(snapshot.host).not.toBeNull();
      // Every probe that reads through the hardening (python3 for SQLite, git, /proc, netlink) worked.
      expect(snapshot.probes.filter((p) => !p.ok)).toEqual([]);
      for (const f of ['snapshot.json', 'history.jsonl', 'state.json']) {
        const text = readFileSync(sandbox.path(`/var/lib/hermes-exporter/vijay/${f}`), 'utf8');
        expect(text.includes(FIXTURE_CANARY), `${f} leaked the canary`).toBe(false);
      }
      // systemd 252 takes --timestamp=us+utc: one systemctl, no retry, nothing remembered.
      expect(systemctlCalls('vijay')).toEqual({ calls: ['systemctl show'], rememberedRefusal: undefined });
    });

    it('sees the gateway unit main process as the live gateway', async () => {
      const mainPid = Number((await sandbox.show('hermes-gateway.service', ['MainPID'])).MainPID);
      expect(snapshot.gateway).toMatchObject({ running: true, pid: mainPid });
    });

    it("reports each unit's real state, as systemctl show has it", async () => {
      for (const name of [
        'hermes-gateway.service',
        'hermes-root-dashboard.service',
        'hermes-watchdog.service',
        'hermes-root-backup.timer',
        'hermes-emergency-drive-upload.timer',
      ])
        expect(unitOf(snapshot, name), name).toMatchObject({ ...(await realUnit(name)), scope: 'system' });
      const gateway = unitOf(snapshot, 'hermes-gateway.service');
      expect(gateway).toMatchObject({ role: 'gateway', activeState: 'active', subState: 'running' });
      // To the millisecond of systemd's own microseconds, not cut to the second.
      expect(gateway.activeEnterAt).toBe(
        isoOfUs(await showTimestampUs('hermes-gateway.service', 'ActiveEnterTimestamp')),
      );
      expect(unitOf(snapshot, 'hermes-root-dashboard.service')).toMatchObject({
        activeState: 'active',
        nRestarts: 2,
      });
      expect(unitOf(snapshot, 'hermes-watchdog.service')).toMatchObject({
        activeState: 'failed',
        result: 'exit-code',
        execMainStatus: 3,
      });
    });

    it('reports timers’ last and next trigger to the millisecond, as systemd computes them', async () => {
      const timers = await listTimers();
      const backup = unitOf(snapshot, 'hermes-root-backup.timer');
      const real = timers.get('hermes-root-backup.timer')!;
      // list-timers' JSON has systemd's own microseconds. systemctl show prints LastTriggerUSec in whole
      // seconds even with --timestamp=us+utc; the exporter takes the rest from LastTriggerUSecMonotonic.
      expect(msBetween(backup.lastTriggerAt, real.last)).toBeLessThanOrEqual(CLOCK_SLACK_MS);
      expect(backup.lastTriggerAt!.slice(0, 19)).toBe(isoOfUs(real.last).slice(0, 19));
      expect(msBetween(backup.nextTriggerAt, real.next)).toBeLessThanOrEqual(CLOCK_SLACK_MS);
      // OnUnitActiveSec=1h counts from when the backup service started, which systemd records a few ms
      // after the trigger: next − last is that 1 h plus those ms (a last trigger cut to the second made
      // it 1 h and up to a second more).
      const serviceStart = await showTimestampUs('hermes-root-backup.service', 'InactiveExitTimestamp');
      expect(msBetween(backup.nextTriggerAt, serviceStart + 3600e6)).toBeLessThanOrEqual(CLOCK_SLACK_MS);
      const nextMinusLastMs = Date.parse(backup.nextTriggerAt!) - Date.parse(backup.lastTriggerAt!);
      expect(Math.abs(nextMinusLastMs - (3600e3 + (serviceStart - real.last) / 1000))).toBeLessThanOrEqual(
        CLOCK_SLACK_MS,
      );

      const upload = unitOf(snapshot, 'hermes-emergency-drive-upload.timer');
      expect(upload.nextTriggerAt).toBe(nextCalendar(new Date(snapshot.generatedAt)));
      expect(upload.lastTriggerAt).toBeNull();
    });

    it('keeps V8’s code cache in its private 0700 CacheDirectory and reuses it on the next run', async () => {
      const dir = sandbox.path('/var/cache/hermes-exporter/vijay');
      expect(statSync(dir)).toMatchObject({ uid: 0, mode: 0o40700 });
      const files = readdirSync(dir);
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(/\.v8cache$/);
      const file = join(dir, files[0]!);
      const before = {
        ...statSync(file),
        sha: createHash('sha256').update(readFileSync(file)).digest('hex'),
      };
      expect(before.mode & 0o777).toBe(0o600);

      expect((await sandbox.systemctl(['start', 'hermes-exporter@vijay.service'])).code).toBe(0);
      expect(readSnapshot('vijay').generatedAt > snapshot.generatedAt).toBe(true);
      // A hit leaves the file alone; a miss or a rejected cache would have rewritten it.
      const after = statSync(file);
      expect({ ino: after.ino, mtimeMs: after.mtimeMs }).toEqual({
        ino: before.ino,
        mtimeMs: before.mtimeMs,
      });
      expect(createHash('sha256').update(readFileSync(file)).digest('hex')).toBe(before.sha);
      // And the cache the unit wrote is one this node accepts: a dry run pointed at it says hit.
      const dry = await sandbox.run(
        [
          'node',
          BUNDLE,
          'run',
          '--once',
          '--print',
          '--stats',
          '--config',
          '/etc/hermes-exporter/vijay.yaml',
        ],
        { env: { CACHE_DIRECTORY: '/var/cache/hermes-exporter/vijay' } },
      );
      expect(dry.code, dry.stderr).toBe(0);
      expect(dry.stderr).toMatch(/ code_cache=hit\b/);
    });

    it('cannot write outside its own output folder, keeps one capability and has no IP sockets', async () => {
      const start = await sandbox.systemctl(['start', 'hermes-exporter@probe.service']);
      expect(start.code, `${start.stderr}\n${await sandbox.journal()}`).toBe(0);
      const result = readFileSync(sandbox.path('/var/lib/hermes-exporter/probe/result'), 'utf8');
      expect(result.trim().split('\n')).toEqual([
        ...VIJAY_PROBE_PATHS.map(
          (p) => `${p} ${p.startsWith('/var/lib/hermes-exporter/probe/') ? 'writable' : 'refused'}`,
        ),
        // CAP_DAC_READ_SEARCH (bit 2) and nothing else.
        'CapEff:\t0000000000000004',
        ...NO_NEW_PRIVILEGES_AND_SECCOMP,
        'AF_INET refused',
      ]);
    });

    it('hermes-exporter@vijay.timer schedules the next run within 60 s', async () => {
      await must('start timer', sandbox.systemctl(['start', 'hermes-exporter@vijay.timer']));
      expect(await nextElapseInMs('hermes-exporter@vijay.timer')).toBeLessThanOrEqual(60_000);
      await stopTimer('hermes-exporter@vijay.timer', 'hermes-exporter@vijay.service');
    });
  });

  describe("Bheem: hermes-exporter.service in uma's user manager", () => {
    let snapshot: Snapshot;

    it('runs to success as uma and writes a valid snapshot of her home', async () => {
      const start = await sandbox.systemctl(['start', 'hermes-exporter.service'], uma);
      expect(start.code, `${start.stderr}\n${await sandbox.journal()}`).toBe(0);
      expect(await sandbox.show('hermes-exporter.service', ['Result', 'ExecMainStatus'], uma)).toEqual({
        Result: 'success',
        ExecMainStatus: '0',
      });
      snapshot = readSnapshot('bheem');
      expect(snapshot.instance).toMatchObject({
        id: 'bheem',
        user: 'uma',
        uid: uma.uid,
        systemdScope: 'user',
      });
      expect(snapshot.sessions).toMatchObject({ total: bheem.expected.sessions.total });
      expect(snapshot.probes.filter((p) => !p.ok)).toEqual([]);
      for (const f of readdirSync(sandbox.path('/var/lib/hermes-exporter/bheem')))
        expect(statSync(sandbox.path(`/var/lib/hermes-exporter/bheem/${f}`)).uid, f).toBe(uma.uid);
      // One systemctl per manager, both taking --timestamp=us+utc.
      expect(systemctlCalls('bheem')).toEqual({
        calls: ['systemctl --user', 'systemctl show'],
        rememberedRefusal: undefined,
      });
    });

    it("reports her user gateway unit's real state and the gateway process as live", async () => {
      expect(unitOf(snapshot, 'uma-hermes-gateway.service')).toMatchObject({
        ...(await realUnit('uma-hermes-gateway.service', uma)),
        scope: 'user',
        activeState: 'active',
        subState: 'running',
      });
      const mainPid = Number((await sandbox.show('uma-hermes-gateway.service', ['MainPID'], uma)).MainPID);
      expect(snapshot.gateway).toMatchObject({ running: true, pid: mainPid });
      expect(unitOf(snapshot, 'uma-hermes-gateway.service').activeEnterAt).toBe(
        isoOfUs(await showTimestampUs('uma-hermes-gateway.service', 'ActiveEnterTimestamp', uma)),
      );
    });

    it('asks the system manager over D-Bus for the system units in its config', async () => {
      expect(unitOf(snapshot, 'uma-hermes-dashboard.service')).toMatchObject({
        ...(await realUnit('uma-hermes-dashboard.service')),
        scope: 'system',
        activeState: 'active',
      });
      expect(unitOf(snapshot, 'uma-hermes-backup.timer')).toMatchObject({
        scope: 'system',
        activeState: 'active',
        subState: 'waiting',
        nextTriggerAt: nextCalendar(new Date(snapshot.generatedAt)),
      });
    });

    it('keeps its code cache in ~/.cache/hermes-exporter/bheem, 0700 and hers', () => {
      const dir = sandbox.path(`${uma.home}/.cache/hermes-exporter/bheem`);
      expect(statSync(dir)).toMatchObject({ uid: uma.uid, mode: 0o40700 });
      expect(readdirSync(dir).filter((f) => f.endsWith('.v8cache'))).toHaveLength(1);
    });

    it('hermes-exporter.timer schedules the next run within 60 s', async () => {
      await must('start user timer', sandbox.systemctl(['start', 'hermes-exporter.timer'], uma));
      expect(await nextElapseInMs('hermes-exporter.timer', uma)).toBeLessThanOrEqual(60_000);
      await stopTimer('hermes-exporter.timer', 'hermes-exporter.service', uma);
    });

    it('cannot write her own home or config, only her output folder, and has no IP sockets', async () => {
      // Last Bheem test: it turns her unit into the probe (a drop-in replacing only ExecStart=).
      const dropIn = `${uma.home}/.config/systemd/user/hermes-exporter.service.d`;
      await mkdir(sandbox.path(dropIn));
      await writeFile(
        sandbox.path(`${uma.home}/.config/probe.sh`),
        probeScript('/var/lib/hermes-exporter/bheem/probe-result', BHEEM_PROBE_PATHS),
      );
      await writeFile(
        sandbox.path(`${dropIn}/probe.conf`),
        `[Service]\nExecStart=\nExecStart=/bin/sh ${uma.home}/.config/probe.sh\n`,
      );
      await chownTree(sandbox.path(`${uma.home}/.config`), uma.uid);
      await must('daemon-reload --user', sandbox.systemctl(['daemon-reload'], uma));
      const start = await sandbox.systemctl(['start', 'hermes-exporter.service'], uma);
      expect(start.code, `${start.stderr}\n${await sandbox.journal()}`).toBe(0);
      const result = readFileSync(sandbox.path('/var/lib/hermes-exporter/bheem/probe-result'), 'utf8');
      expect(result.trim().split('\n')).toEqual([
        ...BHEEM_PROBE_PATHS.map((p) => `${p} ${p.startsWith('/var/lib/') ? 'writable' : 'refused'}`),
        'CapEff:\t0000000000000000',
        ...NO_NEW_PRIVILEGES_AND_SECCOMP,
        'AF_INET refused',
      ]);
    });
  });

  describe('Vijay with VM-side alerts path 2 on: the shipped drop-in and a systemd credential', () => {
    // A second system instance (tg) over Vijay's home, so Vijay's own unit stays as shipped.
    const TG_TOKEN = '987654321:AAH-SANDBOXcanary_0123456789abcdefXYZ';
    const TG_CHAT = '-1005550001234';
    const CALLS = '/run/fake-telegram/calls.jsonl';
    const DROP_IN = join(repoRoot, 'systemd/hermes-exporter@.service.d/telegram-alerts.conf.example');
    const calls = (): { path: string; body: { chat_id: string; text: string } }[] => {
      const file = sandbox.path(CALLS);
      if (!existsSync(file)) return [];
      return readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l));
    };

    beforeAll(async () => {
      // A Bot API stand-in inside the sandbox's own network namespace (loopback only), with a
      // certificate from a throwaway CA the exporter is told to trust (verification stays on).
      await mkdir(join(tmp, 'tg-ca'));
      const ca = await makeThrowawayCa(join(tmp, 'tg-ca'));
      await mkdir(sandbox.path('/etc/fake-telegram'), { recursive: true });
      await writeFile(sandbox.path('/etc/fake-telegram/server.key'), ca.key, { mode: 0o600 });
      await writeFile(sandbox.path('/etc/fake-telegram/server.pem'), ca.cert);
      await copyFile(ca.caFile, sandbox.path('/etc/hermes-exporter/test-ca.pem'));
      await writeFile(sandbox.path('/usr/local/lib/hermes-exporter/fake-telegram.mjs'), FAKE_TELEGRAM_SERVER);
      await writeFile(
        sandbox.path(`${SYSTEM_UNITS}/fake-telegram.service`),
        unit('Bot API', 'ExecStart=/usr/bin/node /usr/local/lib/hermes-exporter/fake-telegram.mjs'),
      );
      await writeFile(
        sandbox.path('/etc/hermes-exporter/tg.yaml'),
        toYaml({
          instance: { id: 'tg', label: 'Vijay (root)' },
          hermesHome: HERMES_HOME,
          installDir: INSTALL_DIR,
          outDir: '/var/lib/hermes-exporter/tg',
          systemd: { scope: 'system', gatewayUnit: 'hermes-gateway.service' },
          python: '/usr/bin/python3',
          alerts: {
            holdRuns: 1,
            telegram: {
              chatId: TG_CHAT,
              baseUrl: 'https://127.0.0.1:8443',
              caFile: '/etc/hermes-exporter/test-ca.pem',
            },
          },
        }),
      );
      await mkdir(sandbox.path('/var/lib/hermes-exporter/tg'));
      // docs/operations.md: the token as a root-only file, handed over by LoadCredential=.
      await mkdir(sandbox.path('/etc/hermes-exporter/credentials'), { mode: 0o700 });
      await writeFile(
        sandbox.path('/etc/hermes-exporter/credentials/tg.telegram-bot-token'),
        `${TG_TOKEN}\n`,
        {
          mode: 0o600,
        },
      );
      await mkdir(sandbox.path(`${SYSTEM_UNITS}/hermes-exporter@tg.service.d`));
      await copyFile(
        DROP_IN,
        sandbox.path(`${SYSTEM_UNITS}/hermes-exporter@tg.service.d/telegram-alerts.conf`),
      );
      await must('daemon-reload', sandbox.systemctl(['daemon-reload']));
      await must('start fake-telegram', sandbox.systemctl(['start', 'fake-telegram.service']));
      await waitFor('the Bot API stand-in to listen', async () =>
        existsSync(sandbox.path('/run/fake-telegram/ready')),
      );
    });

    it('keeps every shipped key but the ones the drop-in relaxes', async () => {
      const verify = await sandbox.run([
        'systemd-analyze',
        'verify',
        '--man=no',
        `${SYSTEM_UNITS}/hermes-exporter@tg.service`,
      ]);
      expect(verify.code, verify.stderr).toBe(0);
      const p = await sandbox.show('hermes-exporter@tg.service', [
        'RestrictAddressFamilies',
        'IPAddressDeny',
        'IPAddressAllow',
        'ProtectSystem',
        'NoNewPrivileges',
        'CapabilityBoundingSet',
      ]);
      expect(p.RestrictAddressFamilies).toBe('AF_INET AF_INET6 AF_NETLINK AF_UNIX');
      expect(p.IPAddressAllow).toContain('149.154.160.0/20');
      expect(p.IPAddressAllow).toContain('127.0.0.0/8');
      // LoadCredential= itself systemctl cannot print; the next test shows the unit gets the token.
      expect(p).toMatchObject({
        ProtectSystem: 'strict',
        NoNewPrivileges: 'yes',
        CapabilityBoundingSet: 'cap_dac_read_search',
      });
    });

    it('with the gateway down, sends one message with the credential, and none on the next run', async () => {
      await must('start tg', sandbox.systemctl(['start', 'hermes-exporter@tg.service']));
      expect(calls()).toEqual([]);
      await must('stop the gateway', sandbox.systemctl(['stop', 'hermes-gateway.service']));
      const start = await sandbox.systemctl(['start', 'hermes-exporter@tg.service']);
      expect(start.code, `${start.stderr}\n${await sandbox.journal()}`).toBe(0);
      expect(calls(), await sandbox.journal(30)).toHaveLength(1);
      expect(calls()[0]).toMatchObject({ path: `/bot${TG_TOKEN}/sendMessage`, body: { chat_id: TG_CHAT } });
      expect(calls()[0]!.body.text).toMatch(/^Vijay \(root\): Gateway is not running\n/);
      await must('start tg again', sandbox.systemctl(['start', 'hermes-exporter@tg.service']));
      expect(calls()).toHaveLength(1);
      const snapshot = readSnapshot('tg');
      expect(snapshot.alerts?.direct).toMatchObject({
        configured: true,
        tokenPresent: true,
        lastError: null,
      });

      const journal = await must(
        'journalctl',
        sandbox.journalctl(['-u', 'hermes-exporter@tg.service', '--no-pager', '-o', 'cat']),
      );
      const out = '/var/lib/hermes-exporter/tg';
      const written = readdirSync(sandbox.path(out)).map((f) =>
        readFileSync(sandbox.path(`${out}/${f}`), 'utf8'),
      );
      for (const text of [journal, ...written]) {
        expect(text.includes(TG_TOKEN.split(':')[1]!), 'token leaked').toBe(false);
        expect(text.includes(TG_CHAT), 'chat id leaked').toBe(false);
      }
      await must('start the gateway again', sandbox.systemctl(['start', 'hermes-gateway.service']));
    });
  });

  describe('Bheem where unprivileged user namespaces are blocked: the fallback drop-in', () => {
    const FALLBACK = join(repoRoot, 'systemd/user/hermes-exporter.service.d/no-user-namespaces.conf.example');
    const dropIns = '/home/uma/.config/systemd/user/hermes-exporter.service.d';
    let before: Snapshot;

    beforeAll(async () => {
      // Back to the unit as shipped: the probe above replaced its ExecStart=.
      await rm(sandbox.path(`${dropIns}/probe.conf`), { force: true });
      before = readSnapshot('bheem');
      // What user.max_user_namespaces=0 or an AppArmor/Debian restriction does to her manager, confined to
      // the sandbox. The restart stops her units; the gateway comes back, with a new main pid.
      await sandbox.startUserManager(uma, { userNamespaces: false });
      await must('start uma-hermes-gateway', sandbox.systemctl(['start', 'uma-hermes-gateway.service'], uma));
    });

    it('the shipped unit fails at every start, with the journal lines the drop-in tells to look for', async () => {
      const start = await sandbox.systemctl(['start', 'hermes-exporter.service'], uma);
      expect(start.code).not.toBe(0);
      expect(await sandbox.show('hermes-exporter.service', ['Result', 'ExecMainStatus'], uma)).toEqual({
        Result: 'exit-code',
        ExecMainStatus: '217',
      });
      const quoted = readFileSync(FALLBACK, 'utf8')
        .split('\n')
        .map((line) => /^#\s+(hermes-exporter\.service: .*)$/.exec(line)?.[1])
        .filter((line) => line !== undefined);
      expect(quoted).toHaveLength(3);
      // The command the drop-in gives, as root.
      // Read after journald has stored the failed start's lines (systemctl start can return first).
      const journal = await must(
        'journalctl',
        sandbox.journalctl(['USER_UNIT=hermes-exporter.service', '-n', '20', '--no-pager', '-o', 'cat']),
      );
      for (const line of quoted) expect(journal).toContain(line);
      // Nothing new reaches the app: Bheem goes stale.
      expect(readSnapshot('bheem').generatedAt).toBe(before.generatedAt);
    });

    it('with the drop-in installed as its comments say, runs to success as uma and writes a valid snapshot', async () => {
      await copyFile(FALLBACK, sandbox.path(`${dropIns}/no-user-namespaces.conf`));
      await chownTree(sandbox.path(`${uma.home}/.config`), uma.uid);
      await must('daemon-reload --user', sandbox.systemctl(['daemon-reload'], uma));
      // Every key of the drop-in is one this systemd knows (a typo would only be warned about).
      const verify = await sandbox.run(
        [
          'systemd-analyze',
          '--user',
          'verify',
          '--man=no',
          `${uma.home}/.config/systemd/user/hermes-exporter.service`,
        ],
        { user: uma },
      );
      expect({ code: verify.code, stderr: verify.stderr.trim() }).toEqual({ code: 0, stderr: '' });

      const start = await sandbox.systemctl(['start', 'hermes-exporter.service'], uma);
      expect(start.code, `${start.stderr}\n${await sandbox.journal()}`).toBe(0);
      expect(await sandbox.show('hermes-exporter.service', ['Result', 'ExecMainStatus'], uma)).toEqual({
        Result: 'success',
        ExecMainStatus: '0',
      });
      const snapshot = readSnapshot('bheem');
      expect(snapshot.generatedAt > before.generatedAt).toBe(true);
      expect(snapshot.instance).toMatchObject({
        id: 'bheem',
        user: 'uma',
        uid: uma.uid,
        systemdScope: 'user',
      });
      expect(snapshot.sessions).toMatchObject({ total: bheem.expected.sessions.total });
      expect(snapshot.probes.filter((p) => !p.ok)).toEqual([]);
      // Both managers still answer: hers directly, the system one over D-Bus.
      expect(unitOf(snapshot, 'uma-hermes-gateway.service')).toMatchObject({
        ...(await realUnit('uma-hermes-gateway.service', uma)),
        activeState: 'active',
      });
      expect(unitOf(snapshot, 'uma-hermes-dashboard.service')).toMatchObject({
        scope: 'system',
        activeState: 'active',
      });
      for (const f of readdirSync(sandbox.path('/var/lib/hermes-exporter/bheem')))
        expect(statSync(sandbox.path(`/var/lib/hermes-exporter/bheem/${f}`)).uid, f).toBe(uma.uid);
      // That this run wrote nothing in her HERMES_HOME, which the unit no longer makes read-only, is
      // checked with the other runs by the tree hashes below.
    });

    it('keeps what needs no namespace, and no longer keeps her home read-only (as the drop-in says)', async () => {
      const paths = [
        `${uma.home}/hmc-probe`,
        '/etc/hermes-exporter/hmc-probe',
        '/var/lib/hermes-exporter/bheem/hmc-probe-fallback',
      ];
      await writeFile(
        sandbox.path(`${uma.home}/.config/probe-fallback.sh`),
        probeScript('/var/lib/hermes-exporter/bheem/probe-fallback-result', paths),
      );
      // After no-user-namespaces.conf, so only ExecStart= changes.
      await writeFile(
        sandbox.path(`${dropIns}/zz-probe.conf`),
        `[Service]\nExecStart=\nExecStart=/bin/sh ${uma.home}/.config/probe-fallback.sh\n`,
      );
      await chownTree(sandbox.path(`${uma.home}/.config`), uma.uid);
      await must('daemon-reload --user', sandbox.systemctl(['daemon-reload'], uma));
      const start = await sandbox.systemctl(['start', 'hermes-exporter.service'], uma);
      expect(start.code, `${start.stderr}\n${await sandbox.journal()}`).toBe(0);
      const result = readFileSync(
        sandbox.path('/var/lib/hermes-exporter/bheem/probe-fallback-result'),
        'utf8',
      );
      expect(result.trim().split('\n')).toEqual([
        // Her home (HERMES_HOME lives in it): writable, as for any process of hers. ProtectHome= is gone.
        `${uma.home}/hmc-probe writable`,
        // Plain file permissions still hold.
        '/etc/hermes-exporter/hmc-probe refused',
        '/var/lib/hermes-exporter/bheem/hmc-probe-fallback writable',
        'CapEff:\t0000000000000000',
        ...NO_NEW_PRIVILEGES_AND_SECCOMP,
        'AF_INET refused',
      ]);
      // What systemd says it applies: no pretended sandbox, the rest as shipped.
      expect(
        await sandbox.show(
          'hermes-exporter.service',
          [
            'PrivateUsers',
            'ProtectSystem',
            'ProtectHome',
            'PrivateTmp',
            'NoNewPrivileges',
            'RestrictAddressFamilies',
            'RestrictNamespaces',
            'RestrictSUIDSGID',
            'LockPersonality',
            'MemoryMax',
            'TasksMax',
          ],
          uma,
        ),
      ).toEqual({
        PrivateUsers: 'no',
        ProtectSystem: 'no',
        ProtectHome: 'no',
        PrivateTmp: 'no',
        NoNewPrivileges: 'yes',
        RestrictAddressFamilies: 'AF_NETLINK AF_UNIX',
        RestrictNamespaces: 'yes',
        RestrictSUIDSGID: 'yes',
        LockPersonality: 'yes',
        MemoryMax: String(256 * 1024 * 1024),
        TasksMax: '32',
      });
    });
  });

  it('leaves both Hermes homes, the install dir and the backup repo exactly as they were', async () => {
    const after = await hashAll();
    for (const [name, before] of hashes) expect(diffTrees(before, after.get(name)!), name).toEqual([]);
  });

  it('stops without leaving a process, a cgroup, a mount or a file behind', async () => {
    const { pid, cgroup, dir } = sandbox;
    await sandbox.stop();
    expect(existsSync(`/proc/${pid}`)).toBe(false);
    expect(existsSync(cgroup)).toBe(false);
    expect(existsSync(dir)).toBe(false);
    expect(readFileSync('/proc/self/mountinfo', 'utf8')).not.toContain(dir);
    expect(hostFootprint(), 'accounts, exporter paths or units changed on the machine itself').toBe(
      hostBefore,
    );
  });
});
