/**
 * The founder's runbook (seeds: hermes-operations.md), per instance, filled from live data: unit names,
 * each unit's systemd scope, OS user, uid, HERMES_HOME, dashboard address and backup repo all come from
 * the snapshot and the host config — never from hard-coded names. A command whose inputs are unknown is
 * left out rather than shown with a placeholder; one whose inputs are there but cannot be put in a
 * command safely is refused with a reason (`buildRunbook(…).refused`). Every step that says it runs as
 * the instance's user does, and none hides its own failure (test/integration/runbook-commands-run.test.ts
 * runs them all). The app copies these; it never runs them.
 */
import type { InstanceStatus } from '../model/instance-status.js';
import type { RefusedCommand, RunbookCommand } from '../model/warning.js';
import { refusedWithKind, withCommandKind } from './command-kinds.js';
import type { Snapshot } from '../contract/snapshot.js';
import { isSafeHost, isSafeUserName, shellQuote, unsafeValueReason } from './shell-quote.js';
import { addRestoreDrillCommands } from './restore-drill-commands.js';
import { addSystemdCommands, unitWithRole, type Plan } from './systemd-commands.js';

export { unitWithRole };

/** How the laptop reaches the VM (from the app's host settings). */
export interface RunbookHost {
  /** Configured host name (label / ssh alias). */
  name: string;
  host: string;
  user: string;
  port: number;
}

export interface RunbookOptions {
  /** Dashboard ports of every instance on this host, for the one `ss -ltnp | grep` the runbook uses. */
  dashboardPorts?: number[];
}

/** What the command builders share for one instance. */
export interface InstanceShell {
  snapshot: Snapshot;
  /** The configured instance id (lowercase letters, digits, - and _), safe in a path. */
  instanceId: string;
  hostLabel: string;
  /** `sudo -u uma HERMES_HOME=… ` style prefix to run Hermes as the instance user ('' for root). */
  asUser: string;
  /** `sudo -u uma ` to run any command as the instance user ('' for root or an unknown user). */
  runAs: string;
  whereAsUser: string;
}

/** Every runbook command of an instance: those to show, and those refused with a reason. */
export interface RunbookPlan {
  commands: RunbookCommand[];
  refused: RefusedCommand[];
}

const VM_ROOT = (host: string): string => `on the VM (${host}) as root`;

function defaultHome(user: string): string {
  return user === 'root' ? '/root/.hermes' : `/home/${user}/.hermes`;
}

function sshTarget(host: RunbookHost): string | null {
  if (!isSafeHost(host.host)) return null;
  const user = isSafeUserName(host.user) || /^[A-Za-z0-9._-]{1,64}$/.test(host.user) ? `${host.user}@` : '';
  const port = host.port && host.port !== 22 ? `-p ${host.port} ` : '';
  return `${port}${user}${host.host}`;
}

/** The address to forward to: where the dashboard really listens (loopback first, wildcard → loopback). */
export function tunnelTargetAddress(snapshot: Snapshot): string | null {
  const bindings = snapshot.dashboard.bindings;
  if (bindings.length === 0) return null;
  const order = ['loopback', 'any', 'tailscale', 'private', 'public'] as const;
  for (const cls of order) {
    const b = bindings.find((x) => x.class === cls);
    if (!b) continue;
    if (cls === 'any') return b.family === 'ipv6' ? '[::1]' : '127.0.0.1';
    if (!isSafeHost(b.address)) continue;
    return b.family === 'ipv6' ? `[${b.address.replace(/^\[|\]$/g, '')}]` : b.address;
  }
  return null;
}

const INSTANCE_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** The prefixes an instance's commands use, or why none can be built (HERMES_HOME unusable). */
function instanceShell(snapshot: Snapshot, instanceId: string, hostLabel: string): InstanceShell | string {
  const { user, hermesHome } = snapshot.instance;
  const bad = unsafeValueReason('HERMES_HOME', 'path', hermesHome);
  if (bad) return bad;
  if (!INSTANCE_ID.test(instanceId)) return `the instance id "${instanceId}" is not a plain id`;
  const home = shellQuote(hermesHome);
  const base = { snapshot, instanceId, hostLabel };
  if (user === 'root') {
    const env = hermesHome === defaultHome('root') ? '' : `HERMES_HOME=${home} `;
    return { ...base, asUser: env, runAs: '', whereAsUser: VM_ROOT(hostLabel) };
  }
  if (isSafeUserName(user)) {
    // Explicit HERMES_HOME: sudo's HOME handling differs between distributions.
    return {
      ...base,
      asUser: `sudo -u ${user} HERMES_HOME=${home} `,
      runAs: `sudo -u ${user} `,
      whereAsUser: `on the VM (${hostLabel}) as root (runs as ${user})`,
    };
  }
  return {
    ...base,
    asUser: `HERMES_HOME=${home} `,
    runAs: '',
    whereAsUser: `on the VM (${hostLabel}) as the instance's user`,
  };
}

/** Commands that need HERMES_HOME, refused together when it cannot be used. */
const NEEDS_HOME = [
  { id: 'hermes-status', label: 'hermes status' },
  { id: 'hermes-doctor', label: 'hermes doctor' },
  { id: 'hermes-cron-list', label: 'hermes cron list' },
  { id: 'hermes-config-check', label: 'hermes config check' },
];

function addHermesCommands(plan: Plan, sh: InstanceShell): void {
  const s = sh.snapshot;
  const where = sh.whereAsUser;
  plan.commands.push(
    { id: 'hermes-status', label: 'hermes status', command: `${sh.asUser}hermes status --all`, where },
    {
      id: 'hermes-doctor',
      label: 'hermes doctor',
      command: `${sh.asUser}hermes doctor`,
      where,
      description: 'Read-only check; `hermes doctor --fix` also migrates the config (run it deliberately).',
    },
    { id: 'hermes-cron-list', label: 'hermes cron list', command: `${sh.asUser}hermes cron list`, where },
    {
      id: 'hermes-config-check',
      label: 'hermes config check',
      command: `${sh.asUser}hermes config check`,
      where,
    },
  );
  const hasWatchdog =
    (s.cron.jobs ?? []).some((j) => j.role === 'watchdog') || unitWithRole(s, 'watchdog') !== null;
  if (hasWatchdog) {
    const script = shellQuote(
      `${s.instance.hermesHome.replace(/\/+$/, '')}/scripts/hermes_health_watchdog.py`,
    );
    plan.commands.push({
      id: 'watchdog-smoke-test',
      label: 'Watchdog smoke test',
      command: `${sh.asUser}python3 ${script}`,
      where,
      description: 'Healthy output is empty.',
    });
  }
}

function addBackupRepoStatus(plan: Plan, sh: InstanceShell): void {
  if (!sh.snapshot.backup) return;
  const entry = { id: 'backup-repo-status', label: 'Backup repo state', where: sh.whereAsUser };
  const repo = sh.snapshot.backup.repoPath;
  const bad = unsafeValueReason('the backup repo path', 'path', repo);
  if (bad) {
    plan.refused.push({ ...entry, reason: bad });
    return;
  }
  plan.commands.push({
    ...entry,
    command: `${sh.runAs}git -C ${shellQuote(repo)} status --short --branch`,
    description: 'Shows uncommitted files and how far the branch is ahead of its upstream.',
  });
}

/** docker's `name` filter is a regular expression: one exact-name alternative per container. */
const exactName = (name: string) => shellQuote(`name=^${name.replace(/\./g, '\\.')}$`);

function addHostCommands(plan: Plan, snapshot: Snapshot, hostLabel: string, dashboardPorts: number[]): void {
  const where = `on the VM (${hostLabel})`;
  const ports = [...new Set(dashboardPorts)]
    .filter((p) => Number.isInteger(p) && p > 0 && p < 65536)
    .sort((a, b) => a - b);
  // ss's own filter instead of `| grep`: a failing ss fails the command instead of reading as "nothing listens".
  const filter = ports.map((p) => `sport = :${p}`).join(' or ');
  plan.commands.push(
    {
      id: 'listening-sockets',
      label: 'Listening sockets (dashboards)',
      command: ports.length > 0 ? `ss -ltnp ${shellQuote(`( ${filter} )`)}` : 'ss -ltnp',
      where,
      description: 'Expected: Tailscale or loopback addresses only, never 0.0.0.0 or a public IP.',
    },
    {
      id: 'public-exposure-review',
      label: 'Review public routes (Caddy)',
      // docker's own filter: a docker that cannot reach its daemon fails loudly instead of `|| true`.
      command: "docker ps --filter name=caddy --format '{{.Names}} {{.Ports}}'",
      where,
    },
    { id: 'disk-usage', label: 'Disk usage', command: 'df -h /', where },
    { id: 'memory', label: 'Memory', command: 'free -h', where },
  );
  const containers = (snapshot.host?.containers ?? []).map((c) => c.name);
  if (containers.length === 0) return;
  const reason = containers.map((n) => unsafeValueReason('a container name', 'container', n)).find(Boolean);
  if (reason) {
    plan.refused.push({ id: 'containers-status', label: 'Named containers', where, reason });
    return;
  }
  plan.commands.push({
    id: 'containers-status',
    label: 'Named containers',
    command: `docker ps -a ${containers.map((n) => `--filter ${exactName(n)}`).join(' ')} --format '{{.Names}} {{.Status}}'`,
    where,
  });
}

/**
 * Every runbook command that applies to one instance, filled from its last snapshot and the host config,
 * and those that apply but were refused. Without a snapshot only the commands that need no instance data
 * (ssh login) are returned.
 */
export function buildRunbook(
  status: InstanceStatus,
  host: RunbookHost,
  options: RunbookOptions = {},
): RunbookPlan {
  const plan: Plan = { commands: [], refused: [] };
  const done = (): RunbookPlan => ({
    commands: plan.commands.map(withCommandKind),
    refused: plan.refused.map(refusedWithKind),
  });
  const target = sshTarget(host);
  if (target) {
    plan.commands.push({
      id: 'ssh-login',
      label: 'Open a shell on the VM',
      command: `ssh ${target}`,
      where: 'on your laptop',
    });
  }
  const snapshot = status.snapshot;
  if (!snapshot) return done();

  const port = snapshot.dashboard.port;
  const address = tunnelTargetAddress(snapshot);
  if (target && port !== null && address !== null) {
    plan.commands.push({
      id: 'dashboard-tunnel',
      label: 'Open the dashboard through an SSH tunnel',
      command: `ssh -N -L ${port}:${address}:${port} ${target}`,
      where: 'on your laptop',
      description: `Then browse http://127.0.0.1:${port}/ on the laptop.`,
    });
  }
  addSystemdCommands(plan, snapshot, VM_ROOT(host.name));
  const sh = instanceShell(snapshot, status.id, host.name);
  if (typeof sh === 'string') {
    const where = `on the VM (${host.name})`;
    for (const c of NEEDS_HOME) plan.refused.push({ ...c, where, reason: sh });
  } else {
    addHermesCommands(plan, sh);
    addBackupRepoStatus(plan, sh);
  }
  addHostCommands(plan, snapshot, host.name, options.dashboardPorts ?? (port !== null ? [port] : []));
  if (typeof sh !== 'string') addRestoreDrillCommands(plan, sh);
  return done();
}

/** The commands to show (see buildRunbook for the refused ones). */
export function buildRunbookCommands(
  status: InstanceStatus,
  host: RunbookHost,
  options: RunbookOptions = {},
): RunbookCommand[] {
  return buildRunbook(status, host, options).commands;
}
