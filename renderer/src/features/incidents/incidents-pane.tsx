/**
 * The incident timeline (issue 16 §4): what went wrong on each instance and for how long — warnings,
 * data state, gateway downs and restarts (with their class), missed cron runs, backup gaps — newest
 * first, from what Mission Control recorded and the VM's own history for the hours the laptop slept.
 * Filters: the instance tabs above, a window, and kinds (toggle buttons). Every VM string renders as
 * text (React escapes it; no HTML from the VM).
 */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import {
  INCIDENT_KIND_LABELS,
  INCIDENT_KINDS,
  type Incident,
} from '../../../../common/incidents/incident-types.js';
import { humanizeTimes } from '../../../../common/text/human-time.js';
import { EmptyState } from '../../components/empty-state.js';
import { Skeleton } from '../../components/skeleton.js';
import { SeverityBadge } from '../../components/state-badge.js';
import { absoluteTime } from '../../lib/format.js';
import { useActions } from '../../store/actions.js';
import { INCIDENT_WINDOWS } from '../../store/incidents-slice.js';
import { selectInstances } from '../../store/selectors.js';
import { useAppStore } from '../../store/store.js';
import { durationText, spanText } from './incident-rows.js';
import './incidents.css';

function IncidentFilters() {
  const { window, kinds, setWindow, toggleKind } = useAppStore(
    useShallow((s) => ({
      window: s.incidentWindow,
      kinds: s.incidentKinds,
      setWindow: s.setIncidentWindow,
      toggleKind: s.toggleIncidentKind,
    })),
  );
  return (
    <div className="incident-filters">
      <div className="segmented" role="group" aria-label="Incident window">
        {INCIDENT_WINDOWS.map((w) => (
          <button
            key={w.id}
            type="button"
            className="btn btn-small"
            aria-pressed={w.id === window}
            onClick={() => setWindow(w.id)}
          >
            {w.label}
          </button>
        ))}
      </div>
      <div className="segmented" role="group" aria-label="Incident kinds">
        {INCIDENT_KINDS.map((k) => (
          <button
            key={k}
            type="button"
            className="btn btn-small"
            aria-pressed={kinds.includes(k)}
            onClick={() => toggleKind(k)}
          >
            {INCIDENT_KIND_LABELS[k]}
          </button>
        ))}
      </div>
    </div>
  );
}

function IncidentItem({ incident: i, label, now }: { incident: Incident; label: string; now: number }) {
  return (
    <li
      className={`incident incident-${i.severity}${i.ongoing ? ' is-ongoing' : ''}`}
      aria-label={`${label}: ${i.title}, ${durationText(i)}`}
    >
      <time className="incident-when" dateTime={i.startedAt} title={absoluteTime(i.startedAt)}>
        {spanText(i, now)}
      </time>
      <span className={i.ongoing ? 'text-bad' : 'muted'}>{durationText(i)}</span>
      <p className="incident-title">
        <SeverityBadge severity={i.severity} /> {i.title}
        {i.restartClass ? <span className="badge state-stale"> {i.restartClass}</span> : null}
      </p>
      <p className="incident-meta">
        {label} · {INCIDENT_KIND_LABELS[i.kind]} ·{' '}
        {i.source === 'exporter' ? 'from the VM’s history' : 'seen by Mission Control'}
      </p>
      {i.details.length > 0 ? (
        <ul className="incident-details">
          {i.details.map((d, n) => (
            <li key={n}>{humanizeTimes(d, now)}</li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}

export function IncidentsPane() {
  const actions = useActions();
  const { scope, window, kinds, data, now, updatedAt } = useAppStore(
    useShallow((s) => ({
      scope: s.scope,
      window: s.incidentWindow,
      kinds: s.incidentKinds,
      data: s.incidents,
      now: s.now,
      updatedAt: s.app?.updatedAt ?? null,
    })),
  );
  const instances = useAppStore(useShallow((s) => selectInstances(s).map((i) => `${i.id}\u0000${i.label}`)));
  const labels = new Map(instances.map((p) => p.split('\u0000') as [string, string]));
  const instanceId = scope !== 'all' && labels.has(scope) ? scope : null;
  const sinceSeconds = INCIDENT_WINDOWS.find((w) => w.id === window)!.seconds;
  const kindKey = kinds.join(',');

  // Again after every state push (a poll), so a new or ended incident shows without a click.
  useEffect(() => {
    void actions.loadIncidents({
      sinceSeconds,
      instanceId,
      kinds: kindKey ? (kindKey.split(',') as typeof kinds) : [],
    });
  }, [actions, sinceSeconds, instanceId, kindKey, updatedAt]);

  const windowLabel = INCIDENT_WINDOWS.find((w) => w.id === window)!.label;
  return (
    <div className="pane-body">
      <p className="pane-intro">
        What went wrong and for how long. The hours this laptop slept come from the VM’s own history.
      </p>
      <IncidentFilters />
      {data === null || data.status === 'loading' ? (
        <Skeleton lines={5} label="Loading incidents" />
      ) : data.status === 'error' ? (
        <p className="text-bad" role="alert">
          Could not load incidents: {data.error.message}
        </p>
      ) : data.value.incidents.length === 0 ? (
        <EmptyState title={`No incidents in the last ${windowLabel}`}>
          {kinds.length > 0 ? 'Nothing of the kinds chosen; clear a filter to see more. ' : null}
          Mission Control records incidents while it runs and reads the VM’s history for the rest.
        </EmptyState>
      ) : (
        <ol className="incident-list" aria-label="Incidents">
          {data.value.incidents.map((i) => (
            <IncidentItem
              key={i.id}
              incident={i}
              label={labels.get(i.instanceId) ?? i.instanceId}
              now={now}
            />
          ))}
        </ol>
      )}
    </div>
  );
}
