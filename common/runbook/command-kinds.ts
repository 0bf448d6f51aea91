/**
 * What each runbook command is for (its group in the Commands pane and the palette) and whether running
 * it changes the VM. One table, keyed by command id, so every view (window, palette, tray, CLI) agrees.
 */
import type {
  CommandGroup,
  CommandSpec,
  RefusedCommand,
  RefusedSpec,
  RunbookCommand,
} from '../model/warning.js';

const GROUP_BY_ID: Record<string, CommandGroup> = {
  'gateway-status': 'gateway',
  'gateway-journal': 'gateway',
  'gateway-restart': 'gateway',
  'hermes-status': 'gateway',
  'hermes-doctor': 'gateway',
  'hermes-config-check': 'gateway',
  'watchdog-smoke-test': 'gateway',
  'hermes-cron-list': 'cron',
  'backup-timer-status': 'backups',
  'backup-now': 'backups',
  'backup-repo-status': 'backups',
  'emergency-upload-status': 'backups',
  'emergency-upload-now': 'backups',
  'emergency-upload-journal': 'backups',
  'dashboard-status': 'dashboard',
  'dashboard-restart': 'dashboard',
  'dashboard-tunnel': 'dashboard',
  'public-exposure-review': 'host',
  'listening-sockets': 'host',
  'disk-usage': 'host',
  memory: 'host',
  'containers-status': 'host',
  'ssh-login': 'host',
};

/** Commands that change something on the VM (restart, start a job, create or delete a folder). */
const CHANGES_VM = new Set([
  'gateway-restart',
  'dashboard-restart',
  'backup-now',
  'emergency-upload-now',
  'restore-drill-clone',
  'restore-drill-cleanup',
]);

export function commandGroup(id: string): CommandGroup {
  if (id.startsWith('restore-drill-')) return 'restore-drill';
  return GROUP_BY_ID[id] ?? 'host';
}

export function commandChangesVm(id: string): boolean {
  return CHANGES_VM.has(id);
}

/** Fills `group` and `changesVm` from the tables above. */
export function withCommandKind(command: CommandSpec): RunbookCommand {
  return { ...command, group: commandGroup(command.id), changesVm: commandChangesVm(command.id) };
}

/** The same for a refused command, so it is grouped and marked like the command it stands for. */
export function refusedWithKind(refused: RefusedSpec): RefusedCommand {
  return { ...refused, group: commandGroup(refused.id), changesVm: commandChangesVm(refused.id) };
}
