/**
 * Timed maintenance for one instance (issue 16 §5), in its header: "Maintenance for 30 min", or while it
 * runs "Maintenance until 14:30" with End and the command that holds the VM's own alerts too — shown to
 * copy, never run. The truth is main's (AppState.maintenance); this only asks.
 */
import { useState } from 'react';
import { vmMaintenanceCommand } from '../../../../common/maintenance/vm-maintenance-file.js';
import { maintenanceLabel } from '../../../../common/model/maintenance.js';
import type { InstanceStatus } from '../../../../common/model/instance-status.js';
import { CopyButton } from '../../components/copy-button.js';
import { absoluteTime } from '../../lib/format.js';
import { useActions } from '../../store/actions.js';
import { useAppStore } from '../../store/store.js';
import './maintenance.css';

const MINUTES = 30;

export function MaintenanceControl({ instance }: { instance: InstanceStatus }) {
  const actions = useActions();
  const until = useAppStore((s) => {
    const w = s.app?.maintenance?.[instance.id];
    return w && Date.parse(w.until) > s.now ? w.until : null;
  });
  const now = useAppStore((s) => s.now);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ask = async (minutes: number | null) => {
    setBusy(true);
    const r = await actions.setMaintenance(instance.id, minutes);
    setBusy(false);
    setError(r.ok ? null : r.error.message);
  };
  // Run as the instance's user, which only its snapshot tells: no command until it is known.
  const user = instance.snapshot?.instance.user ?? null;
  const vmCommand = user ? vmMaintenanceCommand(instance.id, MINUTES, user) : null;
  return (
    <div className="maintenance" role="group" aria-label={`${instance.label} maintenance`}>
      {until ? (
        <>
          <span className="badge maintenance-badge" title={`Notifications held until ${absoluteTime(until)}`}>
            {maintenanceLabel(until, now).replace(/^m/, 'M')}
          </span>
          <button type="button" className="btn btn-small" disabled={busy} onClick={() => void ask(null)}>
            End maintenance
          </button>
          <details className="maintenance-vm">
            <summary>Hold the VM’s alerts too</summary>
            {vmCommand ? (
              <p className="small">
                Run on the VM: <code>{vmCommand}</code>{' '}
                <CopyButton
                  copyKey={`maintenance-vm:${instance.id}`}
                  text={vmCommand}
                  label={`Copy the VM maintenance command for ${instance.label}`}
                />
              </p>
            ) : (
              <p className="small text-bad">
                {user
                  ? 'No command: the instance’s user name from the VM is not safe to quote.'
                  : 'No command yet: the instance’s user is known once its data arrives.'}
              </p>
            )}
          </details>
        </>
      ) : (
        <button
          type="button"
          className="btn btn-small"
          disabled={busy}
          onClick={() => void ask(MINUTES)}
          aria-label={`Maintenance for ${MINUTES} min on ${instance.label}`}
        >
          Maintenance for {MINUTES} min
        </button>
      )}
      {error ? (
        <span className="text-bad small" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}
