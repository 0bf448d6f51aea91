import type { Warning } from '../../../../common/model/warning.js';
import { CopyButton } from '../../components/copy-button.js';
import { Untrusted } from '../../components/untrusted-text.js';
import '../../components/window-status.css';

/**
 * "How to fix" under a warning: its runbook commands with copy buttons (as `hermes-mc warnings` prints
 * them), those that change the VM marked so, and any command that was refused shown as its reason with
 * no command (a VM value that cannot be quoted safely never reaches the clipboard).
 */
export function WarningFix({ w, instanceLabel }: { w: Warning; instanceLabel: string }) {
  const refused = w.refusedCommands ?? [];
  if (w.commands.length === 0 && refused.length === 0) return null;
  return (
    <details className="warning-fix">
      <summary>How to fix</summary>
      <ul className="warning-fix-list">
        {w.commands.map((c) => (
          <li key={c.id} className={c.changesVm ? 'fix-command changes-vm' : 'fix-command'}>
            <div className="fix-command-head">
              <strong>{c.label}</strong>
              {c.changesVm ? <span className="changes-vm-tag">changes the VM</span> : null}
              <span className="muted small">{c.where}</span>
            </div>
            <div className="command-line">
              <code>
                <Untrusted text={c.command} max={2000} />
              </code>
              <CopyButton
                copyKey={`fix:${w.id}:${c.id}`}
                text={c.command}
                label={`Copy ${c.label} command for ${instanceLabel}`}
              />
            </div>
          </li>
        ))}
        {refused.map((r) => (
          <li key={r.id} className="fix-command refused" data-refused={r.id}>
            <div className="fix-command-head">
              <strong>{r.label}</strong>
              <span className="muted small">{r.where}</span>
            </div>
            <p className="refused-reason" role="note">
              No command shown: <Untrusted text={r.reason} />
            </p>
          </li>
        ))}
      </ul>
    </details>
  );
}
