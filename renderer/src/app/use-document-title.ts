import { useEffect } from 'react';
import { clockTime } from '../lib/format.js';
import { selectLinkDown, selectScopeVerdict } from '../store/core-link.js';
import { oldestData, selectInstances, selectScopedInstances } from '../store/selectors.js';
import { useAppStore } from '../store/store.js';
import { PANES } from '../store/ui-slice.js';
import { documentTitle } from './window-title.js';

/** Keeps `document.title` on "verdict · pane", and on "as of … — disconnected" while the link is down. */
export function useDocumentTitle(): void {
  const verdict = useAppStore(selectScopeVerdict);
  const pane = useAppStore((s) => s.pane);
  const scopeLabel = useAppStore((s) => {
    const scoped = selectScopedInstances(s);
    return s.scope !== 'all' && scoped.length === 1 ? scoped[0]!.label : null;
  });
  const linkDown = useAppStore(selectLinkDown);
  const asOf = useAppStore((s) => oldestData(selectInstances(s), s.now)?.generatedAt ?? null);
  const paneLabel = PANES.find((p) => p.id === pane)?.label ?? pane;
  const title = documentTitle({
    verdict,
    paneLabel,
    scopeLabel,
    linkDown,
    asOfClock: asOf ? clockTime(asOf) : null,
  });
  useEffect(() => {
    document.title = title;
  }, [title]);
}
