import { useEffect, useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { RunbookCommand } from '../../../../common/model/warning.js';
import { CopyButton } from '../../components/copy-button.js';
import { EmptyState } from '../../components/empty-state.js';
import { Skeleton } from '../../components/skeleton.js';
import { useActions } from '../../store/actions.js';
import { selectScopedInstances, selectWarnings } from '../../store/selectors.js';
import { useAppStore } from '../../store/store.js';
import { ChangesVmBadge } from './changes-vm-badge.js';
import { commandSections } from './command-groups.js';
import { CommandText } from './command-text.js';

export function CommandCard({
  instanceId,
  instanceLabel,
  c,
}: {
  instanceId: string;
  instanceLabel: string;
  c: RunbookCommand;
}) {
  return (
    <li className={c.changesVm ? 'command-card command-changes-vm' : 'command-card'}>
      <div className="command-head">
        <strong>{c.label}</strong> <span className="muted small">{c.where}</span>
        {c.changesVm ? <ChangesVmBadge /> : null}
      </div>
      {c.description ? <p className="small">{c.description}</p> : null}
      <div className="command-line">
        <CommandText command={c.command} />
        <CopyButton
          copyKey={`cmd:${instanceId}:${c.id}`}
          text={c.command}
          label={`Copy ${c.label} command for ${instanceLabel}`}
        />
      </div>
    </li>
  );
}

const SEVERITY_RANK = { info: 0, warning: 1, critical: 2 } as const;

/** The ids of the commands this instance's active warnings list, most severe warning first. */
function useWarningCommandIds(id: string): string[] {
  return useAppStore(
    useShallow((s) =>
      selectWarnings(s)
        .filter((w) => w.instanceId === id)
        // Stable sort on severity only: within a severity the feed's order (main's) is kept.
        .sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity])
        .flatMap((w) => w.commands.map((c) => c.id)),
    ),
  );
}

function InstanceCommands({ id, label, query }: { id: string; label: string; query: string }) {
  const actions = useActions();
  const entry = useAppStore((s) => s.commands[id]);
  const warningIds = useWarningCommandIds(id);
  useEffect(() => {
    void actions.loadCommands(id);
  }, [actions, id]);
  const sections = entry?.status === 'ready' ? commandSections(entry.value, warningIds, query) : [];
  return (
    <section className="column" aria-label={`${label} commands`}>
      <h2 className="instance-name">{label}</h2>
      {!entry || entry.status === 'loading' ? (
        <Skeleton lines={4} label={`Loading ${label} commands`} />
      ) : entry.status === 'error' ? (
        <p className="text-bad">Commands unavailable: {entry.error.message}</p>
      ) : entry.value.length === 0 ? (
        <EmptyState title="No commands for this instance" />
      ) : sections.length === 0 ? (
        <p className="muted">No command matches “{query}”.</p>
      ) : (
        sections.map((sec) => (
          <section
            key={sec.key}
            className={`command-group command-group-${sec.key}`}
            aria-label={`${label}: ${sec.title}`}
          >
            <h3 className="subsection-title">
              {sec.title} <span className="muted small">({sec.commands.length})</span>
            </h3>
            <ul className="command-list">
              {sec.commands.map((c) => (
                <CommandCard key={c.id} instanceId={id} instanceLabel={label} c={c} />
              ))}
            </ul>
          </section>
        ))
      )}
    </section>
  );
}

/**
 * Every runbook command per instance, to copy (the app never runs them): grouped, filterable, the ones the
 * current warnings call for first, those that change the VM marked. Ctrl/Cmd+K searches them too.
 */
export function CommandsPane() {
  const instances = useAppStore(
    useShallow((s) => selectScopedInstances(s).map((i) => `${i.id}\u0000${i.label}`)),
  );
  const [query, setQuery] = useState('');
  const filterId = useId();
  return (
    <div className="pane-body">
      <p className="pane-intro">
        Commands are filled from live data and copied for you to run; Mission Control never runs them. Press{' '}
        <kbd>Ctrl</kbd>+<kbd>K</kbd> to search everywhere.
      </p>
      <div className="toolbar">
        <label htmlFor={filterId}>Filter commands</label>
        <input
          id={filterId}
          type="search"
          className="command-filter"
          placeholder="e.g. restart, backup, journal"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
      </div>
      <div className={`columns columns-${instances.length}`}>
        {instances.map((pair) => {
          const [id, label] = pair.split('\u0000') as [string, string];
          return <InstanceCommands key={id} id={id} label={label} query={query} />;
        })}
      </div>
    </div>
  );
}
