/**
 * `incidents:list` and `hermes-mc incidents` answer from the same function: recorded events (plus the
 * demo's recent past in demo mode) → the timeline for the window and filters asked.
 */
import { incidentQuerySchema, type IncidentQuery } from '../../../common/incidents/incident-schema.js';
import type { IncidentEvent } from '../../../common/incidents/incident-types.js';
import { buildTimeline } from '../../../common/incidents/timeline.js';
import type { IncidentTimeline } from '../../../preload/ipc-contract.js';

export function incidentTimeline(
  events: readonly IncidentEvent[],
  query: IncidentQuery,
  now: Date,
): IncidentTimeline {
  const q = incidentQuerySchema.parse(query);
  return {
    generatedAt: now.toISOString(),
    sinceSeconds: q.sinceSeconds,
    incidents: buildTimeline(events, {
      now,
      since: new Date(now.getTime() - q.sinceSeconds * 1000),
      instanceIds: q.instanceId ? [q.instanceId] : null,
      kinds: q.kinds,
    }),
  };
}
