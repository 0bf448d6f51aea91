/**
 * When a cron job should have run, from its own schedule (cron/jobs.py `compute_next_run`: cron
 * expressions through croniter in Hermes's timezone, intervals from the last run, one-shots at run_at).
 * Pure and bounded: a schedule that fires more often than MAX_SLOTS times in the window is cut to its
 * newest MAX_SLOTS slots, and the caller is told where the window really starts.
 */
import { Cron } from 'croner';

/**
 * Hourly for 7 days is 168; denser schedules are cut to their newest MAX_SLOTS slots (and say so
 * through `since`): croner's nextRun costs up to ~0.3 ms with a time zone, and the exporter runs every
 * minute, so the window shrinks rather than the run growing.
 */
export const MAX_SLOTS = 240;

export interface LedgerSchedule {
  kind: 'cron' | 'interval' | 'once' | null;
  expr: string | null;
  minutes: number | null;
  runAt: number | null;
}

export interface SlotList {
  /** Epoch ms, oldest first. */
  slots: number[];
  /** The window actually covered (later than asked for when cut). */
  since: number;
  /** False when the schedule cannot be evaluated (unknown kind, bad expression). */
  ok: boolean;
}

/** Fixed slots of a cron expression or a one-shot in [since, until]. Intervals have none (see below). */
export function fixedSlots(
  schedule: LedgerSchedule,
  since: number,
  until: number,
  timezone: string | null,
): SlotList {
  if (schedule.kind === 'once') {
    const at = schedule.runAt;
    return { slots: at !== null && at >= since && at <= until ? [at] : [], since, ok: at !== null };
  }
  if (schedule.kind !== 'cron' || !schedule.expr) return { slots: [], since, ok: false };
  let cron: Cron;
  try {
    cron = new Cron(schedule.expr, { paused: true, ...(timezone ? { timezone } : {}) });
  } catch {
    return { slots: [], since, ok: false };
  }
  // A dense schedule starts late: the smallest gap between two occurrences near `until` bounds how far
  // back MAX_SLOTS slots can reach, so the loop never walks (and throws away) a week of minutes.
  let start = since;
  const probe = cron.nextRuns(3, new Date(Math.max(since, until - 86400_000)));
  if (probe.length === 3) {
    const gap = Math.min(
      probe[1]!.getTime() - probe[0]!.getTime(),
      probe[2]!.getTime() - probe[1]!.getTime(),
    );
    if (gap > 0 && (until - since) / gap > MAX_SLOTS) start = Math.max(since, until - MAX_SLOTS * gap);
  }
  const slots: number[] = [];
  // croner's nextRun is strictly after its argument: start one ms before the window.
  let cursor: Date | null = new Date(start - 1);
  while (cursor !== null && slots.length < 4 * MAX_SLOTS) {
    cursor = cron.nextRun(cursor);
    if (cursor === null || cursor.getTime() > until) break;
    slots.push(cursor.getTime());
  }
  const kept = slots.slice(-MAX_SLOTS);
  const cut = start > since || kept.length < slots.length;
  return { slots: kept, since: cut && kept.length ? kept[0]! : since, ok: true };
}

/**
 * Interval jobs are anchored on their previous run (Hermes: next = last_run + minutes), so "expected"
 * means "no gap longer than the interval": the slots a gap left empty, given the runs' start times.
 */
export function intervalGapSlots(
  minutes: number,
  runStarts: number[],
  since: number,
  until: number,
  graceMs: number,
): number[] {
  const step = minutes * 60_000;
  if (!(step > 0)) return [];
  const missed: number[] = [];
  const starts = [...runStarts].sort((a, b) => a - b);
  const anchors = [...starts, until + step + graceMs];
  let previous: number | null = null;
  for (const next of anchors) {
    if (previous !== null) {
      for (let slot = previous + step; slot + graceMs < next && slot <= until - graceMs; slot += step) {
        if (slot >= since) missed.push(slot);
        if (missed.length > MAX_SLOTS) missed.shift();
      }
    }
    previous = next <= until ? next : previous;
  }
  return missed;
}
