import { useShallow } from 'zustand/react/shallow';
import { selectInstances } from '../store/selectors.js';
import { useAppStore } from '../store/store.js';
import { rovingKeyHandler } from './use-roving-tabs.js';

/** All / Vijay / Bheem: a real tablist; the choice is remembered. */
export function InstanceTabs() {
  const instances = useAppStore(
    useShallow((s) => selectInstances(s).map((i) => `${i.id}\u0000${i.label}\u0000${i.state}`)),
  );
  const scope = useAppStore((s) => s.scope);
  const setScope = useAppStore((s) => s.setScope);
  const tabs = [
    { id: 'all', label: 'All', state: '' },
    ...instances.map((p) => {
      const [id, label, state] = p.split('\u0000') as [string, string, string];
      return { id, label, state };
    }),
  ];
  const ids = tabs.map((t) => t.id);
  const current = ids.includes(scope) ? scope : 'all';
  return (
    <div
      role="tablist"
      aria-label="Instance"
      className="instance-tabs"
      onKeyDown={rovingKeyHandler(ids, current, setScope, 'horizontal')}
    >
      {tabs.map((t) => (
        <button
          key={t.id}
          type="button"
          role="tab"
          id={`scope-tab-${t.id}`}
          data-tab-id={t.id}
          aria-selected={t.id === current}
          aria-controls="main-panel"
          tabIndex={t.id === current ? 0 : -1}
          className="tab"
          onClick={() => setScope(t.id)}
        >
          {t.label}
          {t.state && t.state !== 'live' ? (
            <span className={`dot state-${t.state}`} aria-label={`(${t.state})`} />
          ) : null}
        </button>
      ))}
    </div>
  );
}
