/**
 * "Overdue" derived from a job's own schedule (reference §3, hermes-agent#5518): a job is overdue when
 * it is enabled, scheduled, and the moment it was due is more than `graceSeconds` in the past.
 *
 * When is a job due?
 * - `next_run_at` when Hermes has one (it recomputes it after every run).
 * - Otherwise (a recurring job whose next_run_at is null never fires again: #5518) from the schedule:
 *   cron → the first occurrence after the last run (or creation); interval → last run (or creation)
 *   + minutes; once → `run_at` if it never ran.
 */
import { Cron } from 'croner';
import { isRecord } from '../lib/read-text.js';
import { parseTime } from '../lib/time.js';

/** States in which a job is not expected to fire. */
const NOT_FIRING = new Set(['paused', 'completed', 'error', 'disabled']);

export interface OverdueResult {
  overdue: boolean;
  /** Seconds past the due moment when overdue (null when not overdue or when the due moment is unknown). */
  overdueSeconds: number | null;
}

/** The first occurrence of a 5-field cron expression strictly after `after`, or null if invalid. */
export function nextCronOccurrence(expr: string, after: Date, timezone: string | null): Date | null {
  try {
    const cron = new Cron(expr, { paused: true, ...(timezone ? { timezone } : {}) });
    return cron.nextRun(after);
  } catch {
    return null;
  }
}

/** The moment the job was due by its schedule when next_run_at is absent; undefined = cannot tell. */
function dueFromSchedule(job: Record<string, unknown>, timezone: string | null): Date | null | undefined {
  const schedule = isRecord(job.schedule) ? job.schedule : {};
  const kind = schedule.kind;
  const lastRun = parseTime(job.last_run_at);
  const anchor = lastRun ?? parseTime(job.created_at);
  if (kind === 'once') {
    if (lastRun !== null) return null; // it ran: nothing further is due
    return parseTime(schedule.run_at) ?? undefined;
  }
  if (kind === 'interval') {
    const minutes = Number(schedule.minutes);
    if (!Number.isFinite(minutes) || minutes <= 0 || anchor === null) return undefined;
    return new Date(anchor.getTime() + minutes * 60_000);
  }
  if (kind === 'cron') {
    const expr = typeof schedule.expr === 'string' ? schedule.expr : null;
    if (expr === null || anchor === null) return undefined;
    return nextCronOccurrence(expr, anchor, timezone) ?? undefined;
  }
  return undefined;
}

export function computeOverdue(
  job: Record<string, unknown>,
  now: Date,
  graceSeconds: number,
  timezone: string | null,
): OverdueResult {
  const notOverdue = { overdue: false, overdueSeconds: null };
  if (job.enabled === false) return notOverdue;
  if (typeof job.state === 'string' && NOT_FIRING.has(job.state)) return notOverdue;
  const next = parseTime(job.next_run_at);
  let due: Date | null | undefined = next;
  if (next === null) {
    due = dueFromSchedule(job, timezone);
    // A recurring job with no next run and no way to date it will never fire again: that is overdue.
    const kind = isRecord(job.schedule) ? job.schedule.kind : undefined;
    if (due === undefined)
      return kind === 'cron' || kind === 'interval' ? { overdue: true, overdueSeconds: null } : notOverdue;
    if (due === null) return notOverdue;
  }
  const late = (now.getTime() - due!.getTime()) / 1000;
  return late > graceSeconds ? { overdue: true, overdueSeconds: Math.round(late) } : notOverdue;
}
