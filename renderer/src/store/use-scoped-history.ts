import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useActions } from './actions.js';
import { selectScopedInstances } from './selectors.js';
import { useAppStore } from './store.js';

/**
 * Keeps the history of the instances in scope loaded for the chosen range, for every pane that draws it
 * (Trends, Backups): a new query when the range or the scope changes, and again whenever a new snapshot
 * arrives, so open charts grow with each poll instead of freezing at the moment the pane was opened.
 *
 * Every query is a quiet one: an instance whose history for this range is already in the store keeps it
 * on screen until the answer replaces it (switching from All to one instance's tab draws its lines at
 * once, from what All loaded), and only an instance with nothing to show yet for this range — a new range,
 * an instance not loaded before, an earlier error — shows a loading state.
 */
export function useScopedHistory(): void {
  const actions = useActions();
  const idsKey = useAppStore(useShallow((s) => selectScopedInstances(s).map((i) => i.id))).join(',');
  const range = useAppStore((s) => s.trendRange);
  // Changes exactly when one of the scoped instances has a newer snapshot.
  const dataKey = useAppStore(
    useShallow((s) => selectScopedInstances(s).map((i) => i.generatedAt ?? '')),
  ).join(',');

  useEffect(() => {
    if (!idsKey) return;
    void actions.loadHistory(idsKey.split(','), range);
  }, [actions, idsKey, range, dataKey]);
}
