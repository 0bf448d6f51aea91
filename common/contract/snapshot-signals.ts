/**
 * Signals newer Hermes writes (issue 13 §2) and what the exporter derives from them (issue 16 §1, §3):
 * the delivery ledger, cron ticker errors and durability files, per-job failure routing and run ledger,
 * the gateway lifecycle sentinel / exit-diag log, and classified gateway restarts.
 *
 * Contract rules (ADR 0002, docs/snapshot-contract.md): every field is additive — `snapshot.signals` is
 * optional, so snapshots from older exporters still parse — and `null` means unknown. Only counts,
 * platform names, times, exit codes and allowlisted labels: never chat ids, message text, argv,
 * tracebacks or unredacted error text.
 *
 * No node or electron imports: the renderer imports these types.
 */
import { z } from 'zod';

const isoTime = z.string().datetime({ offset: true });
const nullableIso = isoTime.nullable();
const count = z.number().int().nonnegative();
const nullableCount = count.nullable();

/** state.db `delivery_obligations` (gateway/delivery_ledger.py): final replies owed to a platform. */
export const deliveryLedgerSchema = z.object({
  /** False on Hermes builds without the ledger (or with `gateway.delivery_ledger` off): counts are null. */
  tablePresent: z.boolean(),
  /** Rows per state. `failed` is retried by Hermes; `abandoned` (attempts or 24 h exhausted) is lost. */
  pending: nullableCount,
  attempting: nullableCount,
  failed: nullableCount,
  abandoned: nullableCount,
  /** Per platform (`telegram`, …): undelivered rows only. */
  byPlatform: z.record(
    z.string(),
    z.object({ pending: count, attempting: count, failed: count, abandoned: count }),
  ),
  /** Oldest pending/attempting/failed row (created_at): how long a reply has been owed. */
  oldestOwedAt: nullableIso,
  lastFailedAt: nullableIso,
});
export type DeliveryLedger = z.infer<typeof deliveryLedgerSchema>;

/** cron/ticker_last_error (cron/jobs.py record_ticker_error): epoch line + message; removed on success. */
export const tickerLastErrorSchema = z.object({
  present: z.boolean(),
  at: nullableIso,
  ageSeconds: z.number().nullable(),
  /** Redacted, one line, truncated. */
  message: z.string().nullable(),
});

/** Cron durability files beside jobs.json (cron/jobs_store.py). */
export const jobsFilesSchema = z.object({
  lastGood: z.boolean(),
  lastGoodAt: nullableIso,
  /** `jobs.json.strict-durability` latch: the store refuses noncanonical reads. */
  strictDurability: z.boolean(),
  /** `jobs.json.corrupt-<sha256>` files: damaged stores Hermes preserved. */
  corruptCount: count,
  corruptLatestAt: nullableIso,
});

export const cronRunOutcomeSchema = z.enum([
  'ok',
  'failed',
  /** Ran, but delivery failed (jobs.json last_delivery_error for the latest run). */
  'delivery-failed',
  /** Hermes recorded the run as delivered, but the delivery ledger holds it as failed/abandoned. */
  'undelivered',
  /** Expected by the schedule, no run at all. */
  'missed',
  'running',
  /** Still running after 10× its median duration. */
  'overrun',
  /** Interrupted: executions.db `unknown` (the gateway died mid-run). */
  'unknown',
]);
export type CronRunOutcome = z.infer<typeof cronRunOutcomeSchema>;

/**
 * Enums here are read leniently: a value a newer exporter adds (a new outcome, reason or class) parses as
 * `unknown`/null in an older app instead of making the whole snapshot invalid (the contract is additive).
 */
const lenientOutcome = cronRunOutcomeSchema.catch('unknown');

export const cronRunSchema = z.object({
  /** The scheduled slot (missed) or when the run was claimed. */
  at: isoTime,
  outcome: lenientOutcome,
  durationSeconds: z.number().nonnegative().nullable(),
  /** For missed runs: what the exporter saw then (`gateway-down`, `ticker-dead`, `vm-off`, null). */
  cause: z.string().nullable(),
});
export type CronRun = z.infer<typeof cronRunSchema>;

export const cronWillNotFireSchema = z.enum([
  'paused',
  'disabled',
  /** The builtin ticker runs only inside the gateway: gateway down or ticker stalled. */
  'no-ticker',
  'schedule-in-past',
  'no-next-run',
]);

/** Per job: failure routing and the expected-vs-actual ledger of the last 7 days. */
export const cronJobSignalSchema = z.object({
  id: z.string(),
  /** Platforms of the failure lane: `failure_deliver` when set, else `deliver` (cron/scheduler.py _delivery_lane_value). */
  failureLane: z.array(z.string()),
  failureDeliverSet: z.boolean(),
  /** Every failure lane platform is `local`: failures are written to disk and reach nobody. */
  failuresGoNowhere: z.boolean(),
  noAgent: z.boolean().nullable(),
  /** Runs the schedule called for within the window (null: the schedule could not be evaluated). */
  expected7d: nullableCount,
  /** Newest last, at most 30. */
  runs: z.array(cronRunSchema).max(30),
  missed7d: count,
  failed7d: count,
  /** Failed runs since the last success, newest backwards. */
  consecutiveFailures: count,
  medianDurationSeconds: z.number().nullable(),
  /** Runs missed just before the latest run, when it followed a gap (what "recovered" reports). */
  missedBeforeLatest: count,
  willNotFire: cronWillNotFireSchema.nullable().catch(null),
});
export type CronJobSignal = z.infer<typeof cronJobSignalSchema>;

export const restartClassSchema = z.enum(['planned', 'crash', 'oom', 'reboot', 'unknown']);
export type RestartClass = z.infer<typeof restartClassSchema>;

export const gatewayRestartSchema = z.object({
  /** When the new gateway life started (or was first seen). */
  at: isoTime,
  class: restartClassSchema.catch('unknown'),
  exitCode: z.number().int().nullable(),
  /** Short allowlisted labels: `exit 75`, `unclean exit`, `suspected OOM`, `boot id changed`, … */
  evidence: z.array(z.string()).max(6),
  /** True when an exporter run saw the gateway down before it came back. */
  seenDown: z.boolean(),
  downSeconds: z.number().nonnegative().nullable(),
  /**
   * The kernel journal, read once when the exporter observed this restart: true = an OOM kill of the
   * old gateway pid, false = read and no such kill, null = not readable (the reason is in `evidence`).
   * Absent = not checked (restart known from the diag log only, a reboot, an older exporter).
   */
  kernelOom: z.boolean().nullable().optional(),
});
export type GatewayRestart = z.infer<typeof gatewayRestartSchema>;

export const gatewayLifecycleSchema = z.object({
  /** state/gateway.lifecycle.json (gateway/lifecycle_ledger.py); null when absent. */
  sentinel: z
    .object({
      phase: z.string().nullable(),
      startedAt: nullableIso,
      exitedAt: nullableIso,
      exitCode: z.number().int().nullable(),
      exitReason: z.string().nullable(),
      priorUncleanExit: z.boolean(),
      priorSuspectedOom: z.boolean(),
    })
    .nullable(),
  /** logs/gateway-exit-diag.log over 7 days (`nonzeroExits7d`: crash exits, not 0 or 75); null when absent. */
  exitDiag: z
    .object({
      starts7d: count,
      uncleanExits7d: count,
      suspectedOom7d: count,
      nonzeroExits7d: count,
      lastExitCode: z.number().int().nullable(),
      lastEventAt: nullableIso,
    })
    .nullable(),
  /** logs/gateway_faulthandler.log modification time when non-empty (a Python fatal error dump). */
  faulthandlerAt: nullableIso,
  /** gateway_state.json `code_sha` / `code_version`: what the running gateway loaded. */
  codeSha: z.string().nullable(),
  codeVersion: z.string().nullable(),
  /** Running code differs from the installed checkout: a restart is pending. Null when either is unknown. */
  restartPending: z.boolean().nullable(),
  /** /proc/sys/kernel/random/boot_id. */
  bootId: z.string().nullable(),
  /** Classified restarts within 7 days, newest last, at most 30. */
  restarts: z.array(gatewayRestartSchema).max(30),
  /** N restarts within M minutes at the latest restart (thresholds from the exporter config). */
  storm: z.object({ active: z.boolean(), count, windowMinutes: count }),
});
export type GatewayLifecycle = z.infer<typeof gatewayLifecycleSchema>;

export const signalsSchema = z.object({
  deliveryLedger: deliveryLedgerSchema.nullable(),
  tickerLastError: tickerLastErrorSchema.nullable(),
  jobsFiles: jobsFilesSchema.nullable(),
  /** Null when jobs.json is unreadable. */
  cronJobs: z.array(cronJobSignalSchema).max(500).nullable(),
  /** Start of the cron ledger window (7 days before generatedAt). */
  cronLedgerSince: nullableIso,
  gatewayLifecycle: gatewayLifecycleSchema.nullable(),
});
export type Signals = z.infer<typeof signalsSchema>;
