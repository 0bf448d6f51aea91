import type { InstanceStatus } from '../../../../main/core/model/instance-status.js';
import { CopyButton } from '../../components/copy-button.js';
import { RelTime } from '../../components/rel-time.js';
import { useAppStore } from '../../store/store.js';
import { failureCopy } from './failure-copy.js';

/** The clear screen for one instance's failure state: what happened and what to do next. */
export function FailureNotice({ instance, compact = false }: { instance: InstanceStatus; compact?: boolean }) {
  const setPane = useAppStore((s) => s.setPane);
  const copy = failureCopy(instance);
  if (!copy) return null;
  return (
    <section className={`failure failure-${copy.kind}`} aria-label={`${instance.label}: ${copy.title}`} data-failure={copy.kind}>
      <h3 className="failure-title">{copy.title}</h3>
      {copy.reason ? <p className="failure-reason">{copy.reason}</p> : null}
      {instance.nextRetryAt && instance.state === 'unreachable' ? (
        <p className="muted">
          Reconnecting <RelTime iso={instance.nextRetryAt} />
        </p>
      ) : null}
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
          <code>{copy.command.text}</code>
          <CopyButton copyKey={`failure:${instance.id}`} text={copy.command.text} label={`Copy: ${copy.command.label}`} />
        </div>
      ) : null}
      {copy.action === 'settings' ? (
        <button type="button" className="btn" onClick={() => setPane('settings')}>
          Open Settings
        </button>
      ) : null}
    </section>
  );
}
