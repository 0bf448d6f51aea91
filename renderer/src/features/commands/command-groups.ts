/**
 * The Commands pane's order, pure: the commands the instance's current warnings list come first, then every
 * other command by group (Gateway, Cron, Backups, Restore drill, Dashboard tunnel, Host — the groups of
 * common/runbook/command-kinds.ts), each narrowed by the filter box.
 */
import type { CommandGroup, RunbookCommand } from '../../../../common/model/warning.js';

export const GROUP_ORDER: readonly CommandGroup[] = [
  'gateway',
  'cron',
  'backups',
  'restore-drill',
  'dashboard',
  'host',
];

export const GROUP_LABEL: Record<CommandGroup, string> = {
  gateway: 'Gateway',
  cron: 'Cron',
  backups: 'Backups',
  'restore-drill': 'Restore drill',
  dashboard: 'Dashboard tunnel',
  host: 'Host',
};

export interface CommandSection {
  /** `warnings` for the commands the current warnings list; else the group. */
  key: 'warnings' | CommandGroup;
  title: string;
  commands: RunbookCommand[];
}

/** Every whitespace-separated term appears in the label, command, description, group or "changes the VM". */
export function matchesFilter(c: RunbookCommand, query: string): boolean {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return true;
  const hay = [
    c.label,
    c.command,
    c.description ?? '',
    c.where,
    GROUP_LABEL[c.group],
    c.changesVm ? 'changes the vm' : '',
  ]
    .join(' ')
    .toLowerCase();
  return terms.every((t) => hay.includes(t));
}

/**
 * Sections in display order, empty ones left out. `warningCommandIds`: the ids of the commands the
 * instance's active warnings list (most severe warning first); those are shown once, in the first section.
 */
export function commandSections(
  commands: readonly RunbookCommand[],
  warningCommandIds: readonly string[],
  query: string,
): CommandSection[] {
  const shown = commands.filter((c) => matchesFilter(c, query));
  const forWarnings = new Set(warningCommandIds);
  const first = [...forWarnings].flatMap((id) => shown.filter((c) => c.id === id).slice(0, 1));
  const sections: CommandSection[] = [];
  if (first.length > 0)
    sections.push({ key: 'warnings', title: 'For the current warnings', commands: first });
  for (const g of GROUP_ORDER) {
    const inGroup = shown.filter((c) => c.group === g && !forWarnings.has(c.id));
    if (inGroup.length > 0) sections.push({ key: g, title: GROUP_LABEL[g], commands: inGroup });
  }
  return sections;
}
