import { HISTORY_RANGES, type HistoryRange } from '../../../preload/ipc-contract.js';
import { useAppStore } from '../store/store.js';

export const RANGE_LABEL: Record<HistoryRange, string> = {
  '6h': '6 h',
  '24h': '24 h',
  '7d': '7 d',
  '30d': '30 d',
  '90d': '90 d',
};

/**
 * The history range as a group of toggle buttons. Every history view shares the one remembered range, so
 * the same window shows wherever a person looks at history.
 */
export function RangePicker({ label }: { label: string }) {
  const range = useAppStore((s) => s.trendRange);
  const setRange = useAppStore((s) => s.setTrendRange);
  return (
    <div className="segmented" role="group" aria-label={label}>
      {HISTORY_RANGES.map((r) => (
        <button
          key={r}
          type="button"
          className="btn btn-small"
          aria-pressed={r === range}
          onClick={() => setRange(r)}
        >
          {RANGE_LABEL[r]}
        </button>
      ))}
    </div>
  );
}
