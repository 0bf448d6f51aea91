/**
 * Replies Hermes owes (state.db delivery_obligations): failed ones are answers the person never got.
 */
import type { Snapshot } from '../../../../common/contract/snapshot.js';
import { Facts } from '../../components/instance-columns.js';
import { WhenTime } from '../../components/when-time.js';

export function DeliveryLedger({ s, label }: { s: Snapshot; label: string }) {
  const d = s.signals?.deliveryLedger;
  if (d === undefined) return null;
  const lost = (d?.failed ?? 0) + (d?.abandoned ?? 0);
  return (
    <section aria-label={`${label}: reply delivery`}>
      <h3 className="section-title">Reply delivery</h3>
      {d === null ? (
        <p className="muted">Unknown: state.db could not be read.</p>
      ) : !d.tablePresent ? (
        <p className="muted">This Hermes keeps no delivery ledger.</p>
      ) : (
        <Facts
          rows={[
            ['Being sent', `${(d.pending ?? 0) + (d.attempting ?? 0)}`],
            [
              'Never arrived',
              <span className={lost ? 'text-bad' : undefined}>
                {d.failed ?? 0} failed (retried) · {d.abandoned ?? 0} abandoned
              </span>,
            ],
            ['Last failure', d.lastFailedAt ? <WhenTime iso={d.lastFailedAt} /> : 'none'],
          ]}
        />
      )}
    </section>
  );
}
