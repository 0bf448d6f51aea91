import type { InstanceStateKind } from '../../../common/model/instance-status.js';
import type { InstanceVerdict, VerdictLevel } from '../../../common/model/verdict.js';
import { VERDICT_LABELS } from '../../../common/model/verdict.js';
import { untrustedPlain } from '../lib/untrusted-display.js';
import './window-status.css';

/**
 * The verdict, first and strongest: OK / Needs attention / Critical / Unknown, as text plus colour (never
 * colour alone), its one-line reason on hover and to screen readers.
 */
export function VerdictBadge({
  verdict,
  compact = false,
}: {
  verdict: Pick<InstanceVerdict, 'level' | 'reason'>;
  compact?: boolean;
}) {
  // The reason is often a warning title, which may carry VM text.
  const reason = untrustedPlain(verdict.reason, 160);
  return (
    <span
      className={`verdict verdict-${verdict.level}${compact ? ' verdict-compact' : ''}`}
      title={reason}
      data-verdict={verdict.level}
    >
      {VERDICT_LABELS[verdict.level]}
      {compact ? null : <span className="visually-hidden">: {reason}</span>}
    </span>
  );
}

export function verdictLabel(level: VerdictLevel): string {
  return VERDICT_LABELS[level];
}

// Partial, with the state's own name as the fallback: a state added to the model later still shows.
const FRESHNESS_LABEL: Partial<Record<InstanceStateKind, string>> = {
  live: 'Live',
  stale: 'Stale',
  unreachable: 'Unreachable',
  unknown: 'Connecting',
  incompatible: 'Incompatible',
  invalid: 'Invalid snapshot',
};

/**
 * How fresh the data is, beside the verdict and smaller. "Not current" whenever the window itself cannot
 * vouch for it (the bridge to Mission Control is down), whatever the last state said.
 */
export function FreshnessLabel({ state, current }: { state: InstanceStateKind; current: boolean }) {
  const shown = current ? state : 'stale';
  return (
    <span className={`freshness state-${shown}`} data-freshness={current ? state : 'not-current'}>
      {current ? (FRESHNESS_LABEL[state] ?? state.charAt(0).toUpperCase() + state.slice(1)) : 'Not current'}
    </span>
  );
}
