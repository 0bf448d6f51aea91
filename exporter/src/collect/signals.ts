/**
 * Assembles `snapshot.signals` (common/contract/snapshot-signals.ts): the delivery ledger, cron ticker
 * error and durability files, the per-job cron ledger, and gateway lifecycle + classified restarts.
 *
 * The exporter's own state.json carries what one run cannot see alone (bounded, 8 days): when the
 * gateway was last seen up and as which process, the boot id, and the outages it observed (gateway
 * down, ticker dead, or no exporter run at all = the VM was off or suspended). That is how a restart
 * no poll saw down is still caught, and how a missed cron run gets its cause.
 *
 * No subprocess in steady state: files, /proc and the run's one batched SQLite read. Only a run that
 * observes a new restart reads the kernel journal, once (kernel-journal.ts), for a kernel OOM kill.
 */
import type {
  CronJobSignal,
  GatewayLifecycle,
  GatewayRestart,
  Signals,
} from '../../../common/contract/snapshot-signals.js';
import type { CronInfo, GatewayInfo, HermesInfo } from '../../../common/contract/snapshot.js';
import {
  buildJobLedger,
  type LedgerExecution,
  type LedgerJobInput,
  type LedgerOutage,
} from '../../../common/cron-ledger/build-job-ledger.js';
import {
  mergeRestarts,
  observedRestart,
  restartsFromExitDiag,
  restartStorm,
  type GatewayObservation,
} from '../../../common/forensics/classify-restarts.js';
import { withKernelOom } from '../../../common/forensics/kernel-oom.js';
import type { CollectContext } from './context.js';
import { readKernelOom } from './kernel-journal.js';
import { deliverPlatforms, readJobs } from './cron.js';
import {
  CRON_DELIVERIES_DB_KEY,
  CRON_RUNS_DB_KEY,
  cronDeliveriesDbRequest,
  cronRunsDbRequest,
  interpretCronDeliveries,
  interpretCronRuns,
} from './cron-executions.js';
import { readJobsFiles, readTickerLastError } from './cron-ticker.js';
import {
  DELIVERY_LEDGER_DB_KEY,
  deliveryLedgerDbRequest,
  interpretDeliveryLedger,
} from './delivery-ledger.js';
import {
  readBootId,
  readLifecycleFiles,
  readProcessLife,
  restartPendingOf,
  summarizeExitDiag,
  type Sentinel,
} from './gateway-lifecycle.js';
import { isRecord } from '../lib/read-text.js';
import { safeLabel } from '../lib/redact.js';
import { parseTime } from '../lib/time.js';
import type { DbRequest, SqliteReadResult } from './sqlite/sqlite-request.js';

const WEEK_MS = 7 * 86400_000;
const KEEP_MS = 8 * 86400_000;
/** Hermes's `hermes cron status` calls a ticker heartbeat older than 200 s stalled (3×60+20). */
const TICKER_DEAD_SECONDS = 200;
export const STORM_RESTARTS = 5;
export const STORM_WINDOW_MINUTES = 10;
/** Recorded only on a run that read the kernel journal. */
export const KERNEL_JOURNAL_PROBE = 'signals.kernel-journal';

/** What signals keeps in the exporter's state.json between runs. */
export interface SignalsState {
  lastRunAt: number | null;
  lastUp: GatewayObservation | null;
  prev: GatewayObservation | null;
  observedRestarts: GatewayRestart[];
  outages: LedgerOutage[];
}

export const EMPTY_SIGNALS: Signals = {
  deliveryLedger: null,
  tickerLastError: null,
  jobsFiles: null,
  cronJobs: null,
  cronLedgerSince: null,
  gatewayLifecycle: null,
};

/** The extra reads for the run's batched SQLite read (no extra subprocess). */
export function signalsDbRequests(hermesHome: string, nowEpoch: number): DbRequest[] {
  const since = nowEpoch - WEEK_MS / 1000;
  return [
    deliveryLedgerDbRequest(hermesHome),
    cronRunsDbRequest(hermesHome, since),
    cronDeliveriesDbRequest(hermesHome, since),
  ];
}

export function loadSignalsState(raw: unknown): SignalsState {
  const s = isRecord(raw) ? raw : {};
  const arr = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);
  const obs = (v: unknown): GatewayObservation | null =>
    isRecord(v) && typeof v.at === 'number' ? (v as unknown as GatewayObservation) : null;
  return {
    lastRunAt: typeof s.lastRunAt === 'number' ? s.lastRunAt : null,
    lastUp: obs(s.lastUp),
    prev: obs(s.prev),
    observedRestarts: arr<GatewayRestart>(s.observedRestarts).filter((r) => typeof r?.at === 'string'),
    outages: arr<LedgerOutage>(s.outages).filter((o) => typeof o?.from === 'number'),
  };
}

/** Extends the newest outage of `cause` when it reaches the previous run, else opens one. */
export function recordOutage(
  outages: LedgerOutage[],
  cause: LedgerOutage['cause'],
  from: number,
  to: number,
): void {
  const last = [...outages].reverse().find((o) => o.cause === cause);
  if (last && last.to >= from - 1000) last.to = Math.max(last.to, to);
  else outages.push({ from, to, cause });
}

function toSchedule(raw: Record<string, unknown>): LedgerJobInput['schedule'] {
  const s = isRecord(raw.schedule) ? raw.schedule : {};
  const kind = s.kind === 'cron' || s.kind === 'interval' || s.kind === 'once' ? s.kind : null;
  const minutes = Number(s.minutes);
  return {
    kind,
    expr: typeof s.expr === 'string' ? s.expr : null,
    minutes: Number.isFinite(minutes) && minutes > 0 ? minutes : null,
    runAt: parseTime(s.run_at)?.getTime() ?? null,
  };
}

function ms(value: unknown): number | null {
  return parseTime(value)?.getTime() ?? null;
}

/** jobs.json job → ledger input (allowlisted fields only). */
export function ledgerJobOf(raw: unknown, index: number): LedgerJobInput | null {
  if (!isRecord(raw)) return null;
  const failureDeliver = raw.failure_deliver;
  const failureSet =
    failureDeliver !== undefined && failureDeliver !== null && String(failureDeliver).trim() !== '';
  // cron/scheduler.py `_delivery_lane_value(for_failure=True)`: failure_deliver when set, else deliver ("local").
  const lane = deliverPlatforms(failureSet ? failureDeliver : (raw.deliver ?? 'local'));
  return {
    id: safeLabel(String(raw.id ?? ''), 64) || `#${index}`,
    schedule: toSchedule(raw),
    enabled: typeof raw.enabled === 'boolean' ? raw.enabled : null,
    state: safeLabel(raw.state, 32),
    createdAt: ms(raw.created_at),
    pausedAt: ms(raw.paused_at),
    lastRunAt: ms(raw.last_run_at),
    nextRunAt: ms(raw.next_run_at),
    lastDeliveryFailed: typeof raw.last_delivery_error === 'string' && raw.last_delivery_error.trim() !== '',
    failureLane: lane.length ? lane : ['local'],
    failureDeliverSet: failureSet,
    noAgent: typeof raw.no_agent === 'boolean' ? raw.no_agent : null,
  };
}

export interface SignalsInputs {
  sqlite: SqliteReadResult | null;
  cron: CronInfo;
  gateway: GatewayInfo;
  hermes: HermesInfo;
  timezone: string | null;
}

export interface SignalsOutcome {
  signals: Signals;
  /** Probe problems by probe name (null = fine). */
  problems: Record<string, string | null>;
}

export async function collectSignals(ctx: CollectContext, inputs: SignalsInputs): Promise<SignalsOutcome> {
  const now = ctx.now.getTime();
  const home = ctx.hermesHome;
  const problems: Record<string, string | null> = {};
  const state = loadSignalsState(ctx.state.signals);
  const builtin = inputs.cron.provider === null || inputs.cron.provider === 'builtin';

  // Outages the exporter observes (causes for missed runs).
  const intervalMs = ctx.config.intervalSeconds * 1000;
  if (state.lastRunAt !== null && now - state.lastRunAt > 3 * intervalMs)
    recordOutage(state.outages, 'vm-off', state.lastRunAt, now);
  const from = state.lastRunAt ?? now;
  if (builtin && inputs.gateway.running === false) recordOutage(state.outages, 'gateway-down', from, now);
  const tickerAge = inputs.cron.tickerHeartbeatAgeSeconds;
  const tickerDead =
    builtin && inputs.gateway.running === true && tickerAge !== null && tickerAge > TICKER_DEAD_SECONDS;
  if (tickerDead) recordOutage(state.outages, 'ticker-dead', from, now);
  state.outages = state.outages.filter((o) => o.to >= now - KEEP_MS).slice(-200);

  const [tickerLastError, jobsFiles, jobsRead, files, bootId] = await Promise.all([
    readTickerLastError(home, ctx.now).catch((e: Error) => ((problems['signals.cron'] = e.message), null)),
    readJobsFiles(home).catch((e: Error) => ((problems['signals.cron'] = e.message), null)),
    readJobs(home).catch((e: Error): Awaited<ReturnType<typeof readJobs>> => ({
      status: 'invalid',
      error: e.message.slice(0, 200),
    })),
    readLifecycleFiles(home).catch((e: Error) => ((problems['signals.gateway'] = e.message), null)),
    readBootId(ctx.procRoot),
  ]);

  // Delivery ledger (state.db).
  const deliveryLedger = inputs.sqlite
    ? interpretDeliveryLedger(inputs.sqlite[DELIVERY_LEDGER_DB_KEY])
    : null;
  problems['signals.delivery'] = deliveryLedger === null ? 'state.db delivery_obligations not read' : null;

  // Cron ledger.
  const since = now - WEEK_MS;
  const runs = interpretCronRuns(inputs.sqlite?.[CRON_RUNS_DB_KEY]);
  const deliveries = interpretCronDeliveries(inputs.sqlite?.[CRON_DELIVERIES_DB_KEY]);
  if (runs.problem) problems['signals.cron'] = runs.problem;
  const tickerDown = builtin && (inputs.gateway.running === false || tickerDead);
  let cronJobs: CronJobSignal[] | null = null;
  if (jobsRead.status !== 'invalid') {
    const raws = jobsRead.status === 'ok' ? jobsRead.jobs : [];
    cronJobs = raws
      .flatMap((raw, i) => ledgerJobOf(raw, i) ?? [])
      .slice(0, 500)
      .map((job) =>
        buildJobLedger(job, {
          now,
          since,
          timezone: inputs.timezone,
          graceMs: ctx.config.cron.overdueGraceSeconds * 1000,
          executions: runs.byJob === null ? null : (runs.byJob.get(job.id) ?? ([] as LedgerExecution[])),
          coverageSince: runs.coverageSince,
          deliveries,
          outages: state.outages,
          tickerDown,
        }),
      );
  }

  // Gateway lifecycle and restarts.
  const live = inputs.gateway.running === true && inputs.gateway.pid !== null;
  const life = live ? await readProcessLife(ctx.procRoot, inputs.gateway.pid!) : null;
  const sentinel = files?.sentinel ?? null;
  const sentinelStart =
    sentinel && sentinel.phase === 'running' && sentinel.pid === inputs.gateway.pid && sentinel.startedAt
      ? Date.parse(sentinel.startedAt)
      : null;
  const cur: GatewayObservation = {
    at: now,
    bootId,
    running: inputs.gateway.running,
    identity: life?.identity ?? null,
    lifeStartedAt: sentinelStart ?? life?.startedAt ?? null,
  };
  const seen = observedRestart(state.lastUp, state.prev, cur, {
    sentinelPriorUnclean: sentinel?.priorUncleanExit ?? false,
    sentinelPriorOom: sentinel?.priorSuspectedOom ?? false,
    unitResult: null,
    unitExitStatus: null,
    faulthandlerAt: files?.faulthandlerAt ?? null,
  });
  if (seen) state.observedRestarts.push(await withKernelJournal(ctx, seen, state.lastUp!, problems));
  state.observedRestarts = state.observedRestarts.filter((r) => Date.parse(r.at) >= now - KEEP_MS).slice(-50);
  if (cur.running === true && cur.identity !== null) state.lastUp = cur;
  if (cur.running !== null) state.prev = cur;
  state.lastRunAt = now;

  const merged = mergeRestarts(restartsFromExitDiag(files?.diagEvents ?? []), state.observedRestarts)
    .filter((r) => Date.parse(r.at) >= since)
    .map((r) => withDownTime(r, state.outages, intervalMs));
  const starts = [...(files?.startTimes ?? []), ...merged.map((r) => Date.parse(r.at))];
  const gatewayLifecycle = files
    ? {
        sentinel: sentinel ? publicSentinel(sentinel) : null,
        exitDiag: files.diagEvents === null ? null : summarizeExitDiag(files.diagEvents, now),
        faulthandlerAt: files.faulthandlerAt === null ? null : new Date(files.faulthandlerAt).toISOString(),
        codeSha: files.codeSha,
        codeVersion: files.codeVersion,
        restartPending: restartPendingOf(
          files.codeSha,
          files.codeVersion,
          inputs.hermes.gitHead,
          inputs.hermes.version,
        ),
        bootId,
        restarts: merged.slice(-30),
        storm: restartStorm(dedupeTimes(starts), now, STORM_RESTARTS, STORM_WINDOW_MINUTES),
      }
    : null;

  ctx.state.signals = state;
  return {
    signals: {
      deliveryLedger,
      tickerLastError: tickerLastError ?? null,
      jobsFiles: jobsFiles ?? null,
      cronJobs,
      cronLedgerSince: new Date(since).toISOString(),
      gatewayLifecycle,
    },
    problems: { 'signals.cron': null, 'signals.gateway': null, ...problems },
  };
}

/**
 * The kernel journal's word on a restart the exporter just observed (not a reboot: `-k` shows this
 * boot only). The window runs from the old life's last sighting to the new life's start.
 */
async function withKernelJournal(
  ctx: CollectContext,
  seen: GatewayRestart,
  lastUp: GatewayObservation,
  problems: Record<string, string | null>,
): Promise<GatewayRestart> {
  const pid = Number(lastUp.identity?.split(':')[0]);
  if (seen.class === 'reboot' || !Number.isInteger(pid) || pid <= 0) return seen;
  const finding = await readKernelOom(ctx, pid, lastUp.at, Date.parse(seen.at));
  problems[KERNEL_JOURNAL_PROBE] = finding.note;
  return withKernelOom(seen, finding);
}

/** A restart the exporter saw down gets its down time from the observed gateway-down outage. */
function withDownTime(r: GatewayRestart, outages: LedgerOutage[], intervalMs: number): GatewayRestart {
  if (r.seenDown) return r;
  const at = Date.parse(r.at);
  const down = outages.find(
    (o) => o.cause === 'gateway-down' && at >= o.from - 120_000 && at <= o.to + 2 * intervalMs,
  );
  return down ? { ...r, seenDown: true, downSeconds: Math.round(Math.max(0, at - down.from) / 1000) } : r;
}

/** The sentinel without its pid (the live pid is already in `gateway.pid`). */
function publicSentinel(s: Sentinel): NonNullable<GatewayLifecycle['sentinel']> {
  const { pid: _pid, ...rest } = s;
  return rest;
}

function dedupeTimes(times: number[]): number[] {
  const out: number[] = [];
  for (const t of [...times].sort((a, b) => a - b))
    if (!out.length || t - out[out.length - 1]! > 5000) out.push(t);
  return out;
}
