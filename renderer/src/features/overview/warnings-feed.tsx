import { useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Warning } from '../../../../common/model/warning.js';
import { SNOOZE_DURATIONS, type SnoozeDuration } from '../../../../preload/ipc-contract.js';
import { useCoreGate } from '../../components/core-gate.js';
import { MessageText } from '../../components/message-text.js';
import { untrustedPlain } from '../../lib/untrusted-display.js';
import { EmptyState } from '../../components/empty-state.js';
import { formatFullTime, formatSince, humanizeTimes } from '../../../../common/text/human-time.js';
import { SeverityBadge } from '../../components/state-badge.js';
import { useActions } from '../../store/actions.js';
import { Skeleton } from '../../components/skeleton.js';
import {
  isWarningHidden,
  selectInstances,
  selectScopedInstances,
  selectWarnings,
} from '../../store/selectors.js';
import { useAppStore } from '../../store/store.js';
import { WarningFix } from './warning-fix.js';
import { distinctFacts } from './warning-text.js';

const SNOOZE_LABEL: Record<SnoozeDuration, string> = {
  '1h': '1 hour',
  '4h': '4 hours',
  tomorrow: 'until tomorrow',
};

function WarningItem({ w, hidden }: { w: Warning; hidden: boolean }) {
  const actions = useActions();
  const label = useAppStore(
    (s) => s.app?.instances.find((i) => i.id === w.instanceId)?.label ?? w.instanceId,
  );
  const focused = useAppStore((s) => s.focusWarningId === w.id);
  const now = useAppStore((s) => s.now);
  const [duration, setDuration] = useState<SnoozeDuration>('1h');
  const gate = useCoreGate();
  const plainTitle = untrustedPlain(w.title, 120);
  const facts = distinctFacts(w);
  const ref = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (focused) ref.current?.scrollIntoView({ block: 'center' });
  }, [focused]);
  return (
    <li
      ref={ref}
      className={`warning sev-border-${w.severity}${focused ? ' focused' : ''}${hidden ? ' is-hidden' : ''}`}
      data-warning-id={w.id}
    >
      <div className="warning-head">
        <SeverityBadge severity={w.severity} />
        <span className="warning-instance">{label}</span>
        <span className="warning-title">
          <MessageText text={w.title} />
        </span>
        {w.status === 'unknown' ? <span className="badge state-stale">cannot check now</span> : null}
      </div>
      {facts.length > 0 ? (
        <p className="warning-facts">
          {facts.map((f, i) => (
            <span key={i} title={untrustedPlain(f, 300)}>
              {i > 0 ? ' · ' : null}
              {/* "Last fired: 3 d ago (Sun 11:51)", never a raw ISO time; the fact as written on hover. */}
              <MessageText text={humanizeTimes(f, now)} />
            </span>
          ))}
        </p>
      ) : null}
      <WarningFix w={w} instanceLabel={label} />
      <div className="warning-actions">
        <span className="warning-since">
          {w.since ? (
            <time dateTime={w.since} title={formatFullTime(w.since)}>
              {formatSince(w.since, now)}
            </time>
          ) : null}
        </span>
        {!hidden ? (
          <span className="warning-controls">
            <button
              type="button"
              className="btn btn-small"
              onClick={() => void actions.acknowledge(w.id)}
              aria-label={`Acknowledge: ${plainTitle} (${label})`}
              {...gate}
            >
              Acknowledge
            </button>
            <label className="inline">
              <span className="visually-hidden">Snooze duration for {plainTitle}</span>
              <select
                value={duration}
                onChange={(e) => setDuration(e.target.value as SnoozeDuration)}
                disabled={gate.disabled}
              >
                {SNOOZE_DURATIONS.map((d) => (
                  <option key={d} value={d}>
                    {SNOOZE_LABEL[d]}
                  </option>
                ))}
              </select>
            </label>
            <button
              type="button"
              className="btn btn-small"
              onClick={() => void actions.snooze(w.id, duration)}
              aria-label={`Snooze: ${plainTitle} (${label})`}
              {...gate}
            >
              Snooze
            </button>
          </span>
        ) : (
          <span className="muted">acknowledged or snoozed</span>
        )}
      </div>
    </li>
  );
}

/**
 * One feed for the instances in view: severity (and, showing all instances, instance) filters, acknowledge
 * and snooze. Inside a single-instance tab it shows that instance's warnings only, with no Instance filter.
 */
export function WarningsFeed() {
  const warnings = useAppStore(useShallow(selectWarnings));
  const instances = useAppStore(useShallow((s) => selectInstances(s).map((i) => `${i.id}\u0000${i.label}`)));
  const single = useAppStore((s) => {
    const scoped = selectScopedInstances(s);
    return s.scope !== 'all' && scoped.length === 1 ? scoped[0]!.id : null;
  });
  const notifications = useAppStore((s) => s.app?.notifications);
  const now = useAppStore((s) => s.now);
  const loaded = useAppStore((s) => s.app !== null);
  const sev = useAppStore((s) => s.severityFilter);
  const inst = useAppStore((s) => s.instanceFilter);
  const showHidden = useAppStore((s) => s.showHiddenWarnings);
  const { setSeverityFilter, setInstanceFilter, setShowHiddenWarnings } = useAppStore(
    useShallow((s) => ({
      setSeverityFilter: s.setSeverityFilter,
      setInstanceFilter: s.setInstanceFilter,
      setShowHiddenWarnings: s.setShowHiddenWarnings,
    })),
  );
  // The feed keeps main's order (main/core/app/app-state.ts sortWarnings): sorting here again overrode it.
  const instanceShown = single ?? inst;
  const filtered = warnings.filter(
    (w) =>
      (sev === 'all' || w.severity === sev) && (instanceShown === 'all' || w.instanceId === instanceShown),
  );
  const hiddenCount = filtered.filter((w) => isWarningHidden(w, notifications, now)).length;
  const shown = showHidden ? filtered : filtered.filter((w) => !isWarningHidden(w, notifications, now));

  return (
    <section className="card warnings-feed" aria-labelledby="feed-h">
      <h2 id="feed-h" className="card-title">
        Warnings
      </h2>
      {/* While nothing has loaded: a placeholder, not filters and an empty "(0)" box. */}
      {!loaded ? <Skeleton lines={3} label="Loading warnings" /> : null}
      {!loaded ? null : (
        <div className="filters" role="group" aria-label="Warning filters">
          <label>
            Severity{' '}
            <select value={sev} onChange={(e) => setSeverityFilter(e.target.value as typeof sev)}>
              <option value="all">All</option>
              <option value="critical">Critical</option>
              <option value="warning">Warning</option>
              <option value="info">Info</option>
            </select>
          </label>
          {single ? null : (
            <label>
              Instance{' '}
              <select value={inst} onChange={(e) => setInstanceFilter(e.target.value)}>
                <option value="all">All</option>
                {instances.map((pair) => {
                  const [id, label] = pair.split('\u0000');
                  return (
                    <option key={id} value={id}>
                      {label}
                    </option>
                  );
                })}
              </select>
            </label>
          )}
          <label className="inline">
            <input
              type="checkbox"
              checked={showHidden}
              onChange={(e) => setShowHiddenWarnings(e.target.checked)}
            />{' '}
            Show acknowledged and snoozed ({hiddenCount})
          </label>
        </div>
      )}
      {!loaded ? null : shown.length === 0 ? (
        <EmptyState
          title={filtered.length === 0 ? 'No warnings match.' : 'Everything here is acknowledged or snoozed.'}
        />
      ) : (
        <ul className="warning-list" aria-label="Warnings">
          {shown.map((w) => (
            <WarningItem key={w.id} w={w} hidden={isWarningHidden(w, notifications, now)} />
          ))}
        </ul>
      )}
    </section>
  );
}
