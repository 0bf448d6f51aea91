import { useState } from 'react';
import { Dialog } from '../../components/dialog.js';
import { removalConsequences, type HostRemoval } from './host-removal.js';
import { useCoreGate } from '../../components/core-gate.js';

/**
 * Confirms removing a host and says what goes with it. Cancel has the first focus (the safe choice for a
 * destructive action); Esc and the backdrop cancel too. A failed save stays in the dialog as an alert.
 */
export function RemoveHostDialog({
  plan,
  otherChangesPending,
  onConfirm,
  onCancel,
}: {
  plan: HostRemoval;
  /** The form has unsaved edits; removing saves none of them, and the dialog says so. */
  otherChangesPending: boolean;
  /** Saves the settings without this host; resolves with an error message when the save did not happen. */
  onConfirm: () => Promise<string | null>;
  onCancel: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const gate = useCoreGate();
  const [error, setError] = useState<string | null>(null);
  return (
    <Dialog
      title={`Remove host ${plan.host.name}?`}
      onClose={() => !busy && onCancel()}
      className="remove-host-dialog"
      initialFocus=".cancel-remove"
    >
      {removalConsequences(plan).map((line) => (
        <p key={line}>{line}</p>
      ))}
      {otherChangesPending ? (
        <p>
          Only the host is removed: your other unsaved changes in Settings stay unsaved until you save them.
        </p>
      ) : null}
      {error ? (
        <p className="text-bad" role="alert">
          Not removed: {error}
        </p>
      ) : null}
      <div className="form-actions">
        <button
          type="button"
          className="btn btn-primary btn-danger"
          aria-disabled={busy}
          disabled={gate.disabled}
          title={gate.title}
          onClick={() => {
            if (busy) return;
            setBusy(true);
            setError(null);
            void onConfirm().then((message) => {
              // On success the dialog is already gone; only a failure comes back here.
              if (message !== null) {
                setError(message);
                setBusy(false);
              }
            });
          }}
        >
          {busy ? 'Removing…' : `Remove ${plan.host.name}`}
        </button>
        <button type="button" className="btn cancel-remove" onClick={() => !busy && onCancel()}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}
