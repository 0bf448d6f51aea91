import { useEffect, useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Dialog } from '../../components/dialog.js';
import { useActions } from '../../store/actions.js';
import { selectScopedInstances } from '../../store/selectors.js';
import { useAppStore } from '../../store/store.js';
import { ChangesVmBadge } from './changes-vm-badge.js';
import { CommandText } from './command-text.js';
import { filterItems, paletteItems, type PaletteItem } from './palette-items.js';

/**
 * After "Go to …": focus on the new pane's heading (or the pane itself), not left on <body> where the closed
 * palette's focus would fall. After the dialog has returned focus and the pane has rendered.
 */
function focusPaneHeading(): void {
  requestAnimationFrame(() => {
    const panel = document.getElementById('main-panel');
    if (!panel) return;
    const heading = panel.querySelector<HTMLElement>('#pane-heading, h1, h2');
    const target = heading ?? panel;
    if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus();
  });
}

/** Ctrl/Cmd+K opens it anywhere; Esc closes. */
export function usePaletteShortcut(): void {
  const setOpen = useAppStore((s) => s.setPaletteOpen);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        setOpen(true);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [setOpen]);
}

function PaletteBody({ onClose }: { onClose: () => void }) {
  const actions = useActions();
  // The instances the current tab shows: on Vijay's tab the palette offers Vijay's commands, as the pane does.
  const instances = useAppStore(
    useShallow((s) => selectScopedInstances(s).map((i) => `${i.id}\u0000${i.label}`)),
  );
  const commands = useAppStore((s) => s.commands);
  const copied = useAppStore((s) => (s.copyFeedback?.ok ? s.copyFeedback.key : null));
  const setPane = useAppStore((s) => s.setPane);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const listId = useId();

  const idsKey = instances.join('|');
  useEffect(() => {
    for (const pair of idsKey.split('|').filter(Boolean)) void actions.loadCommands(pair.split('\u0000')[0]!);
  }, [actions, idsKey]);

  const parsed = instances.map((p) => {
    const [id, label] = p.split('\u0000') as [string, string];
    return { id, label };
  });
  const items = filterItems(paletteItems(parsed, commands), query);
  const current = Math.min(active, Math.max(0, items.length - 1));

  const choose = (it: PaletteItem | undefined) => {
    if (!it) return;
    if (it.kind === 'pane') {
      setPane(it.pane);
      onClose();
      focusPaneHeading();
    } else {
      void actions.copy(it.key, it.text);
    }
  };

  return (
    <>
      <input
        className="palette-input"
        type="text"
        role="combobox"
        aria-label="Search commands and panes"
        aria-expanded="true"
        aria-controls={listId}
        aria-activedescendant={items[current] ? `${listId}-${current}` : undefined}
        placeholder="Search commands… (Enter copies)"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setActive(Math.min(current + 1, items.length - 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive(Math.max(current - 1, 0));
          } else if (e.key === 'Enter') {
            e.preventDefault();
            choose(items[current]);
          }
        }}
      />
      <ul id={listId} role="listbox" aria-label="Results" className="palette-list">
        {items.length === 0 ? <li className="muted">Nothing matches.</li> : null}
        {items.slice(0, 50).map((it, idx) => (
          <li
            key={it.key}
            id={`${listId}-${idx}`}
            role="option"
            aria-selected={idx === current}
            className={[
              'palette-item',
              idx === current ? 'active' : '',
              it.kind === 'command' && it.changesVm ? 'command-changes-vm' : '',
            ]
              .filter(Boolean)
              .join(' ')}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => {
              setActive(idx);
              choose(it);
            }}
          >
            <span className="palette-title">{it.title}</span>
            {it.kind === 'command' && it.changesVm ? <ChangesVmBadge /> : null}
            {it.kind === 'command' ? <CommandText className="palette-detail" command={it.detail} /> : null}
            {copied === it.key ? <span className="copy-feedback">Copied</span> : null}
          </li>
        ))}
      </ul>
      <p className="visually-hidden" role="status" aria-live="polite">
        {copied ? 'Copied to the clipboard' : ''}
      </p>
    </>
  );
}

export function CommandPalette() {
  const open = useAppStore((s) => s.paletteOpen);
  const setOpen = useAppStore((s) => s.setPaletteOpen);
  if (!open) return null;
  return (
    <Dialog
      title="Command palette"
      className="palette"
      onClose={() => setOpen(false)}
      initialFocus=".palette-input"
    >
      <PaletteBody onClose={() => setOpen(false)} />
    </Dialog>
  );
}
