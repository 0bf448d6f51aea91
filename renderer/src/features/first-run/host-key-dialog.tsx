import { CopyButton } from '../../components/copy-button.js';
import { useCoreGate } from '../../components/core-gate.js';
import { Dialog } from '../../components/dialog.js';
import { Untrusted } from '../../components/untrusted-text.js';
import { useActions } from '../../store/actions.js';
import { useAppStore } from '../../store/store.js';
import { promptKey, promptToShow, reviewablePrompt } from './host-key-review.js';

/**
 * Trust on first use: the host's fingerprint and a command to confirm it out of band. Esc, the backdrop
 * and "Not now" mean "ask me later" (nothing is decided); "Don't trust" declines, and the key can still be
 * reviewed later. Mismatches are never offered here (they are refused and explained on the failure screen).
 */
export function HostKeyDialog() {
  const actions = useActions();
  const gate = useCoreGate();
  const prompt = useAppStore((s) =>
    promptToShow(s.app?.hostKeyPrompts ?? [], s.hostKeyReview, s.hostKeyDeferred),
  );
  const deferHostKey = useAppStore((s) => s.deferHostKey);
  const reviewHostKey = useAppStore((s) => s.reviewHostKey);
  if (!prompt) return null;
  const later = () => deferHostKey(promptKey(prompt));
  const decide = (accept: boolean) => {
    reviewHostKey(null);
    void actions.decideHostKey(prompt, accept);
  };
  return (
    <Dialog
      title={`Trust ${prompt.hostName}?`}
      onClose={later}
      className="hostkey-dialog"
      initialFocus=".verify-copy button"
    >
      {prompt.declined ? (
        <p className="hostkey-declined" role="note">
          You chose not to trust this key earlier. Nothing connects with it until you trust it here.
        </p>
      ) : null}
      <p>
        This is the first connection to{' '}
        <strong>
          <Untrusted text={prompt.host} />
        </strong>{' '}
        port {prompt.port}. Before trusting it, check that the VM really has this key.
      </p>
      <dl className="facts">
        <div className="fact">
          <dt>Key type</dt>
          <dd>
            <Untrusted text={prompt.keyType} />
          </dd>
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
        <button type="button" className="btn btn-primary" onClick={() => decide(true)} {...gate}>
          Fingerprints match — trust
        </button>
        <button type="button" className="btn" onClick={later}>
          Not now — ask me later
        </button>
        {prompt.declined ? null : (
          <button type="button" className="btn" onClick={() => decide(false)} {...gate}>
            Don’t trust
          </button>
        )}
      </div>
    </Dialog>
  );
}

/** "Review host key…": opens the dialog for `hostName`'s unknown key, declined or put off alike. */
export function ReviewHostKeyButton({ hostName }: { hostName: string }) {
  const reviewHostKey = useAppStore((s) => s.reviewHostKey);
  const available = useAppStore((s) => reviewablePrompt(s.app?.hostKeyPrompts ?? [], hostName) !== null);
  const gate = useCoreGate(!available);
  return (
    <button
      type="button"
      className="btn btn-primary review-host-key"
      onClick={() => reviewHostKey(hostName)}
      {...gate}
    >
      Review host key…
    </button>
  );
}
