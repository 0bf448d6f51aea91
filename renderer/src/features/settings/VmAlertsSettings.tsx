/**
 * Settings → VM-side alerts: per instance, whether the VM tells its own warnings on Telegram (path 1:
 * Hermes's cron; path 2: the exporter's timer) and whether that works, from the snapshot; and who should
 * tell this person: Telegram only, desktop only, or both. A choice is saved at once, on its own (like a
 * host), so it never mixes with the form's pending edits.
 */
import { useState } from 'react';
import { VM_ALERTS_DELIVERY, type VmAlertsDelivery } from '../../../../common/model/rule-settings.js';
import type { Settings } from '../../../../preload/ipc-contract.js';
import { RelTime } from '../../components/rel-time.js';
import { useActions } from '../../store/actions.js';
import { selectInstances } from '../../store/selectors.js';
import { useAppStore } from '../../store/store.js';
import { DELIVERY_LABELS, HEALTH_LABELS, vmAlertsRows, withDeliveryChoice } from './vm-alerts-rows.js';

export function VmAlertsSettings({ settings }: { settings: Settings }) {
  const actions = useActions();
  const instances = useAppStore(selectInstances);
  const now = useAppStore((s) => s.now);
  const [notice, setNotice] = useState('');
  const rows = vmAlertsRows(instances, settings, now);

  const choose = async (id: string, label: string, choice: VmAlertsDelivery): Promise<void> => {
    setNotice('Saving…');
    const saved = await actions.saveSettings(withDeliveryChoice(settings, id, choice));
    setNotice(
      saved.ok ? `Saved: ${label} — ${DELIVERY_LABELS[choice]}.` : `Not saved: ${saved.error.message}`,
    );
  };

  return (
    <section className="card vm-alerts" aria-labelledby="vm-alerts-h">
      <h2 id="vm-alerts-h" className="card-title">
        VM-side alerts
      </h2>
      <p className="muted">
        Each VM can tell its own warnings on Telegram while this laptop sleeps (docs/operations.md, “VM-side
        alerts”). Choose who tells you, per instance.
      </p>
      <table className="table vm-alerts-table">
        <thead>
          <tr>
            <th scope="col">Instance</th>
            <th scope="col">Hermes cron (all warnings)</th>
            <th scope="col">Direct Telegram (gateway down)</th>
            <th scope="col">Who tells you</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} data-instance={r.id}>
              <th scope="row">{r.label}</th>
              <td data-path="hermes-cron" data-health={r.hermesCron.health}>
                <strong>{HEALTH_LABELS[r.hermesCron.health]}</strong>
                {r.hermesCron.jobName ? ` · ${r.hermesCron.jobName}` : ''}
                <div className="muted">{r.hermesCron.note}</div>
                <div className="muted">
                  <RelTime iso={r.hermesCron.lastRunAt} prefix="Last run" /> ·{' '}
                  <RelTime iso={r.hermesCron.lastMessageAt} prefix="last message" />
                </div>
              </td>
              <td data-path="direct" data-health={r.direct.health}>
                <strong>{HEALTH_LABELS[r.direct.health]}</strong>
                <div className="muted">{r.direct.note}</div>
                <div className="muted">
                  <RelTime iso={r.direct.lastDeliveryAt} prefix="Last delivery" />
                </div>
              </td>
              <td>
                <select
                  aria-label={`Who tells you about ${r.label}`}
                  value={r.choice}
                  onChange={(e) => void choose(r.id, r.label, e.target.value as VmAlertsDelivery)}
                >
                  {VM_ALERTS_DELIVERY.map((d) => (
                    <option key={d} value={d}>
                      {DELIVERY_LABELS[d]}
                    </option>
                  ))}
                </select>
                {r.fallback ? (
                  <div role="note" className="text-warn">
                    {r.fallback}
                  </div>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p role="status" className="muted">
        {notice}
      </p>
    </section>
  );
}
