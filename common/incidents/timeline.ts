/**
 * Recorded incident events → the timeline a person reads: each begin paired with its end (same instance
 * and key), durations, newest first, filtered by instance, kind and a time window. Pure.
 *
 * - A begin while the same key is open only raises the incident's severity and title (an escalation).
 * - An end with no open begin (its begin aged out) is dropped: an incident with no known start would
 *   claim a duration nobody measured.
 * - An incident overlaps the window if it ended after `since` or is still going.
 */
import type { Severity } from '../model/warning.js';
import type { Incident, IncidentEvent, IncidentKind } from './incident-types.js';

export interface TimelineQuery {
  now: Date;
  /** Only incidents still going or ended at/after this time. */
  since?: Date | null;
  instanceIds?: readonly string[] | null;
  kinds?: readonly IncidentKind[] | null;
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

export function buildTimeline(events: readonly IncidentEvent[], query: TimelineQuery): Incident[] {
  const nowMs = query.now.getTime();
  const sinceMs = query.since ? query.since.getTime() : -Infinity;
  const instances = query.instanceIds?.length ? new Set(query.instanceIds) : null;
  const kinds = query.kinds?.length ? new Set(query.kinds) : null;
  const sorted = events
    .filter((e) => (!instances || instances.has(e.instanceId)) && (!kinds || kinds.has(e.kind)))
    .map((e, i) => ({ e, i, ms: Date.parse(e.t) }))
    .filter((x) => Number.isFinite(x.ms))
    .sort((a, b) => a.ms - b.ms || a.i - b.i);

  const open = new Map<string, Incident>();
  const out: Incident[] = [];
  const make = (e: IncidentEvent): Incident => ({
    id: `${e.instanceId}:${e.key}:${e.t}`,
    instanceId: e.instanceId,
    kind: e.kind,
    severity: e.severity,
    title: e.title,
    details: e.details ?? [],
    startedAt: e.t,
    endedAt: null,
    ongoing: true,
    durationSeconds: 0,
    source: e.source,
    restartClass: e.restartClass ?? null,
  });
  for (const { e, ms } of sorted) {
    const k = `${e.instanceId}\u0000${e.key}`;
    if (e.phase === 'point') {
      out.push({ ...make(e), endedAt: e.t, ongoing: false });
      continue;
    }
    const current = open.get(k);
    if (e.phase === 'begin') {
      if (!current) {
        const inc = make(e);
        open.set(k, inc);
        out.push(inc);
      } else if (RANK[e.severity] > RANK[current.severity]) {
        current.severity = e.severity;
        current.title = e.title;
        if (e.details?.length) current.details = e.details;
      }
      continue;
    }
    if (!current) continue;
    current.endedAt = e.t;
    current.ongoing = false;
    current.durationSeconds = Math.max(0, Math.round((ms - Date.parse(current.startedAt)) / 1000));
    if (e.details?.length) current.details = [...current.details, ...e.details];
    open.delete(k);
  }
  for (const inc of open.values())
    inc.durationSeconds = Math.max(0, Math.round((nowMs - Date.parse(inc.startedAt)) / 1000));
  return out
    .filter((inc) => inc.ongoing || Date.parse(inc.endedAt!) >= sinceMs)
    .sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt) || a.id.localeCompare(b.id));
}

/** "7d", "24h", "90m", "2w" → seconds; null when it does not parse. */
export function parseSpan(text: string): number | null {
  const m = /^(\d{1,5})\s*(m|min|h|d|w)$/i.exec(text.trim());
  if (!m) return null;
  const n = Number(m[1]);
  const unit = m[2]!.toLowerCase();
  const mult = unit === 'w' ? 604800 : unit === 'd' ? 86400 : unit === 'h' ? 3600 : 60;
  return n > 0 ? n * mult : null;
}
