import type { ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Snapshot } from '../../../common/contract/snapshot.js';
import { instanceDataAgeSeconds } from '../../../common/model/data-age.js';
import type { InstanceStatus } from '../../../common/model/instance-status.js';
import { checkingNote, vmClockNote } from '../../../common/text/link-facts.js';
import { FailureNotice } from '../features/first-run/failure-notice.js';
import { MaintenanceControl } from '../features/maintenance/maintenance-control.js';
import { absoluteTime, asOfLine } from '../lib/format.js';
import { selectScopedInstances } from '../store/selectors.js';
import { useAppStore } from '../store/store.js';
import { EmptyState } from './empty-state.js';
import { Skeleton } from './skeleton.js';
import { Untrusted } from './untrusted-text.js';
import { selectDataCurrent, selectInstanceVerdict } from '../store/core-link.js';
import { FreshnessLabel, VerdictBadge } from './verdict-badge.js';

/** "as of 14:02, 6 min ago" for one instance, absolute on hover. */
export function DataAge({ instance }: { instance: InstanceStatus }) {
  const now = useAppStore((s) => s.now);
  return (
    <span className="data-age" title={`Snapshot written ${absoluteTime(instance.generatedAt)} (VM clock)`}>
      {asOfLine(instance.generatedAt, instanceDataAgeSeconds(instance, now))}
    </span>
  );
}

/**
 * What the core knows about the link itself: a poll waiting for the host ("checking… last answer at
 * 14:03:27") and a VM clock that is not known (the ages then rest on this computer's clock).
 */
export function LinkFacts({ instance }: { instance: InstanceStatus }) {
  const checking = checkingNote(instance);
  const clock = vmClockNote(instance);
  if (!checking && !clock) return null;
  return (
    <>
      {checking ? (
        <span className="link-checking" data-link="checking" role="status">
          {checking}
        </span>
      ) : null}
      {clock ? (
        <span className="link-clock muted" data-link="vm-clock">
          {clock}
        </span>
      ) : null}
    </>
  );
}

/** Name, then the verdict (first and strongest), then how fresh the data is, smaller. */
export function InstanceHeader({ instance }: { instance: InstanceStatus }) {
  const verdict = useAppStore(
    useShallow((s) => {
      const v = selectInstanceVerdict(s, instance.id);
      return { level: v?.level ?? 'unknown', reason: v?.reason ?? 'not checked yet' };
    }),
  );
  const current = useAppStore(selectDataCurrent);
  return (
    <header className="instance-header">
      <h2 className="instance-name">{instance.label}</h2>
      <VerdictBadge verdict={verdict} />
      <FreshnessLabel state={instance.state} current={current} />
      <DataAge instance={instance} />
      <LinkFacts instance={instance} />
      <MaintenanceControl instance={instance} />
    </header>
  );
}

/**
 * One column per instance in scope: header, the failure notice when not live, then the pane's content for
 * that snapshot — greyed and labelled when stale or last-good.
 */
export function InstanceColumns({
  pane,
  children,
}: {
  pane: string;
  children: (snapshot: Snapshot, instance: InstanceStatus) => ReactNode;
}) {
  const instances = useAppStore(useShallow(selectScopedInstances));
  const loaded = useAppStore((s) => s.app !== null);
  const current = useAppStore(selectDataCurrent);
  if (!loaded) return <Skeleton lines={6} label={`Loading ${pane}`} />;
  if (instances.length === 0)
    return <EmptyState title="No instances configured">Add a host in Settings.</EmptyState>;
  return (
    <div className={`columns columns-${instances.length}`}>
      {instances.map((i) => {
        const old = i.state !== 'live' || i.snapshotIsLastGood || !current;
        return (
          <section key={i.id} className={`column${old ? ' is-old' : ''}`} aria-label={`${i.label} ${pane}`}>
            <InstanceHeader instance={i} />
            <FailureNotice instance={i} compact={pane !== 'overview'} />
            {i.snapshot ? (
              <div className="column-body">
                {old ? <p className="old-label">Last known data — not current</p> : null}
                {children(i.snapshot, i)}
              </div>
            ) : i.state === 'unknown' ? (
              <Skeleton lines={4} label={`Loading ${i.label}`} />
            ) : (
              <EmptyState title="No data from this instance yet" />
            )}
          </section>
        );
      })}
    </div>
  );
}

/** A label/value list used by most panes. */
export function Facts({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="facts">
      {rows.map(([k, v]) => (
        <div key={k} className="fact">
          <dt>{k}</dt>
          <dd>{typeof v === 'string' ? <Untrusted text={v} /> : v}</dd>
        </div>
      ))}
    </dl>
  );
}
