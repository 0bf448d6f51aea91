/**
 * A real systemd (the machine's /lib/systemd/systemd) booted as PID 1 of fresh PID, mount, cgroup, UTS,
 * IPC and network namespaces, so tests can install and run the exporter's units under a real service
 * manager without changing the machine they run on.
 *
 * What keeps the host untouched (a first attempt that let the stock vendor units load wiped the host's
 * /tmp through systemd-tmpfiles-setup.service and ran sysctl/udev/binfmt/utmp units against it):
 * - systemd sees ONLY whitelisted units: SYSTEMD_UNIT_PATH is /etc/systemd/system (a private tmpfs) plus
 *   a folder holding empty stand-ins for the standard targets and copies of the few vendor units a test
 *   asks for (journald, dbus, user@.service…; for user managers, exit.target and systemd-exit.service).
 *   Generators are switched off. Nothing from sysinit.target (tmpfiles, sysctl, udev, binfmt, utmp…)
 *   exists in the sandbox.
 * - /etc, /var, /usr/local/lib, /home and /root get copy-on-write overlays whose upper layers live in the
 *   sandbox's temp folder; /run, /tmp, /var/tmp, /dev (nspawn-like, a handful of device nodes) are private
 *   tmpfs; /proc/sys and /sys are read-only; cgroup2 is mounted inside a cgroup namespace rooted at a
 *   cgroup of our own (`hmc-sandbox-<pid>-<n>`), removed on stop (or by the next start, if the test
 *   process died first).
 * - Whatever the test needs visible inside (a fixture HERMES_HOME…) is bind-mounted at boot onto a path
 *   under one of the overlays, so the mount point itself is only created in the overlay.
 * - Its own UTS, IPC and network namespaces (only a loopback): PID 1's hostname and loopback setup,
 *   and anything a unit does to the network, stay inside.
 * - Every process dies with the sandbox: `setpriv --pdeathsig KILL` + `unshare --kill-child` tie PID 1 to
 *   the test process, and stop() SIGKILLs PID 1, which takes the whole PID namespace (and with it every
 *   mount) down.
 *
 * Files are read and written from the host through `/proc/<pid>/root/…` (`sandbox.path()`), commands run
 * inside with `nsenter` (`sandbox.run()`).
 */
import { spawn, spawnSync, execFile, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync, readdirSync, readFileSync, rmdirSync, statSync } from 'node:fs';
import { appendFile, chown, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SYSTEMD_BIN = '/lib/systemd/systemd';
const VENDOR_UNIT_DIR = '/lib/systemd/system';
const VENDOR_USER_UNIT_DIR = '/lib/systemd/user';
/** Where the stand-in targets and vendor copies live inside the sandbox. */
const SANDBOX_UNITS = '/run/hmc-sandbox/units';
const SANDBOX_USER_UNITS = '/run/hmc-sandbox/units-user';
const SANDBOX_EMPTY = '/run/hmc-sandbox/none';
/** Prefix of the sandbox's cgroup and temp folder, followed by the owning test process's pid. */
const SANDBOX_PREFIX = 'hmc-sandbox-';
const SAFE_PATH = /^\/[A-Za-z0-9@._/+-]*$/;
const SANDBOX_PATH_ENV = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Targets units refer to by default dependencies; in the sandbox they are empty and pull in nothing. */
const STAND_IN_TARGETS = [
  'sysinit',
  'basic',
  'sockets',
  'timers',
  'paths',
  'slices',
  'local-fs',
  'network',
  'multi-user',
  'default',
  'shutdown',
  'exit',
];
/** Vendor units copied in by default: a journal to read unit output, and the system D-Bus. */
const DEFAULT_VENDOR_UNITS = [
  'systemd-journald.service',
  'systemd-journald.socket',
  'systemd-journald-dev-log.socket',
  'dbus.socket',
  'dbus.service',
];
/**
 * The user manager's own way out, copied instead of a stand-in: on SIGTERM (user@.service stopping) it
 * starts exit.target, and only systemd-exit.service (SuccessAction=exit-force) makes it exit. With an
 * empty exit.target a stop or restart of user@<uid>.service would hang until TimeoutStopSec=.
 */
const USER_VENDOR_UNITS = ['exit.target', 'systemd-exit.service'];
const DEFAULT_OVERLAYS = ['/etc', '/var', '/usr/local/lib', '/home', '/root'];

export interface SandboxBind {
  /** A directory on the host. */
  source: string;
  /** Where it appears inside; must lie under one of the overlays (its mount point is made there). */
  target: string;
}

export interface SystemdSandboxOptions {
  /** Folders given a throwaway copy-on-write layer. Default: /etc, /var, /usr/local/lib, /home, /root. */
  overlays?: string[];
  /** Host directories made visible inside, mounted at boot. */
  binds?: SandboxBind[];
  /** Extra units copied from /lib/systemd/system (e.g. user@.service). journald and dbus always are. */
  vendorUnits?: string[];
  /** Bound on waiting for `systemctl is-system-running` to say running. Default 20 s. */
  bootTimeoutMs?: number;
}

export interface RunOptions {
  /** Run as this uid/gid (with its supplementary groups from the sandbox's /etc/group). Default root. */
  user?: SandboxUser;
  env?: Record<string, string>;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface SandboxUser {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

export interface UserManagerOptions {
  /**
   * false: the user manager and everything it starts cannot create user namespaces (a seccomp filter on
   * user@.service, `RestrictNamespaces=~user`), as on a VM with `user.max_user_namespaces=0` or an
   * AppArmor/Debian sysctl that blocks them, without touching the host's sysctls. Default true.
   */
  userNamespaces?: boolean;
}

export interface SystemdSandbox {
  /** PID 1 of the sandbox, as the host sees it. */
  readonly pid: number;
  /** The sandbox's own temp folder on the host (overlay layers, boot script). */
  readonly dir: string;
  /** The cgroup (host path) everything in the sandbox lives under. */
  readonly cgroup: string;
  /** Host path of `inside` (an absolute path as the sandbox sees it). */
  path(inside: string): string;
  /** Runs argv inside the sandbox (its mount and PID namespaces), never throws on a non-zero exit. */
  run(argv: string[], options?: RunOptions): Promise<RunResult>;
  /** `systemctl <args>` against the system manager, or the user's manager when `user` is given. */
  systemctl(args: string[], user?: SandboxUser): Promise<RunResult>;
  /** `systemctl show -p … --value`-free map of properties of one unit. */
  show(unit: string, properties: string[], user?: SandboxUser): Promise<Record<string, string>>;
  /** The last lines of the sandbox's journal (all units, system and user), for failure messages. */
  journal(lines?: number): Promise<string>;
  /**
   * `journalctl <args>` once journald has stored everything logged so far. `systemctl start` returns when
   * the job ends, which can be before journald has read the unit's last lines from its socket (under load
   * it lags): without `journalctl --sync` first, a read right after a failed start can miss them.
   */
  journalctl(args: string[]): Promise<RunResult>;
  /** Adds an account to the sandbox's /etc/passwd (never the host's), with a home folder owned by it. */
  addUser(name: string, preferredUid: number): Promise<SandboxUser>;
  /**
   * (Re)starts `user@<uid>.service` (as a linger session would) and waits until that manager runs. A
   * restart stops every unit the manager ran.
   */
  startUserManager(user: SandboxUser, options?: UserManagerOptions): Promise<void>;
  /** SIGKILL PID 1, wait for the namespace to die, remove the cgroup and the temp folder. Idempotent. */
  stop(): Promise<void>;
}

/** Why a sandboxed systemd cannot be booted here, or null when it can. Cheap and synchronous. */
export function systemdSandboxUnavailable(): string | null {
  if (process.platform !== 'linux') return `not Linux (${process.platform})`;
  if (process.getuid?.() !== 0) return 'not running as root';
  if (!existsSync(SYSTEMD_BIN)) return `no ${SYSTEMD_BIN}`;
  const capEff = /^CapEff:\s*([0-9a-f]+)$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  const CAP_SYS_ADMIN = 21n;
  if (!capEff || ((BigInt(`0x${capEff}`) >> CAP_SYS_ADMIN) & 1n) === 0n) return 'no CAP_SYS_ADMIN';
  for (const tool of ['unshare', 'nsenter', 'setpriv', 'bash']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) return `${tool} not found`;
  }
  if (!readFileSync('/proc/filesystems', 'utf8').includes('\toverlay\n')) return 'no overlayfs';
  const base = cgroupBase();
  if (typeof base !== 'string') return base.reason;
  try {
    accessSync(base, constants.W_OK);
  } catch {
    return `cgroup ${base} is not writable`;
  }
  const trial = spawnSync(
    'unshare',
    [
      ...['--pid', '--fork', '--mount', '--mount-proc', '--cgroup', '--uts', '--ipc', '--net'],
      ...['sh', '-c', 'mount -t tmpfs tmpfs /run'],
    ],
    { encoding: 'utf8', timeout: 10_000 },
  );
  if (trial.status !== 0) return `unshare failed: ${(trial.stderr || trial.error?.message || '').trim()}`;
  return null;
}

/** The cgroup2 folder (host path) of this process, under which the sandbox's cgroup is created. */
function cgroupBase(): string | { reason: string } {
  const own = /^0::(\/.*)$/m.exec(readFileSync('/proc/self/cgroup', 'utf8'))?.[1];
  if (own === undefined) return { reason: 'no cgroup2 membership in /proc/self/cgroup' };
  // mountinfo: id parent major:minor root mountpoint options - fstype source superoptions
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => line.split(' - '))
    .filter((parts) => parts[1]?.startsWith('cgroup2 '))
    .map((parts) => parts[0]!.split(' ')[4]!);
  const mountPoint = mounts.find((m) => m === '/sys/fs/cgroup') ?? mounts[0];
  if (!mountPoint) return { reason: 'no cgroup2 file system mounted' };
  return join(mountPoint, own);
}

/**
 * Runs as the forked child of `unshare`, inside the new namespaces, and execs systemd. $1 is the
 * sandbox's host folder (it holds `mounts`, `units`, `units-user`).
 */
const BOOT_SCRIPT = String.raw`set -eu
S=$1
mount --make-rprivate /
# A private /dev, as systemd-nspawn builds it: no host device node can be created or changed inside.
mkdir "$S/dev"
mount -t tmpfs -o mode=0755,nosuid tmpfs "$S/dev"
for n in null zero full random urandom tty; do touch "$S/dev/$n"; mount --bind "/dev/$n" "$S/dev/$n"; done
mkdir "$S/dev/pts" "$S/dev/shm"
mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts "$S/dev/pts"
ln -s pts/ptmx "$S/dev/ptmx"
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$S/dev/shm"
ln -s /proc/self/fd "$S/dev/fd"
ln -s /proc/self/fd/0 "$S/dev/stdin"; ln -s /proc/self/fd/1 "$S/dev/stdout"; ln -s /proc/self/fd/2 "$S/dev/stderr"
mount --move "$S/dev" /dev
# Overlays and binds, in order; bind sources may live in the host /tmp, which is hidden further down.
while read -r kind a b; do
  case $kind in
    overlay) mkdir -p "$S/ov$a/upper" "$S/ov$a/work"
             mount -t overlay overlay -o "lowerdir=$a,upperdir=$S/ov$a/upper,workdir=$S/ov$a/work" "$a" ;;
    bind)    mkdir -p "$b"; mount --bind "$a" "$b" ;;
  esac
done < "$S/mounts"
mount -t tmpfs -o mode=0755 tmpfs /run
mkdir -p /run/hmc-sandbox/none
cp -r "$S/units" "$S/units-user" /run/hmc-sandbox/
mount -t tmpfs -o mode=0755 tmpfs /etc/systemd/system
mount -t tmpfs -o mode=1777 tmpfs /tmp
mount -t tmpfs -o mode=1777 tmpfs /var/tmp
# Kernel knobs stay read-only: nothing inside can change a sysctl of the host kernel.
mount --bind /proc/sys /proc/sys
mount -o remount,bind,ro /proc/sys
if [ -e /proc/sysrq-trigger ]; then
  mount --bind /proc/sysrq-trigger /proc/sysrq-trigger
  mount -o remount,bind,ro /proc/sysrq-trigger
fi
mount -o remount,bind,ro /sys
# cgroup2 as seen from the cgroup namespace: its root is the sandbox's own cgroup.
mount -t cgroup2 -o nsdelegate cgroup2 /sys/fs/cgroup
# Shared again, but only among the sandbox's own mounts (the make-rprivate above cut every link to the
# host's): as on a booted host, where systemd passes a unit's credentials (LoadCredential=) from the
# namespace that built them to the unit's through mount propagation. With / private, units saw an empty
# $CREDENTIALS_DIRECTORY.
mount --make-rshared /
export SYSTEMD_UNIT_PATH=/etc/systemd/system:${SANDBOX_UNITS}
export SYSTEMD_GENERATOR_PATH=${SANDBOX_EMPTY} SYSTEMD_ENVIRONMENT_GENERATOR_PATH=${SANDBOX_EMPTY}
exec env container=hmc-sandbox ${SYSTEMD_BIN} --system --unit=hmc-sandbox.target --log-target=journal --log-level=info
`;

function standInTarget(name: string, extra = ''): string {
  return `[Unit]\nDescription=${name} (hmc sandbox stand-in: pulls in nothing)\nDefaultDependencies=no\n${extra}`;
}

function assertSafePath(p: string): void {
  if (!SAFE_PATH.test(p)) throw new Error(`systemd sandbox: unsupported path ${JSON.stringify(p)}`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function exec(cmd: string, args: string[]): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(cmd, args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr: stderr || (err && typeof err.code !== 'number' ? err.message : '') });
    });
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Removes a cgroup subtree bottom-up (only empty cgroups can be removed). */
function removeCgroup(dir: string): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) removeCgroup(join(dir, entry.name));
  }
  rmdirSync(dir);
}

/**
 * Cgroups and temp folders of sandboxes whose test process died without stopping them (their processes
 * died with it, by the parent-death signal). Both names carry the owner's pid.
 */
async function removeLeftovers(cgroupBaseDir: string): Promise<void> {
  const owner = (name: string) => new RegExp(`^${SANDBOX_PREFIX}(\\d+)-`).exec(name)?.[1];
  const orphaned = (name: string) => {
    const pid = owner(name);
    return pid !== undefined && !alive(Number(pid));
  };
  for (const name of readdirSync(cgroupBaseDir).filter(orphaned)) {
    try {
      removeCgroup(join(cgroupBaseDir, name));
    } catch {
      // Still populated (processes being reaped): the next start tries again.
    }
  }
  for (const name of readdirSync(tmpdir()).filter(orphaned))
    await rm(join(tmpdir(), name), { recursive: true, force: true });
}

function populated(cgroup: string): boolean {
  try {
    return /^populated 1$/m.test(readFileSync(join(cgroup, 'cgroup.events'), 'utf8'));
  } catch {
    return false;
  }
}

/** The pid the unshare process forked (which became systemd), once it has exec'd systemd. */
async function findSystemd(unshare: ChildProcess, deadline: number, stderr: () => string): Promise<number> {
  const unsharePid = unshare.pid!;
  while (Date.now() < deadline) {
    if (unshare.exitCode !== null || unshare.signalCode !== null)
      throw new Error(`systemd sandbox: boot failed: ${stderr().trim() || `exit ${unshare.exitCode}`}`);
    let children: string[] = [];
    try {
      children = readFileSync(`/proc/${unsharePid}/task/${unsharePid}/children`, 'utf8').trim().split(/\s+/);
    } catch {
      // unshare not started yet, or just exited: the next round tells.
    }
    for (const child of children.filter(Boolean)) {
      try {
        if (readFileSync(`/proc/${child}/comm`, 'utf8').trim() === 'systemd') return Number(child);
      } catch {
        // exited in between
      }
    }
    await sleep(20);
  }
  throw new Error(`systemd sandbox: systemd did not start: ${stderr().trim()}`);
}

export async function startSystemdSandbox(options: SystemdSandboxOptions = {}): Promise<SystemdSandbox> {
  const reason = systemdSandboxUnavailable();
  if (reason) throw new Error(`systemd sandbox unavailable: ${reason}`);
  const overlays = options.overlays ?? DEFAULT_OVERLAYS;
  const binds = options.binds ?? [];
  for (const p of [...overlays, ...binds.flatMap((b) => [b.source, b.target])]) assertSafePath(p);
  for (const b of binds) {
    if (!overlays.some((o) => b.target.startsWith(`${o}/`)))
      throw new Error(
        `systemd sandbox: bind target ${b.target} is not under an overlay (${overlays.join(', ')})`,
      );
    if (!statSync(b.source).isDirectory()) throw new Error(`systemd sandbox: ${b.source} is not a directory`);
  }

  const base = cgroupBase() as string;
  await removeLeftovers(base);
  const dir = await mkdtemp(join(tmpdir(), `${SANDBOX_PREFIX}${process.pid}-`));
  const cgroup = join(base, `${SANDBOX_PREFIX}${process.pid}-${randomBytes(4).toString('hex')}`);
  await mkdir(cgroup);

  await writeFile(
    join(dir, 'mounts'),
    [...overlays.map((o) => `overlay ${o}`), ...binds.map((b) => `bind ${b.source} ${b.target}`)].join('\n') +
      '\n',
  );
  await mkdir(join(dir, 'units'));
  await mkdir(join(dir, 'units-user'));
  const vendor = [...DEFAULT_VENDOR_UNITS, ...(options.vendorUnits ?? [])];
  for (const unit of vendor) await copyFile(join(VENDOR_UNIT_DIR, unit), join(dir, 'units', unit));
  for (const t of STAND_IN_TARGETS) {
    await writeFile(join(dir, 'units', `${t}.target`), standInTarget(t));
    await writeFile(join(dir, 'units-user', `${t}.target`), standInTarget(t));
  }
  for (const unit of USER_VENDOR_UNITS)
    await copyFile(join(VENDOR_USER_UNIT_DIR, unit), join(dir, 'units-user', unit));
  await writeFile(
    join(dir, 'units', 'hmc-sandbox.target'),
    standInTarget(
      'hmc-sandbox',
      'Wants=systemd-journald.service dbus.socket dbus.service\nAfter=systemd-journald.service dbus.service\n',
    ),
  );
  await writeFile(join(dir, 'boot.sh'), BOOT_SCRIPT);

  let stderrText = '';
  // bash joins the sandbox cgroup first, so systemd's cgroup namespace is rooted there.
  const unshare = spawn(
    'bash',
    [
      '-c',
      'echo $$ > "$1/cgroup.procs" && exec setpriv --pdeathsig KILL unshare --pid --fork --kill-child=SIGKILL --mount --mount-proc --cgroup --uts --ipc --net bash "$2/boot.sh" "$2"',
      'hmc-sandbox',
      cgroup,
      dir,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  unshare.stderr!.setEncoding('utf8').on('data', (d: string) => (stderrText += d));
  const exited = new Promise<void>((resolve) => unshare.once('exit', () => resolve()));

  let stopped = false;
  let pid = 0;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
    if (unshare.exitCode === null && unshare.signalCode === null) {
      const bounded = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
      if (!bounded) {
        unshare.kill('SIGKILL');
        await exited;
      }
    }
    // The kernel reaps a dying PID namespace asynchronously: wait (bounded) until the cgroup is empty.
    const deadline = Date.now() + 10_000;
    while (populated(cgroup) && Date.now() < deadline) await sleep(20);
    removeCgroup(cgroup);
    await rm(dir, { recursive: true, force: true });
  };

  try {
    const bootTimeout = options.bootTimeoutMs ?? 20_000;
    const deadline = Date.now() + bootTimeout;
    pid = await findSystemd(unshare, deadline, () => stderrText);
    const sandbox = makeHandle(pid, dir, cgroup, stop);
    // Readiness is polled (bounded), never assumed after a fixed delay.
    let state = '';
    while (Date.now() < deadline) {
      state = (await sandbox.systemctl(['is-system-running'])).stdout.trim();
      if (state === 'running') return sandbox;
      if (state === 'degraded') {
        const failed = await sandbox.systemctl(['list-units', '--failed', '--no-legend', '--plain']);
        throw new Error(`systemd sandbox: degraded at boot:\n${failed.stdout}\n${await sandbox.journal()}`);
      }
      await sleep(25);
    }
    throw new Error(`systemd sandbox: not running after ${bootTimeout} ms (state: ${state || 'no answer'})`);
  } catch (err) {
    await stop();
    throw err;
  }
}

function makeHandle(pid: number, dir: string, cgroup: string, stop: () => Promise<void>): SystemdSandbox {
  const root = `/proc/${pid}/root`;
  const path = (inside: string): string => {
    if (!inside.startsWith('/')) throw new Error(`systemd sandbox: path must be absolute: ${inside}`);
    return `${root}${inside}`;
  };

  const run = (argv: string[], options: RunOptions = {}): Promise<RunResult> => {
    const user = options.user;
    const env: Record<string, string> = {
      PATH: SANDBOX_PATH_ENV,
      LANG: 'C.UTF-8',
      SYSTEMD_PAGER: '',
      SYSTEMD_COLORS: '0',
      HOME: user?.home ?? '/root',
      ...(user ? { USER: user.name, XDG_RUNTIME_DIR: `/run/user/${user.uid}` } : {}),
      ...options.env,
    };
    const asUser = user
      ? ['setpriv', `--reuid=${user.uid}`, `--regid=${user.gid}`, '--init-groups', '--']
      : [];
    const envArgs = ['env', '-i', ...Object.entries(env).map(([k, v]) => `${k}=${v}`)];
    return exec('nsenter', ['-t', String(pid), '-m', '-p', '-r', '-w', '--', ...asUser, ...envArgs, ...argv]);
  };

  const systemctl = (args: string[], user?: SandboxUser): Promise<RunResult> =>
    run(['systemctl', ...(user ? ['--user'] : []), '--no-pager', ...args], user ? { user } : {});

  const handle: SystemdSandbox = {
    pid,
    dir,
    cgroup,
    path,
    run,
    systemctl,
    async show(unit, properties, user) {
      const r = await systemctl(['show', `--property=${properties.join(',')}`, unit], user);
      if (r.code !== 0) throw new Error(`systemctl show ${unit}: ${r.stderr}`);
      const props: Record<string, string> = {};
      for (const line of r.stdout.split('\n')) {
        const eq = line.indexOf('=');
        if (eq > 0) props[line.slice(0, eq)] = line.slice(eq + 1);
      }
      return props;
    },
    async journalctl(args) {
      // --sync returns only after journald has written every message queued before the call.
      const sync = await run(['journalctl', '--sync']);
      if (sync.code !== 0) return sync;
      return run(['journalctl', ...args]);
    },
    async journal(lines = 80) {
      const r = await handle.journalctl([
        '--no-pager',
        '--no-hostname',
        '-o',
        'short-monotonic',
        '-n',
        String(lines),
      ]);
      return r.stdout + r.stderr;
    },
    async addUser(name, preferredUid) {
      const passwd = await readFile(path('/etc/passwd'), 'utf8');
      const group = await readFile(path('/etc/group'), 'utf8');
      const taken = (text: string, field: number) =>
        new Set(text.split('\n').map((l) => Number(l.split(':')[field])));
      if (passwd.split('\n').some((l) => l.startsWith(`${name}:`)))
        throw new Error(`systemd sandbox: user ${name} already exists`);
      const uids = taken(passwd, 2);
      const gids = taken(group, 2);
      let uid = preferredUid;
      while (uids.has(uid) || gids.has(uid)) uid++;
      const home = `/home/${name}`;
      // Only the sandbox's overlay copies of these files change; the host's stay as they are.
      await appendFile(path('/etc/passwd'), `${name}:x:${uid}:${uid}::${home}:/bin/bash\n`);
      await appendFile(path('/etc/group'), `${name}:x:${uid}:\n`);
      // pam_unix's account check (user@.service's PAM stack) wants a shadow entry; '*' = no password.
      await appendFile(path('/etc/shadow'), `${name}:*:20000:0:99999:7:::\n`);
      await appendFile(path('/etc/gshadow'), `${name}:!::\n`);
      await mkdir(path(home), { recursive: true, mode: 0o750 });
      await chown(path(home), uid, uid);
      return { name, uid, gid: uid, home };
    },
    async startUserManager(user, options = {}) {
      // What logind + pam_systemd would do for a lingering user: XDG_RUNTIME_DIR. The unit path is the
      // user's own ~/.config/systemd/user plus empty stand-in targets (of the vendor user units, only the
      // exit path).
      const dropIns = path('/etc/systemd/system/user@.service.d');
      await mkdir(dropIns, { recursive: true });
      await writeFile(
        join(dropIns, 'hmc-sandbox.conf'),
        `[Service]\nEnvironment=XDG_RUNTIME_DIR=/run/user/%i SYSTEMD_UNIT_PATH=${user.home}/.config/systemd/user:${SANDBOX_USER_UNITS}\n` +
          `Environment=SYSTEMD_GENERATOR_PATH=${SANDBOX_EMPTY} SYSTEMD_ENVIRONMENT_GENERATOR_PATH=${SANDBOX_EMPTY}\n`,
      );
      const noUserNamespaces = join(dropIns, 'hmc-sandbox-no-userns.conf');
      if (options.userNamespaces === false)
        await writeFile(noUserNamespaces, '[Service]\nRestrictNamespaces=~user\n');
      else await rm(noUserNamespaces, { force: true });
      // A user manager mounts a unit's sandbox on /run/systemd/unit-root but cannot create that folder in
      // root's /run/systemd. On a booted host it is there long before: PID 1 made it for the first
      // namespaced system service (systemd-logind, which linger needs). Here nothing ran yet.
      await mkdir(path('/run/systemd/unit-root'), { recursive: true, mode: 0o700 });
      const reload = await systemctl(['daemon-reload']);
      if (reload.code !== 0) throw new Error(`daemon-reload: ${reload.stderr}`);
      const start = await systemctl(['restart', `user@${user.uid}.service`]);
      if (start.code !== 0)
        throw new Error(
          `systemd sandbox: user@${user.uid}.service failed: ${start.stderr}\n${await handle.journal()}`,
        );
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        if ((await systemctl(['is-system-running'], user)).stdout.trim() === 'running') return;
        await sleep(25);
      }
      throw new Error(
        `systemd sandbox: the user manager of ${user.name} is not running\n${await handle.journal()}`,
      );
    },
    stop,
  };
  return handle;
}
