import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { RunbookCommand } from '../../../../common/model/warning.js';
import { CopyButton } from '../../components/copy-button.js';
import { EmptyState } from '../../components/empty-state.js';
import { Skeleton } from '../../components/skeleton.js';
import { useActions } from '../../store/actions.js';
import { selectScopedInstances } from '../../store/selectors.js';
import { useAppStore } from '../../store/store.js';

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
    <li className="command-card">
      <div className="command-head">
        <strong>{c.label}</strong> <span className="muted small">{c.where}</span>
      </div>
      {c.description ? <p className="small">{c.description}</p> : null}
      <div className="command-line">
        <code>{c.command}</code>
        <CopyButton
          copyKey={`cmd:${instanceId}:${c.id}`}
          text={c.command}
          label={`Copy ${c.label} command for ${instanceLabel}`}
        />
      </div>
    </li>
  );
}

function InstanceCommands({ id, label }: { id: string; label: string }) {
  const actions = useActions();
  const entry = useAppStore((s) => s.commands[id]);
  useEffect(() => {
    void actions.loadCommands(id);
  }, [actions, id]);
  return (
    <section className="column" aria-label={`${label} commands`}>
      <h2 className="instance-name">{label}</h2>
      {!entry || entry.status === 'loading' ? (
        <Skeleton lines={4} label={`Loading ${label} commands`} />
      ) : entry.status === 'error' ? (
        <p className="text-bad">Commands unavailable: {entry.error.message}</p>
      ) : entry.value.length === 0 ? (
        <EmptyState title="No commands for this instance" />
      ) : (
        <ul className="command-list">
          {entry.value.map((c) => (
            <CommandCard key={c.id} instanceId={id} instanceLabel={label} c={c} />
          ))}
        </ul>
      )}
    </section>
  );
}

/** Every runbook command per instance, to copy (the app never runs them). Ctrl/Cmd+K searches them. */
export function CommandsPane() {
  const instances = useAppStore(
    useShallow((s) => selectScopedInstances(s).map((i) => `${i.id}\u0000${i.label}`)),
  );
  return (
    <div className="pane-body">
      <p className="pane-intro">
        Commands are filled from live data and copied for you to run; Mission Control never runs them. Press{' '}
        <kbd>Ctrl</kbd>+<kbd>K</kbd> to search.
      </p>
      <div className={`columns columns-${instances.length}`}>
        {instances.map((pair) => {
          const [id, label] = pair.split('\u0000') as [string, string];
          return <InstanceCommands key={id} id={id} label={label} />;
        })}
      </div>
    </div>
  );
}
