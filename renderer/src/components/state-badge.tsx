import type { InstanceStateKind } from '../../../common/model/instance-status.js';
import type { Severity } from '../../../common/model/warning.js';

const STATE_LABEL: Record<InstanceStateKind, string> = {
  live: 'Live',
  stale: 'Stale',
  unreachable: 'Unreachable',
  unknown: 'Connecting',
  incompatible: 'Incompatible',
  invalid: 'Invalid snapshot',
};

/** State as text plus colour (never colour alone). */
export function StateBadge({ state }: { state: InstanceStateKind }) {
  return <span className={`badge state-${state}`}>{STATE_LABEL[state]}</span>;
}

export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <span className={`badge sev-${severity}`}>
      {severity === 'critical' ? 'Critical' : severity === 'warning' ? 'Warning' : 'Info'}
    </span>
  );
}

/** A yes/no/unknown value where `null` reads as unknown, never as no. */
export function Tri({
  value,
  yes = 'yes',
  no = 'no',
  bad = 'no',
}: {
  value: boolean | null | undefined;
  yes?: string;
  no?: string;
  bad?: 'yes' | 'no';
}) {
  if (value === null || value === undefined) return <span className="muted">unknown</span>;
  const isBad = (value && bad === 'yes') || (!value && bad === 'no');
  return <span className={isBad ? 'text-bad' : 'text-good'}>{value ? yes : no}</span>;
}
