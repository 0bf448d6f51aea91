import type { ReactNode } from 'react';
import type { InstanceStatus } from '../../../../common/model/instance-status.js';
import { CopyButton } from '../../components/copy-button.js';
import { RelTime } from '../../components/rel-time.js';
import { Untrusted } from '../../components/untrusted-text.js';
import { useAppStore } from '../../store/store.js';
import { failureCopy, type FailureCopy } from './failure-copy.js';

/**
 * The body every failure screen shares: the reason, what the app does meanwhile, what to do next, a
 * command to copy and the Settings button. `children` go right after the reason.
 */
export function FailureDetails({
  copy,
  copyKey,
  compact = false,
  children,
}: {
  copy: FailureCopy;
  copyKey: string;
  compact?: boolean;
  children?: ReactNode;
}) {
  const setPane = useAppStore((s) => s.setPane);
  return (
    <>
      {copy.reason ? (
        <p className="failure-reason">
          <Untrusted text={copy.reason} />
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
      {copy.action === 'settings' ? (
        <button type="button" className="btn" onClick={() => setPane('settings')}>
          Open Settings
        </button>
      ) : null}
    </>
  );
}

/** The clear screen for one instance's failure state: what happened and what to do next. */
export function FailureNotice({
  instance,
  compact = false,
}: {
  instance: InstanceStatus;
  compact?: boolean;
}) {
  const copy = failureCopy(instance);
  if (!copy) return null;
  return (
    <section
      className={`failure failure-${copy.kind}`}
      aria-label={`${instance.label}: ${copy.title}`}
      data-failure={copy.kind}
    >
      <h3 className="failure-title">{copy.title}</h3>
      <FailureDetails copy={copy} copyKey={`failure:${instance.id}`} compact={compact}>
        {instance.nextRetryAt && instance.state === 'unreachable' ? (
          <p className="muted">
            Reconnecting <RelTime iso={instance.nextRetryAt} />
          </p>
        ) : null}
      </FailureDetails>
    </section>
  );
}
