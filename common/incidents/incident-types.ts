/**
 * The incident timeline's vocabulary (issue 16 §4). What the app records is a stream of
 * {@link IncidentEvent}s — a condition began, ended, or something happened once — per instance, from two
 * sources: the app's own observations at each poll (warnings, data state) and the exporter's history
 * samples (gateway down/restarts, missed cron runs, backup gaps), which the VM keeps while the laptop
 * sleeps. The timeline pairs begins with ends into {@link Incident}s with durations.
 * Runtime-neutral (ADR 0007); every string may come from the VM and is made inert where it is shown.
 */
import type { Severity } from '../model/warning.js';

/** What an incident is about: the filter chips of the pane and `--kind` of the CLI. */
export const INCIDENT_KINDS = [
  'warning',
  'data',
  'gateway',
  'restart',
  'cron',
  'backup',
  'maintenance',
] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

export const INCIDENT_KIND_LABELS: Record<IncidentKind, string> = {
  warning: 'Warnings',
  data: 'Data state',
  gateway: 'Gateway down',
  restart: 'Restarts',
  cron: 'Cron',
  backup: 'Backups',
  maintenance: 'Maintenance',
};

/**
 * One recorded moment. `begin`/`end` pair on (`instanceId`, `key`); `point` stands alone (a restart).
 * `t` is an ISO time: the laptop clock for the app's observations, the VM clock for history samples.
 */
export interface IncidentEvent {
  t: string;
  instanceId: string;
  kind: IncidentKind;
  /** Pairs a begin with its end, e.g. the warning id, `data-state`, `gateway-down`. */
  key: string;
  phase: 'begin' | 'end' | 'point';
  severity: Severity;
  title: string;
  /** Short facts shown under the title. */
  details?: string[];
  /** `app`: seen at a poll; `exporter`: read from the VM's history samples. */
  source: 'app' | 'exporter';
  /** A gateway restart's class (planned, crash, oom, storm…) when the snapshot says; null = not known. */
  restartClass?: string | null;
}

/** A begin paired with its end (or still going), or a single event. */
export interface Incident {
  /** Stable: `<instanceId>:<key>:<startedAt>`. */
  id: string;
  instanceId: string;
  kind: IncidentKind;
  severity: Severity;
  title: string;
  details: string[];
  startedAt: string;
  /** Null while it is still going (or for a single event, equal to startedAt). */
  endedAt: string | null;
  ongoing: boolean;
  /** Seconds from start to end, or to `now` while ongoing; 0 for a single event. */
  durationSeconds: number;
  source: 'app' | 'exporter';
  restartClass: string | null;
}
