import { useShallow } from 'zustand/react/shallow';
import { selectScopedInstances } from '../../store/selectors.js';
import { Untrusted } from '../../components/untrusted-text.js';
import { useAppStore } from '../../store/store.js';
import { parityRows } from '../agent-config/parity-rows.js';

/**
 * The settings that differ between the instances, so drift is seen on the first screen. "None" is claimed
 * only when every instance's snapshot was read: parity we cannot see is not parity.
 */
export function ParitySummary() {
  const instances = useAppStore(useShallow(selectScopedInstances));
  const setPane = useAppStore((s) => s.setPane);
  if (instances.length < 2) return null;
  const missing = instances.filter((i) => i.snapshot === null).map((i) => i.label);
  const diffs = parityRows(instances.map((i) => i.snapshot)).filter((r) => r.differs);
  return (
    <section className="card parity-summary" aria-labelledby="parity-h">
      <h2 id="parity-h" className="card-title">
        Differences between instances
      </h2>
      {missing.length === instances.length ? (
        <p className="muted parity-unknown">Cannot compare yet: no data from any instance.</p>
      ) : missing.length > 0 ? (
        <p className="muted parity-unknown">Cannot compare: no data from {missing.join(' and ')} yet.</p>
      ) : diffs.length === 0 ? (
        <p className="muted">None: both run the same model, safety settings, toolsets and versions.</p>
      ) : (
        <ul className="diff-list">
          {diffs.map((d) => (
            <li key={d.key} className="differs">
              <strong>{d.label}:</strong>{' '}
              {d.values.map((v, idx) => (
                <span key={instances[idx]?.id ?? idx}>
                  {idx > 0 ? ' vs ' : ''}
                  {instances[idx]?.label}{' '}
                  <code>
                    <Untrusted text={v} />
                  </code>
                </span>
              ))}
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="btn btn-link" onClick={() => setPane('agent-config')}>
        Full parity table
      </button>
    </section>
  );
}
