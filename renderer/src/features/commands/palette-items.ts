/** The palette's searchable items: every pane, and every command of every instance. Pure. */
import type { RunbookCommand } from '../../../../common/model/warning.js';
import type { Loadable } from '../../store/history-slice.js';
import { PANES, type PaneId } from '../../store/ui-slice.js';

export type PaletteItem =
  | { kind: 'pane'; key: string; title: string; pane: PaneId }
  | {
      kind: 'command';
      key: string;
      title: string;
      detail: string;
      text: string;
      /** Running it changes something on the VM: the palette marks it as the Commands pane does. */
      changesVm: boolean;
    };

export function paletteItems(
  instances: { id: string; label: string }[],
  commands: Record<string, Loadable<RunbookCommand[]>>,
): PaletteItem[] {
  const items: PaletteItem[] = [];
  for (const i of instances) {
    const entry = commands[i.id];
    if (entry?.status !== 'ready') continue;
    for (const c of entry.value) {
      items.push({
        kind: 'command',
        key: `cmd:${i.id}:${c.id}`,
        title: `${i.label}: ${c.label}`,
        detail: c.command,
        text: c.command,
        changesVm: c.changesVm,
      });
    }
  }
  for (const p of PANES)
    items.push({ kind: 'pane', key: `pane:${p.id}`, title: `Go to ${p.label}`, pane: p.id });
  return items;
}

/**
 * Every whitespace-separated term must appear in the title or command (case-insensitive); a command that
 * changes the VM also matches "changes the vm", as in the Commands pane's filter.
 */
export function filterItems(items: PaletteItem[], query: string): PaletteItem[] {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return items;
  return items.filter((it) => {
    const detail = it.kind === 'command' ? `${it.detail}${it.changesVm ? ' changes the vm' : ''}` : '';
    const hay = `${it.title} ${detail}`.toLowerCase();
    return terms.every((t) => hay.includes(t));
  });
}
