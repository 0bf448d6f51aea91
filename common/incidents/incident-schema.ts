/**
 * zod schemas for what the incident log keeps on disk and what crosses IPC, so a torn or foreign line is
 * skipped rather than trusted. Runtime-neutral.
 */
import { z } from 'zod';
import { INCIDENT_KINDS, type IncidentEvent } from './incident-types.js';

const severity = z.enum(['info', 'warning', 'critical']);

export const incidentEventSchema = z.object({
  t: z.string().min(1).max(64),
  instanceId: z.string().min(1).max(64),
  kind: z.enum(INCIDENT_KINDS),
  key: z.string().min(1).max(300),
  phase: z.enum(['begin', 'end', 'point']),
  severity,
  title: z.string().max(2000),
  details: z.array(z.string().max(2000)).max(10).optional(),
  source: z.enum(['app', 'exporter']),
  restartClass: z.string().max(64).nullable().optional(),
}) satisfies z.ZodType<IncidentEvent>;

/** `incidents:list` request: a window back from now, optional filters. */
export const incidentQuerySchema = z.object({
  sinceSeconds: z
    .number()
    .int()
    .min(60)
    .max(120 * 86400)
    .default(7 * 86400),
  instanceId: z.string().min(1).max(64).nullable().default(null),
  kinds: z.array(z.enum(INCIDENT_KINDS)).max(INCIDENT_KINDS.length).default([]),
});
export type IncidentQuery = z.input<typeof incidentQuerySchema>;
