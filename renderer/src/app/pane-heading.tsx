import { VerdictBadge } from '../components/verdict-badge.js';
import '../components/window-status.css';
import { selectScopeVerdict } from '../store/core-link.js';
import { selectScopedInstances } from '../store/selectors.js';
import { useAppStore } from '../store/store.js';
import { PANES } from '../store/ui-slice.js';

/** Each pane's own heading: its name, the instance tab it shows, and that scope's verdict first. */
export function PaneHeading() {
  const pane = useAppStore((s) => s.pane);
  const scopeLabel = useAppStore((s) => {
    const scoped = selectScopedInstances(s);
    return s.scope !== 'all' && scoped.length === 1 ? scoped[0]!.label : null;
  });
  const level = useAppStore(selectScopeVerdict);
  const loaded = useAppStore((s) => s.app !== null);
  const label = PANES.find((p) => p.id === pane)?.label ?? pane;
  return (
    <div className="pane-heading-row">
      <h2 id="pane-heading" className="pane-heading">
        {label}
        {scopeLabel ? <span className="pane-heading-scope"> — {scopeLabel}</span> : null}
      </h2>
      {loaded && pane !== 'settings' ? (
        <VerdictBadge
          verdict={{ level, reason: scopeLabel ? `${scopeLabel}` : 'worst of all instances' }}
          compact
        />
      ) : null}
    </div>
  );
}
