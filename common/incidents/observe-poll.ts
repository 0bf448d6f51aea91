/**
 * The app's own observations at each poll → incident events. Pure: f(previous observer state, what this
 * poll saw, now) → events + next state. A warning that appears begins an incident; one that is gone ends
 * it; an escalation is a new begin on the same key (the timeline keeps the worst). The data state
 * (live → stale → unreachable) is a chain of periods: each non-live state begins one, any change ends it.
 *
 * Deliberately not events: an instance never checked yet (`unknown`), and warnings whose status is
 * `unknown` (stale data: the check cannot be evaluated, so it neither began nor ended).
 * The state is persisted, so a warning that cleared while the app was closed ends at the first poll after.
 */
import type { InstanceStatus } from '../model/instance-status.js';
import type { Severity, Warning } from '../model/warning.js';
import type { IncidentEvent } from './incident-types.js';

export interface PollObserverInstance {
  /** The data state last recorded (null: never observed). */
  dataState: InstanceStatus['state'] | null;
  /** Open warning incidents: warning id → what its begin said. */
  openWarnings: Record<string, { severity: Severity; title: string }>;
}

export type PollObserverState = Record<string, PollObserverInstance>;

const DATA_TITLES: Record<Exclude<InstanceStatus['state'], 'live' | 'unknown'>, string> = {
  stale: 'Data stale (exporter not writing)',
  unreachable: 'Unreachable',
  incompatible: 'Snapshot from a newer exporter',
  invalid: 'Invalid snapshot',
};

const RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

/** Events for one poll of the whole fleet. */
export function observePoll(
  previous: PollObserverState,
  instances: readonly Pick<InstanceStatus, 'id' | 'state' | 'reason'>[],
  warnings: readonly Warning[],
  now: Date,
): { events: IncidentEvent[]; state: PollObserverState } {
  const t = now.toISOString();
  const events: IncidentEvent[] = [];
  const state: PollObserverState = structuredClone(previous);
  for (const inst of instances) {
    if (inst.state === 'unknown') continue;
    const prev = state[inst.id] ?? { dataState: null, openWarnings: {} };
    const base = { t, instanceId: inst.id, source: 'app' as const };

    if (prev.dataState !== inst.state) {
      if (prev.dataState !== null && prev.dataState !== 'live')
        events.push({
          ...base,
          kind: 'data',
          key: 'data-state',
          phase: 'end',
          severity: 'warning',
          title: DATA_TITLES[prev.dataState as keyof typeof DATA_TITLES] ?? prev.dataState,
        });
      if (inst.state !== 'live')
        events.push({
          ...base,
          kind: 'data',
          key: 'data-state',
          phase: 'begin',
          severity: inst.state === 'unreachable' ? 'critical' : 'warning',
          title: `${DATA_TITLES[inst.state]}${inst.reason ? ` (${inst.reason.code})` : ''}`,
          details: [
            ...(prev.dataState ? [`was ${prev.dataState}`] : []),
            ...(inst.reason ? [inst.reason.message] : []),
          ],
        });
      prev.dataState = inst.state;
    }

    const mine = warnings.filter((w) => w.instanceId === inst.id && w.severity !== 'info');
    const seen = new Set<string>();
    for (const w of mine) {
      seen.add(w.id);
      if (w.status === 'unknown') continue;
      const open = prev.openWarnings[w.id];
      if (open && RANK[w.severity] <= RANK[open.severity]) continue;
      events.push({
        ...base,
        kind: 'warning',
        key: w.id,
        phase: 'begin',
        severity: w.severity,
        title: w.title,
        details: w.facts.slice(0, 3),
      });
      prev.openWarnings[w.id] = { severity: w.severity, title: w.title };
    }
    for (const [id, open] of Object.entries(prev.openWarnings)) {
      if (seen.has(id)) continue;
      events.push({
        ...base,
        kind: 'warning',
        key: id,
        phase: 'end',
        severity: open.severity,
        title: open.title,
      });
      delete prev.openWarnings[id];
    }
    state[inst.id] = prev;
  }
  return { events, state };
}
