import type { ReactNode } from 'react';
import type { InstanceStatus } from '../../../../common/model/instance-status.js';
import { CopyButton } from '../../components/copy-button.js';
import { RelTime } from '../../components/rel-time.js';
import { MessageText } from '../../components/message-text.js';
import { Untrusted } from '../../components/untrusted-text.js';
import { useAppStore } from '../../store/store.js';
import type { HostKeyPrompt } from '../../../../preload/ipc-contract.js';
import { failureCopy, type FailureCopy } from './failure-copy.js';
import { ReviewHostKeyButton } from './host-key-dialog.js';
import { reviewablePrompt } from './host-key-review.js';

/**
 * The body every failure screen shares: the reason, what the app does meanwhile, what to do next, a
 * command to copy and the Settings button. `children` go right after the reason.
 */
export function FailureDetails({
  copy,
  copyKey,
  compact = false,
  hostName,
  children,
}: {
  copy: FailureCopy;
  copyKey: string;
  compact?: boolean;
  /** The host a `trust` action reviews the key of. */
  hostName?: string;
  children?: ReactNode;
}) {
  const setPane = useAppStore((s) => s.setPane);
  return (
    <>
      {copy.reason ? (
        <p className="failure-reason">
          <MessageText text={copy.reason} />
        </p>
      ) : null}
      {children}
      {copy.meanwhile ? <p className="failure-meanwhile">{copy.meanwhile}</p> : null}
      {!compact && copy.next.length > 0 ? (
        <>
          <p className="failure-next-label">What to do next</p>
          <ul className="failure-next">
            {copy.next.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </>
      ) : null}
      {copy.command ? (
        <div className="command-line">
          <code>
            <Untrusted text={copy.command.text} max={2000} />
          </code>
          <CopyButton copyKey={copyKey} text={copy.command.text} label={`Copy: ${copy.command.label}`} />
        </div>
      ) : null}
      {copy.action === 'trust' && hostName ? <ReviewHostKeyButton hostName={hostName} /> : null}
      {copy.action === 'settings' ? (
        <button type="button" className="btn" onClick={() => setPane('settings')}>
          Open Settings
        </button>
      ) : null}
    </>
  );
}

/**
 * The unknown-key screen says what the person can do now: review the key (always with the button), say
 * that it was declined, or — with no key to review yet — that it is fetched at the next connection.
 */
function hostKeyCopy(copy: FailureCopy | null, prompt: HostKeyPrompt | null): FailureCopy | null {
  if (!copy || copy.kind !== 'host-key-unknown') return copy;
  if (!prompt)
    return {
      ...copy,
      title: 'This host’s key is not trusted yet',
      next: ['Its key is offered for review at the next connection attempt (Refresh to try now).'],
      action: undefined,
    };
  if (prompt.declined)
    return {
      ...copy,
      title: 'You declined this host’s key',
      reason: `Nothing connects to ${prompt.hostName} while its key (${prompt.fingerprint}) is not trusted.`,
      next: ['If the fingerprint checks out on the VM after all, review the key and trust it.'],
    };
  // The fingerprint and how to check it are in the review dialog (and the warning below): said once here.
  return {
    ...copy,
    reason: `This is the first connection to ${prompt.hostName}: nothing is read until you trust its key.`,
    next: ['Review the key: compare its fingerprint with the VM, then trust it.'],
  };
}

/** The clear screen for one instance's failure state: what happened and what to do next. */
export function FailureNotice({
  instance,
  compact = false,
}: {
  instance: InstanceStatus;
  compact?: boolean;
}) {
  const prompt = useAppStore((s) => reviewablePrompt(s.app?.hostKeyPrompts ?? [], instance.hostName));
  const copy = hostKeyCopy(failureCopy(instance), prompt);
  if (!copy) return null;
  return (
    <section
      className={`failure failure-${copy.kind}`}
      aria-label={`${instance.label}: ${copy.title}`}
      data-failure={copy.kind}
    >
      <h3 className="failure-title">{copy.title}</h3>
      <FailureDetails
        copy={copy}
        copyKey={`failure:${instance.id}`}
        compact={compact}
        hostName={instance.hostName}
      >
        {instance.nextRetryAt && instance.state === 'unreachable' ? (
          <p className="muted">
            Reconnecting <RelTime iso={instance.nextRetryAt} />
          </p>
        ) : null}
      </FailureDetails>
    </section>
  );
}
