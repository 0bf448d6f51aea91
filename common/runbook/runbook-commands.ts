/**
 * The founder's runbook (seeds: hermes-operations.md), per instance, filled from live data: unit names,
 * each unit's systemd scope, OS user, uid, HERMES_HOME, dashboard address and backup repo all come from
 * the snapshot and the host config — never from hard-coded names. A command whose inputs are unknown is
 * left out rather than shown with a placeholder. The app copies these; it never runs them.
 */
import type { InstanceStatus } from '../model/instance-status.js';
import type { CommandSpec, RunbookCommand } from '../model/warning.js';
import { withCommandKind } from './command-kinds.js';
import type { Snapshot, SystemdScope, UnitInfo, UnitRole } from '../contract/snapshot.js';
import { unitScope } from '../contract/unit-scope.js';
import {
  isSafeAbsolutePath,
  isSafeHost,
  isSafeUnitName,
  isSafeUserName,
  shellQuote,
  shortUnitName,
} from './shell-quote.js';
import { restoreDrillCommands } from './restore-drill-commands.js';

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
  hostLabel: string;
  /** `sudo -u uma HERMES_HOME=… ` style prefix to run a command as the instance user ('' for root). */
  asUser: string;
  whereAsUser: string;
}

const VM_ROOT = (host: string): string => `on the VM (${host}) as root`;

/** Picks the unit with a role, ignoring ones systemd reports as not found. */
export function unitWithRole(snapshot: Snapshot, role: UnitRole): UnitInfo | null {
  const unit = snapshot.systemd.units.find((u) => u.role === role && u.loadState !== 'not-found');
  return unit && isSafeUnitName(unit.name) ? unit : null;
}

/**
 * The `systemctl`/`journalctl` prefix for a unit under `scope`'s manager, or null when it cannot be built.
 * A user unit is reached as the instance's user (the runbook's `sudo -u uma XDG_RUNTIME_DIR=…`); a system
 * unit of a non-root instance (Bheem's dashboard) is plain `systemctl`, like any other system unit.
 */
function systemdPrefix(
  snapshot: Snapshot,
  scope: SystemdScope | null,
  tool: 'systemctl' | 'journalctl',
  privileged: boolean,
): string | null {
  if (scope === 'system') return `${privileged ? 'sudo ' : ''}${tool}`;
  if (scope !== 'user') return null;
  const user = snapshot.instance.user;
  if (!isSafeUserName(user)) return null;
  // The seeds write the uid literally (1002); when the exporter could not read it, ask the VM instead.
  const uid = snapshot.instance.uid ?? `$(id -u ${user})`;
  return `sudo -u ${user} XDG_RUNTIME_DIR=/run/user/${uid} ${tool} --user`;
}

function defaultHome(user: string): string {
  return user === 'root' ? '/root/.hermes' : `/home/${user}/.hermes`;
}

function instanceShell(snapshot: Snapshot, hostLabel: string): InstanceShell | null {
  const { user, hermesHome } = snapshot.instance;
  if (!isSafeAbsolutePath(hermesHome)) return null;
  const home = shellQuote(hermesHome);
  if (user === 'root') {
    const env = hermesHome === defaultHome('root') ? '' : `HERMES_HOME=${home} `;
    return { snapshot, hostLabel, asUser: env, whereAsUser: VM_ROOT(hostLabel) };
  }
  if (isSafeUserName(user)) {
    // Explicit HERMES_HOME: sudo's HOME handling differs between distributions.
    return {
      snapshot,
      hostLabel,
      asUser: `sudo -u ${user} HERMES_HOME=${home} `,
      whereAsUser: `on the VM (${hostLabel}) as root (runs as ${user})`,
    };
  }
  return {
    snapshot,
    hostLabel,
    asUser: `HERMES_HOME=${home} `,
    whereAsUser: `on the VM (${hostLabel}) as the instance's user`,
  };
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

/**
 * The unit with `role` and the three prefixes its commands use, for the manager that owns that unit (a
 * Bheem gateway command says `--user`, its dashboard command does not); null when either is unknown.
 */
function unitAndPrefixes(
  snapshot: Snapshot,
  role: UnitRole,
): { unit: UnitInfo; ctl: string; ctlRoot: string; journal: string } | null {
  const unit = unitWithRole(snapshot, role);
  if (!unit) return null;
  const scope = unitScope(unit, snapshot);
  const ctl = systemdPrefix(snapshot, scope, 'systemctl', false);
  const ctlRoot = systemdPrefix(snapshot, scope, 'systemctl', true);
  const journal = systemdPrefix(snapshot, scope, 'journalctl', false);
  return ctl && ctlRoot && journal ? { unit, ctl, ctlRoot, journal } : null;
}

function systemdCommands(sh: InstanceShell): CommandSpec[] {
  const s = sh.snapshot;
  const out: CommandSpec[] = [];
  const where = VM_ROOT(sh.hostLabel);
  const gw = unitAndPrefixes(s, 'gateway');
  if (gw) {
    const { unit: gateway, ctl, ctlRoot, journal } = gw;
    const unit = shortUnitName(gateway.name);
    out.push(
      { id: 'gateway-status', label: 'Gateway status', command: `${ctl} status ${unit} --no-pager`, where },
      {
        id: 'gateway-journal',
        label: 'Gateway log (last 100 lines)',
        command: `${journal} -u ${unit} -n 100 --no-pager`,
        where,
      },
      {
        id: 'gateway-restart',
        label: 'Restart the gateway',
        command: `${ctlRoot} restart ${unit}`,
        where,
        description:
          'Then verify from Telegram: an inbound message gets a reply and approval prompts still arrive.',
      },
    );
  }
  const dash = unitAndPrefixes(s, 'dashboard');
  if (dash) {
    const { unit: dashboard, ctl, ctlRoot } = dash;
    const unit = shortUnitName(dashboard.name);
    out.push(
      {
        id: 'dashboard-status',
        label: 'Dashboard service status',
        command: `${ctl} status ${unit} --no-pager`,
        where,
      },
      {
        id: 'dashboard-restart',
        label: 'Restart the dashboard',
        command: `${ctlRoot} restart ${unit}`,
        where,
      },
    );
  }
  const backup = unitAndPrefixes(s, 'backup-timer');
  if (backup) {
    const { unit: backupTimer, ctl, ctlRoot } = backup;
    out.push({
      id: 'backup-timer-status',
      label: 'Backup timer status',
      command: `${ctl} status ${backupTimer.name} --no-pager`,
      where,
    });
    // A timer triggers the service of the same name unless configured otherwise (systemd.timer Unit=).
    if (backupTimer.name.endsWith('.timer')) {
      const service = `${backupTimer.name.slice(0, -'.timer'.length)}.service`;
      out.push({
        id: 'backup-now',
        label: 'Run a backup now',
        command: `${ctlRoot} start ${service}`,
        where,
        description: `Starts the service behind ${backupTimer.name}; check the repo HEAD afterwards.`,
      });
    }
  }
  const emergency = unitAndPrefixes(s, 'emergency-upload-timer');
  if (emergency && emergency.unit.name.endsWith('.timer')) {
    const { unit: upload, ctl, ctlRoot, journal } = emergency;
    const service = `${upload.name.slice(0, -'.timer'.length)}.service`;
    out.push(
      {
        id: 'emergency-upload-status',
        label: 'Emergency Drive upload timer',
        command: `${ctl} status ${upload.name} --no-pager`,
        where,
      },
      {
        id: 'emergency-upload-now',
        label: 'Upload the emergency bundle now',
        command: `${ctlRoot} start ${service}`,
        where,
      },
      {
        id: 'emergency-upload-journal',
        label: 'Emergency upload log',
        command: `${journal} -u ${service} -n 80 --no-pager`,
        where,
      },
    );
  }
  return out;
}

function hermesCommands(sh: InstanceShell): CommandSpec[] {
  const s = sh.snapshot;
  const where = sh.whereAsUser;
  const out: CommandSpec[] = [
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
  ];
  const hasWatchdog =
    (s.cron.jobs ?? []).some((j) => j.role === 'watchdog') || unitWithRole(s, 'watchdog') !== null;
  if (hasWatchdog && isSafeAbsolutePath(s.instance.hermesHome)) {
    const script = shellQuote(
      `${s.instance.hermesHome.replace(/\/+$/, '')}/scripts/hermes_health_watchdog.py`,
    );
    out.push({
      id: 'watchdog-smoke-test',
      label: 'Watchdog smoke test',
      command: `${sh.asUser}python3 ${script}`,
      where,
      description: 'Healthy output is empty.',
    });
  }
  const repo = s.backup?.repoPath;
  if (isSafeAbsolutePath(repo)) {
    out.push({
      id: 'backup-repo-status',
      label: 'Backup repo state',
      command: `${sh.asUser}git -C ${shellQuote(repo)} status --short --branch`,
      where,
      description: 'Shows uncommitted files and how far the branch is ahead of its upstream.',
    });
  }
  return out;
}

function hostCommands(sh: InstanceShell, dashboardPorts: number[]): CommandSpec[] {
  const where = `on the VM (${sh.hostLabel})`;
  const ports = [...new Set(dashboardPorts)]
    .filter((p) => Number.isInteger(p) && p > 0)
    .sort((a, b) => a - b);
  const out: CommandSpec[] = [
    {
      id: 'listening-sockets',
      label: 'Listening sockets (dashboards)',
      command: ports.length > 0 ? `ss -ltnp | grep -E ':(${ports.join('|')})'` : 'ss -ltnp',
      where,
      description: 'Expected: Tailscale or loopback addresses only, never 0.0.0.0 or a public IP.',
    },
    {
      id: 'public-exposure-review',
      label: 'Review public routes (Caddy)',
      command: "docker ps --format '{{.Names}} {{.Ports}}' | grep -i caddy || true",
      where,
    },
    { id: 'disk-usage', label: 'Disk usage', command: 'df -h /', where },
    { id: 'memory', label: 'Memory', command: 'free -h', where },
  ];
  const containers = (sh.snapshot.host?.containers ?? [])
    .map((c) => c.name)
    .filter((n) => /^[A-Za-z0-9_.-]+$/.test(n));
  if (containers.length > 0) {
    out.push({
      id: 'containers-status',
      label: 'Named containers',
      command: `docker ps -a --format '{{.Names}} {{.Status}}' | grep -E '^(${containers.map((n) => n.replace(/\./g, '\\.')).join('|')}) '`,
      where,
    });
  }
  return out;
}

/**
 * Every runbook command that applies to one instance, filled from its last snapshot and the host config.
 * Without a snapshot only the commands that need no instance data (ssh login) are returned.
 */
export function buildRunbookCommands(
  status: InstanceStatus,
  host: RunbookHost,
  options: RunbookOptions = {},
): RunbookCommand[] {
  const out: CommandSpec[] = [];
  const target = sshTarget(host);
  if (target) {
    out.push({
      id: 'ssh-login',
      label: 'Open a shell on the VM',
      command: `ssh ${target}`,
      where: 'on your laptop',
    });
  }
  const snapshot = status.snapshot;
  if (!snapshot) return out.map(withCommandKind);
  const sh = instanceShell(snapshot, host.name);
  if (!sh) return out.map(withCommandKind);

  const port = snapshot.dashboard.port;
  const address = tunnelTargetAddress(snapshot);
  if (target && port !== null && address !== null) {
    out.push({
      id: 'dashboard-tunnel',
      label: 'Open the dashboard through an SSH tunnel',
      command: `ssh -N -L ${port}:${address}:${port} ${target}`,
      where: 'on your laptop',
      description: `Then browse http://127.0.0.1:${port}/ on the laptop.`,
    });
  }
  out.push(...systemdCommands(sh), ...hermesCommands(sh));
  const ports = options.dashboardPorts ?? (port !== null ? [port] : []);
  out.push(...hostCommands(sh, ports), ...restoreDrillCommands(sh));
  return out.map(withCommandKind);
}
