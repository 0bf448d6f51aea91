import { useShallow } from 'zustand/react/shallow';
import { EmptyState } from '../../components/empty-state.js';
import { Skeleton } from '../../components/skeleton.js';
import { StateBadge } from '../../components/state-badge.js';
import { selectScopedInstances } from '../../store/selectors.js';
import { useAppStore } from '../../store/store.js';
import { parityRows } from './parity-rows.js';

/** Model, approvals, redaction, toolsets and versions as one table across instances; differences flagged. */
export function AgentConfigPane() {
  const instances = useAppStore(useShallow(selectScopedInstances));
  const loaded = useAppStore((s) => s.app !== null);
  if (!loaded) return <Skeleton lines={8} label="Loading agent config" />;
  if (instances.length === 0) return <EmptyState title="No instances configured" />;
  const rows = parityRows(instances.map((i) => i.snapshot));
  const differing = rows.filter((r) => r.differs).length;
  return (
    <div className="pane-body">
      {instances.length > 1 ? (
        <p className="pane-intro">
          {differing === 0
            ? 'Both instances are configured the same way.'
            : `${differing} setting${differing === 1 ? '' : 's'} differ between instances (marked).`}
        </p>
      ) : null}
      <table className="table parity-table">
        <caption className="visually-hidden">Agent configuration by instance</caption>
        <thead>
          <tr>
            <th scope="col">Setting</th>
            {instances.map((i) => (
              <th scope="col" key={i.id}>
                {i.label} <StateBadge state={i.state} />
              </th>
            ))}
            {instances.length > 1 ? <th scope="col">Parity</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} className={r.differs ? 'differs' : undefined}>
              <th scope="row">
                <span className="muted small">{r.group} · </span>
                {r.label}
              </th>
              {r.values.map((v, idx) => (
                <td key={instances[idx]?.id ?? idx}>
                  {v}
                  {r.defaulted[idx] ? (
                    <span
                      className="default-mark muted small"
                      title="The Hermes default: not set in config.yaml"
                      data-default="true"
                    >
                      {' '}
                      default
                    </span>
                  ) : null}
                </td>
              ))}
              {instances.length > 1 ? (
                <td>
                  {r.differs ? (
                    <span className="badge sev-warning">Differs</span>
                  ) : (
                    <span className="muted">same</span>
                  )}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
