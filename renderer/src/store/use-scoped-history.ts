import { useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useActions } from './actions.js';
import { selectScopedInstances } from './selectors.js';
import { useAppStore } from './store.js';

/**
 * Keeps the history of the instances in scope loaded for the chosen range, for every pane that draws it
 * (Trends, Backups): a new query when the range or the scope changes (with a loading state), and a quiet
 * refresh whenever a new snapshot arrives, so open charts grow with each poll instead of freezing at the
 * moment the pane was opened.
 */
export function useScopedHistory(): void {
  const actions = useActions();
  const idsKey = useAppStore(useShallow((s) => selectScopedInstances(s).map((i) => i.id))).join(',');
  const range = useAppStore((s) => s.trendRange);
  // Changes exactly when one of the scoped instances has a newer snapshot.
  const dataKey = useAppStore(useShallow((s) => selectScopedInstances(s).map((i) => i.generatedAt ?? ''))).join(
    ',',
  );
  const loaded = useRef<{ idsKey: string; range: string } | null>(null);

  useEffect(() => {
    if (!idsKey) return;
    const same = loaded.current?.idsKey === idsKey && loaded.current.range === range;
    loaded.current = { idsKey, range };
    void actions.loadHistory(idsKey.split(','), range, { quiet: same });
  }, [actions, idsKey, range, dataKey]);
}
