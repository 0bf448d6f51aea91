import { useShallow } from 'zustand/react/shallow';
import type { VerdictLevel } from '../../../common/model/verdict.js';
import { VerdictBadge } from '../components/verdict-badge.js';
import { selectInstanceVerdict } from '../store/core-link.js';
import { selectInstances } from '../store/selectors.js';
import { useAppStore } from '../store/store.js';
import { rovingKeyHandler } from './use-roving-tabs.js';

/** All / Vijay / Bheem, each instance with its verdict: a real tablist; the choice is remembered. */
export function InstanceTabs() {
  const instances = useAppStore(
    useShallow((s) =>
      selectInstances(s).map((i) => {
        const v = selectInstanceVerdict(s, i.id);
        return `${i.id}\u0000${i.label}\u0000${v?.level ?? 'unknown'}\u0000${v?.reason ?? ''}`;
      }),
    ),
  );
  const scope = useAppStore((s) => s.scope);
  const setScope = useAppStore((s) => s.setScope);
  const tabs = [
    { id: 'all', label: 'All', verdict: null },
    ...instances.map((p) => {
      const [id, label, level, reason] = p.split('\u0000') as [string, string, VerdictLevel, string];
      return { id, label, verdict: { level, reason } };
    }),
  ];
  const ids = tabs.map((t) => t.id);
  const current = ids.includes(scope) ? scope : 'all';
  return (
    <nav aria-label="Instances">
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
            {t.verdict ? ' ' : null}
            {t.verdict ? <VerdictBadge verdict={t.verdict} compact /> : null}
          </button>
        ))}
      </div>
    </nav>
  );
}
