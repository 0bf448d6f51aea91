/**
 * The runbook's systemctl/journalctl lines per unit role, each for the manager that owns that unit (a
 * Bheem gateway command says `--user` and runs as uma; its dashboard command does not). Unit names come
 * from the snapshot: a name that is not a plain systemd name refuses that unit's commands, with a reason.
 */
import type { Snapshot, SystemdScope, UnitInfo, UnitRole } from '../contract/snapshot.js';
import { unitScope } from '../contract/unit-scope.js';
import type { CommandSpec, RefusedSpec } from '../model/warning.js';
import {
  isSafeUnitName,
  isSafeUserName,
  shellQuote,
  shortUnitName,
  unsafeValueReason,
} from './shell-quote.js';

export interface Plan {
  commands: CommandSpec[];
  refused: RefusedSpec[];
}

/** Picks the unit with a role, ignoring ones systemd reports as not found; null when its name is unsafe. */
export function unitWithRole(snapshot: Snapshot, role: UnitRole): UnitInfo | null {
  const unit = findUnit(snapshot, role);
  return unit && isSafeUnitName(unit.name) ? unit : null;
}

function findUnit(snapshot: Snapshot, role: UnitRole): UnitInfo | null {
  return snapshot.systemd.units.find((u) => u.role === role && u.loadState !== 'not-found') ?? null;
}

/**
 * The `systemctl`/`journalctl` prefix for a unit under `scope`'s manager, or a reason it cannot be built.
 * A user unit is reached as the instance's user (the runbook's `sudo -u uma XDG_RUNTIME_DIR=…`); a system
 * unit of a non-root instance (Bheem's dashboard) is plain `systemctl`, like any other system unit.
 */
function systemdPrefix(
  snapshot: Snapshot,
  scope: SystemdScope | null,
  tool: 'systemctl' | 'journalctl',
  privileged: boolean,
): { ok: true; prefix: string } | { ok: false; reason: string } {
  if (scope === 'system') return { ok: true, prefix: `${privileged ? 'sudo ' : ''}${tool}` };
  if (scope !== 'user') return { ok: false, reason: 'the systemd manager of this unit is not known' };
  const user = snapshot.instance.user;
  const bad = unsafeValueReason("the instance's user name", 'user', user);
  if (bad || !isSafeUserName(user)) return { ok: false, reason: bad ?? 'the user name is not valid' };
  // The seeds write the uid literally (1002); when the exporter could not read it, ask the VM instead.
  const uid = snapshot.instance.uid ?? `$(id -u ${user})`;
  return { ok: true, prefix: `sudo -u ${user} XDG_RUNTIME_DIR=/run/user/${uid} ${tool} --user` };
}

interface UnitCommands {
  /** The unit's name, quoted for the shell (`.service` dropped, as the runbook writes services). */
  short: string;
  /** The full unit name, quoted. */
  full: string;
  unit: UnitInfo;
  ctl: string;
  ctlRoot: string;
  journal: string;
}

/**
 * The unit with `role` and the prefixes its commands use; `null` when there is no such unit (nothing to
 * show), a reason when there is one but no safe command can be built for it.
 */
function unitCommands(snapshot: Snapshot, role: UnitRole, what: string): UnitCommands | string | null {
  const unit = findUnit(snapshot, role);
  if (!unit) return null;
  const bad = unsafeValueReason(what, 'unit', unit.name);
  if (bad) return bad;
  const scope = unitScope(unit, snapshot);
  const ctl = systemdPrefix(snapshot, scope, 'systemctl', false);
  const ctlRoot = systemdPrefix(snapshot, scope, 'systemctl', true);
  const journal = systemdPrefix(snapshot, scope, 'journalctl', false);
  if (!ctl.ok) return ctl.reason;
  if (!ctlRoot.ok) return ctlRoot.reason;
  if (!journal.ok) return journal.reason;
  return {
    unit,
    short: shellQuote(shortUnitName(unit.name)),
    full: shellQuote(unit.name),
    ctl: ctl.prefix,
    ctlRoot: ctlRoot.prefix,
    journal: journal.prefix,
  };
}

type Entry = Omit<CommandSpec, 'where'>;

function emit(
  plan: Plan,
  where: string,
  found: UnitCommands | string | null,
  build: (u: UnitCommands) => Entry[],
  refusedEntries: Omit<Entry, 'command'>[],
): void {
  if (found === null) return;
  if (typeof found === 'string') {
    for (const e of refusedEntries) plan.refused.push({ id: e.id, label: e.label, where, reason: found });
    return;
  }
  for (const e of build(found)) plan.commands.push({ ...e, where });
}

const serviceOf = (timer: string) => `${timer.slice(0, -'.timer'.length)}.service`;

export function addSystemdCommands(plan: Plan, snapshot: Snapshot, where: string): void {
  const s = snapshot;
  emit(
    plan,
    where,
    unitCommands(s, 'gateway', 'the gateway unit name'),
    (u) => [
      { id: 'gateway-status', label: 'Gateway status', command: `${u.ctl} status ${u.short} --no-pager` },
      {
        id: 'gateway-journal',
        label: 'Gateway log (last 100 lines)',
        command: `${u.journal} -u ${u.short} -n 100 --no-pager`,
      },
      {
        id: 'gateway-restart',
        label: 'Restart the gateway',
        command: `${u.ctlRoot} restart ${u.short}`,
        description:
          'Then verify from Telegram: an inbound message gets a reply and approval prompts still arrive.',
      },
    ],
    [
      { id: 'gateway-status', label: 'Gateway status' },
      { id: 'gateway-journal', label: 'Gateway log (last 100 lines)' },
      { id: 'gateway-restart', label: 'Restart the gateway' },
    ],
  );
  emit(
    plan,
    where,
    unitCommands(s, 'dashboard', 'the dashboard unit name'),
    (u) => [
      {
        id: 'dashboard-status',
        label: 'Dashboard service status',
        command: `${u.ctl} status ${u.short} --no-pager`,
      },
      { id: 'dashboard-restart', label: 'Restart the dashboard', command: `${u.ctlRoot} restart ${u.short}` },
    ],
    [
      { id: 'dashboard-status', label: 'Dashboard service status' },
      { id: 'dashboard-restart', label: 'Restart the dashboard' },
    ],
  );
  emit(
    plan,
    where,
    unitCommands(s, 'backup-timer', 'the backup timer unit name'),
    (u) => [
      {
        id: 'backup-timer-status',
        label: 'Backup timer status',
        command: `${u.ctl} status ${u.full} --no-pager`,
      },
      // A timer triggers the service of the same name unless configured otherwise (systemd.timer Unit=).
      ...(u.unit.name.endsWith('.timer')
        ? [
            {
              id: 'backup-now',
              label: 'Run a backup now',
              command: `${u.ctlRoot} start ${shellQuote(serviceOf(u.unit.name))}`,
              description: `Starts the service behind ${u.unit.name}; check the repo HEAD afterwards.`,
            },
          ]
        : []),
    ],
    [
      { id: 'backup-timer-status', label: 'Backup timer status' },
      { id: 'backup-now', label: 'Run a backup now' },
    ],
  );
  const upload = unitCommands(s, 'emergency-upload-timer', 'the emergency upload timer unit name');
  emit(
    plan,
    where,
    typeof upload === 'object' && upload !== null && !upload.unit.name.endsWith('.timer') ? null : upload,
    (u) => {
      const service = shellQuote(serviceOf(u.unit.name));
      return [
        {
          id: 'emergency-upload-status',
          label: 'Emergency Drive upload timer',
          command: `${u.ctl} status ${u.full} --no-pager`,
        },
        {
          id: 'emergency-upload-now',
          label: 'Upload the emergency bundle now',
          command: `${u.ctlRoot} start ${service}`,
        },
        {
          id: 'emergency-upload-journal',
          label: 'Emergency upload log',
          command: `${u.journal} -u ${service} -n 80 --no-pager`,
        },
      ];
    },
    [
      { id: 'emergency-upload-status', label: 'Emergency Drive upload timer' },
      { id: 'emergency-upload-now', label: 'Upload the emergency bundle now' },
      { id: 'emergency-upload-journal', label: 'Emergency upload log' },
    ],
  );
}
