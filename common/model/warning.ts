/**
 * Warnings: the output of the rules (snapshot → problems a person should know about).
 * No node or electron imports.
 */
export type Severity = 'info' | 'warning' | 'critical';

/** Where a command is listed (Commands pane groups, palette sections). */
export type CommandGroup = 'gateway' | 'cron' | 'backups' | 'restore-drill' | 'dashboard' | 'host';

/** A command from the runbook, filled from live data. The app copies it; it never runs it. */
export interface RunbookCommand {
  /** Stable id within an instance, e.g. `gateway-restart`. */
  id: string;
  label: string;
  command: string;
  /** Where it must be run, e.g. `on the VM as root`, `on your laptop`. */
  where: string;
  description?: string;
  group: CommandGroup;
  /** Running it changes something on the VM (restart, start a job, create/delete a folder): shown apart. */
  changesVm: boolean;
}

/** A command as the builders write it; `group` and `changesVm` come from `runbook/command-kinds.ts`. */
export type CommandSpec = Omit<RunbookCommand, 'group' | 'changesVm'>;

/**
 * A runbook command that applies but is not shown: a value it needs from the VM (a unit name, a path, a
 * user) cannot be put in a command safely (control or bidi characters, a newline, not a valid name).
 * Show the label and the reason, never a command: there is none to copy.
 */
export interface RefusedCommand {
  id: string;
  label: string;
  where: string;
  group: CommandGroup;
  changesVm: boolean;
  /** Why, naming the value (already made inert) and what is wrong with it. */
  reason: string;
}

export type RefusedSpec = Omit<RefusedCommand, 'group' | 'changesVm'>;

export interface Warning {
  /** Stable id: `<instanceId>:<check>`; the notification policy dedupes on it. */
  id: string;
  instanceId: string;
  /** Check key, e.g. `gateway.heartbeat-stale`. */
  check: string;
  severity: Severity;
  /** One line. */
  title: string;
  /** The facts behind it, short human strings. */
  facts: string[];
  /** ISO time since when the condition holds, when known. */
  since: string | null;
  /** `unknown`: the instance's data is stale/unreachable, so this check cannot be evaluated now. */
  status: 'active' | 'unknown';
  commands: RunbookCommand[];
  /** Commands this warning would list that were refused (see RefusedCommand); absent when none. */
  refusedCommands?: RefusedCommand[];
}
