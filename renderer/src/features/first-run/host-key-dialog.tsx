import { CopyButton } from '../../components/copy-button.js';
import { Dialog } from '../../components/dialog.js';
import { useActions } from '../../store/actions.js';
import { useAppStore } from '../../store/store.js';

/**
 * Trust on first use: the host's fingerprint and a command to confirm it out of band. Mismatches are never
 * offered here (they are refused and explained on the instance's failure screen).
 */
export function HostKeyDialog() {
  const actions = useActions();
  const prompt = useAppStore((s) => s.app?.hostKeyPrompts.find((p) => p.kind === 'unknown') ?? null);
  if (!prompt) return null;
  const reject = () => void actions.decideHostKey(prompt, false);
  return (
    <Dialog
      title={`Trust ${prompt.hostName}?`}
      onClose={reject}
      className="hostkey-dialog"
      initialFocus=".verify-copy button"
    >
      <p>
        This is the first connection to <strong>{prompt.host}</strong> port {prompt.port}. Before trusting it,
        check that the VM really has this key.
      </p>
      <dl className="facts">
        <div className="fact">
          <dt>Key type</dt>
          <dd>{prompt.keyType}</dd>
        </div>
        <div className="fact">
          <dt>Fingerprint</dt>
          <dd>
            <code className="fingerprint">{prompt.fingerprint}</code>
          </dd>
        </div>
      </dl>
      <p>Run this on the VM (its console, or a session you already trust) and compare the output:</p>
      <div className="command-line verify-copy">
        <code>{prompt.verifyCommand}</code>
        <CopyButton
          copyKey={`verify:${prompt.hostName}`}
          text={prompt.verifyCommand}
          label="Copy the verify command"
        />
      </div>
      <div className="form-actions">
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => void actions.decideHostKey(prompt, true)}
        >
          Fingerprints match — trust
        </button>
        <button type="button" className="btn" onClick={reject}>
          Don’t trust
        </button>
      </div>
    </Dialog>
  );
}
