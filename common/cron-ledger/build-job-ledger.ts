/**
 * Expected versus actual for one cron job over a window (issue 16 §1): every run the schedule called
 * for and what happened — ok, failed, delivery failed, "delivered" but undelivered in Hermes's own
 * delivery queue, missed (no run at all), still running, running past 10× its median, interrupted.
 *
 * Sources (all read by the exporter, none written): the job from cron/jobs.json, its attempts from
 * cron/executions.db (`executions`: claimed → running → completed|failed|unknown, cron/executions.py),
 * per-attempt delivery outcomes from cron/deliveries.db (`deliveries.status`, cron/delivery_queue.py),
 * and the outages the exporter itself observed (gateway down, ticker dead, no exporter run = VM off).
 * Pure: no clock, no I/O.
 */
import type { CronJobSignal, CronRun, CronRunOutcome } from '../contract/snapshot-signals.js';
import { fixedSlots, intervalGapSlots, type LedgerSchedule } from './expected-slots.js';

export const LEDGER_RUNS = 30;
/** A run this much later than its slot still counts as that slot's run (Hermes fires on a 60 s tick). */
const SLOT_EARLY_MS = 60_000;
const OVERRUN_FACTOR = 10;
const MIN_DURATION_SAMPLES = 3;

export interface LedgerExecution {
  id: string;
  status: string;
  claimedAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  /** executions.scheduled_instant (newer Hermes): the slot this attempt was for. */
  scheduledAt?: number | null;
  /** executions.delivery_outcome (newer Hermes), used when cron/deliveries.db has no row. */
  deliveryOutcome?: string | null;
}

export interface LedgerOutage {
  from: number;
  to: number;
  cause: 'gateway-down' | 'ticker-dead' | 'vm-off';
}

export interface LedgerJobInput {
  id: string;
  schedule: LedgerSchedule;
  enabled: boolean | null;
  state: string | null;
  createdAt: number | null;
  pausedAt: number | null;
  lastRunAt: number | null;
  nextRunAt: number | null;
  /** jobs.json `last_delivery_error` set: the latest run's delivery failed. */
  lastDeliveryFailed: boolean;
  failureLane: string[];
  failureDeliverSet: boolean;
  noAgent: boolean | null;
}

export interface LedgerContext {
  now: number;
  since: number;
  timezone: string | null;
  graceMs: number;
  /** Attempts of this job (any order). Null: executions.db unreadable or absent (older Hermes). */
  executions: LedgerExecution[] | null;
  /** Executions older than this were pruned by Hermes (it keeps 1000 terminal rows): no "missed" before it. */
  coverageSince: number;
  /** executions.id → deliveries.status (`delivered`, `failed`, `unknown`, `suppressed`, …). */
  deliveries: Map<string, string>;
  outages: LedgerOutage[];
  /** The builtin ticker cannot run now (gateway down or ticker stalled). */
  tickerDown: boolean;
}

function median(values: number[]): number | null {
  if (values.length < MIN_DURATION_SAMPLES) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function outcomeOf(
  exec: LedgerExecution,
  ctx: LedgerContext,
  medianMs: number | null,
  isLatest: boolean,
  job: LedgerJobInput,
): CronRunOutcome {
  if (exec.status === 'claimed' || exec.status === 'running') {
    const started = exec.startedAt ?? exec.claimedAt;
    return medianMs !== null && ctx.now - started > OVERRUN_FACTOR * Math.max(medianMs, 1000)
      ? 'overrun'
      : 'running';
  }
  if (exec.status === 'failed') return 'failed';
  if (exec.status === 'unknown') return 'unknown';
  const delivery = ctx.deliveries.get(exec.id) ?? normalizeOutcome(exec.deliveryOutcome ?? null);
  if (delivery === 'failed') return 'delivery-failed';
  if (isLatest && job.lastDeliveryFailed) return 'delivery-failed';
  // Hermes reports the run delivered (no last_delivery_error) while its queue never confirmed the send.
  if (delivery === 'unknown') return 'undelivered';
  return 'ok';
}

/** executions.delivery_outcome words → the deliveries.db statuses this module reasons about. */
function normalizeOutcome(outcome: string | null): string | undefined {
  if (outcome === null) return undefined;
  const o = outcome.toLowerCase();
  if (/fail|error|reject/.test(o)) return 'failed';
  if (/unknown|uncertain|unverified/.test(o)) return 'unknown';
  return o;
}

function causeAt(slot: number, outages: LedgerOutage[]): string | null {
  const hit = outages.find((o) => slot >= o.from - 60_000 && slot <= o.to + 60_000);
  return hit ? hit.cause : null;
}

function willNotFire(job: LedgerJobInput, ctx: LedgerContext): CronJobSignal['willNotFire'] {
  if (job.state === 'completed') return null;
  if (job.state === 'paused') return 'paused';
  if (job.enabled === false) return 'disabled';
  if (job.schedule.kind === 'once') {
    const at = job.schedule.runAt;
    if (job.lastRunAt === null && at !== null && at < ctx.now - ctx.graceMs && job.nextRunAt === null)
      return 'schedule-in-past';
  } else if ((job.schedule.kind === 'cron' || job.schedule.kind === 'interval') && job.nextRunAt === null) {
    return 'no-next-run';
  }
  return ctx.tickerDown ? 'no-ticker' : null;
}

/** The ledger of one job. `runs` is newest last and bounded; counts cover the whole window. */
export function buildJobLedger(job: LedgerJobInput, ctx: LedgerContext): CronJobSignal {
  const base = {
    id: job.id,
    failureLane: job.failureLane,
    failureDeliverSet: job.failureDeliverSet,
    failuresGoNowhere: job.failureLane.length > 0 && job.failureLane.every((p) => p === 'local'),
    noAgent: job.noAgent,
    willNotFire: willNotFire(job, ctx),
  };
  const execs = (ctx.executions ?? [])
    .filter((e) => e.claimedAt >= ctx.since - SLOT_EARLY_MS)
    .sort((a, b) => a.claimedAt - b.claimedAt);
  const durations = execs
    .filter((e) => e.status === 'completed' && e.finishedAt !== null)
    .map((e) => e.finishedAt! - (e.startedAt ?? e.claimedAt))
    .filter((d) => d >= 0);
  const medianMs = median(durations);

  const runs: CronRun[] = execs.map((e, i) => ({
    at: new Date(e.claimedAt).toISOString(),
    outcome: outcomeOf(e, ctx, medianMs, i === execs.length - 1, job),
    durationSeconds:
      e.finishedAt !== null ? Math.max(0, (e.finishedAt - (e.startedAt ?? e.claimedAt)) / 1000) : null,
    cause: null,
  }));

  // Missed slots: only while the job existed, was not paused, and the attempt ledger covers the time.
  let expected: number | null = null;
  const from = Math.max(ctx.since, job.createdAt ?? ctx.since, ctx.coverageSince);
  const until = job.pausedAt !== null && job.state === 'paused' ? Math.min(ctx.now, job.pausedAt) : ctx.now;
  const dueBefore = until - ctx.graceMs;
  let missedSlots: number[] = [];
  if (ctx.executions !== null && job.enabled !== false) {
    if (job.schedule.kind === 'interval' && job.schedule.minutes) {
      const anchors = [...(job.createdAt !== null ? [job.createdAt] : []), ...execs.map((e) => e.claimedAt)];
      missedSlots = intervalGapSlots(job.schedule.minutes, anchors, from, until, ctx.graceMs);
      expected = execs.length + missedSlots.length;
    } else {
      const fixed = fixedSlots(job.schedule, from, dueBefore, ctx.timezone);
      if (fixed.ok) {
        expected = fixed.slots.length;
        fixed.slots.forEach((slot, i) => {
          const end = fixed.slots[i + 1] ?? Number.POSITIVE_INFINITY;
          const ran = execs.some((e) =>
            e.scheduledAt !== undefined && e.scheduledAt !== null
              ? Math.abs(e.scheduledAt - slot) <= SLOT_EARLY_MS
              : e.claimedAt >= slot - SLOT_EARLY_MS && e.claimedAt < end,
          );
          if (!ran) missedSlots.push(slot);
        });
      }
    }
  }
  for (const slot of missedSlots) {
    runs.push({
      at: new Date(slot).toISOString(),
      outcome: 'missed',
      durationSeconds: null,
      cause: causeAt(slot, ctx.outages),
    });
  }
  runs.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));

  let consecutiveFailures = 0;
  for (let i = runs.length - 1; i >= 0; i--) {
    const o = runs[i]!.outcome;
    if (o === 'missed' || o === 'running') continue;
    if (o === 'failed' || o === 'unknown') consecutiveFailures++;
    else break;
  }
  let missedBeforeLatest = 0;
  const latestRan = runs.map((r) => r.outcome !== 'missed').lastIndexOf(true);
  for (let i = latestRan - 1; i >= 0 && runs[i]!.outcome === 'missed'; i--) missedBeforeLatest++;

  return {
    ...base,
    expected7d: expected,
    runs: runs.slice(-LEDGER_RUNS),
    missed7d: missedSlots.length,
    failed7d: runs.filter((r) => r.outcome === 'failed' || r.outcome === 'unknown').length,
    consecutiveFailures,
    medianDurationSeconds: medianMs === null ? null : Math.round(medianMs / 100) / 10,
    missedBeforeLatest: latestRan === -1 ? 0 : missedBeforeLatest,
  };
}
