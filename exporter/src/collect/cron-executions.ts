/**
 * The cron ledger's inputs from Hermes's SQLite stores, read in the run's one batched SQLite read:
 * - cron/executions.db `executions` (cron/executions.py `_initialize_schema`, `create_execution`,
 *   `finish_execution`, `recover_interrupted_executions`): every attempt of the last 7 days, without
 *   the `error` column; plus how far back the ledger reaches (Hermes prunes to 1000 terminal rows,
 *   `_prune_unlocked`).
 * - cron/deliveries.db `deliveries` + `delivery_tombstones` (cron/delivery_queue.py): each attempt's
 *   delivery outcome by execution id (`delivered`, `failed`, `unknown` = gateway died mid-send, …).
 * Newer executions rows carry `scheduled_instant` (the slot the attempt was for) and `delivery_outcome`;
 * both are used when present.
 * Timestamps are ISO text with an offset (older rows may be epoch numbers): normalised in SQL.
 */
import { join } from 'node:path';
import type { LedgerExecution } from '../../../common/cron-ledger/build-job-ledger.js';
import { rowsOf, type DbRequest, type DbResult } from './sqlite/sqlite-request.js';

export const CRON_RUNS_DB_KEY = 'cronRuns';
export const CRON_DELIVERIES_DB_KEY = 'cronDeliveries';
/** Hermes keeps 1000 terminal rows; 5000 bounds a week of every-2-minute jobs with room to spare. */
const MAX_ROWS = 5000;
const TERMINAL_KEPT = 1000;

function epochOf(column: string): string {
  return `CASE WHEN typeof(${column}) IN ('integer','real') THEN ${column} WHEN ${column} IS NULL THEN NULL ELSE (julianday(${column}) - 2440587.5) * 86400.0 END`;
}

export function cronRunsDbRequest(hermesHome: string, sinceEpoch: number): DbRequest {
  return {
    key: CRON_RUNS_DB_KEY,
    path: join(hermesHome, 'cron', 'executions.db'),
    queries: [
      {
        name: 'runs',
        requires: ['executions.id', 'executions.job_id', 'executions.status', 'executions.claimed_at'],
        sql:
          `SELECT id, job_id, status, ${epochOf('claimed_at')} AS claimed, ` +
          `${epochOf('{{executions.started_at|NULL}}')} AS started, ${epochOf('{{executions.finished_at|NULL}}')} AS finished, ` +
          `${epochOf('{{executions.scheduled_instant|NULL}}')} AS scheduled, {{executions.delivery_outcome|NULL}} AS delivery_outcome ` +
          `FROM executions WHERE ${epochOf('claimed_at')} >= ? ORDER BY claimed DESC LIMIT ${MAX_ROWS}`,
        params: [sinceEpoch],
      },
      {
        name: 'coverage',
        requires: ['executions.status', 'executions.claimed_at'],
        sql: `SELECT COUNT(*) AS n, MIN(${epochOf('claimed_at')}) AS oldest FROM executions WHERE status IN ('completed','failed','unknown')`,
      },
    ],
  };
}

export function cronDeliveriesDbRequest(hermesHome: string, sinceEpoch: number): DbRequest {
  return {
    key: CRON_DELIVERIES_DB_KEY,
    path: join(hermesHome, 'cron', 'deliveries.db'),
    queries: [
      {
        name: 'deliveries',
        requires: ['deliveries.execution_id', 'deliveries.status', 'deliveries.created_at'],
        sql: `SELECT execution_id, status FROM deliveries WHERE ${epochOf('created_at')} >= ? LIMIT ${MAX_ROWS}`,
        params: [sinceEpoch],
      },
      {
        name: 'tombstones',
        requires: ['delivery_tombstones.execution_id', 'delivery_tombstones.terminal_status'],
        sql: `SELECT execution_id, terminal_status AS status FROM delivery_tombstones WHERE ${epochOf('{{delivery_tombstones.finished_at|NULL}}')} >= ? LIMIT ${MAX_ROWS}`,
        params: [sinceEpoch],
      },
    ],
  };
}

export interface CronRunsRead {
  /** Attempts per job id; null when executions.db is unreadable or absent. */
  byJob: Map<string, LedgerExecution[]> | null;
  /** Epoch ms before which attempts may have been pruned (0 when nothing was pruned). */
  coverageSince: number;
  /** Why the ledger is partial, or null. */
  problem: string | null;
}

export function interpretCronRuns(db: DbResult | undefined): CronRunsRead {
  if (db === undefined) return { byJob: null, coverageSince: 0, problem: 'cron/executions.db not read' };
  if (!db.ok)
    return {
      byJob: null,
      coverageSince: 0,
      problem: db.code === 'absent' ? null : `cron/executions.db: ${db.error ?? 'unreadable'}`,
    };
  const rows = rowsOf(db.results.runs);
  if (rows === null)
    return { byJob: null, coverageSince: 0, problem: 'cron/executions.db: runs query failed' };
  const byJob = new Map<string, LedgerExecution[]>();
  for (const row of rows) {
    if (typeof row.claimed !== 'number' || typeof row.job_id !== 'string') continue;
    const list = byJob.get(row.job_id) ?? [];
    list.push({
      id: String(row.id ?? ''),
      status: String(row.status ?? ''),
      claimedAt: Math.round(row.claimed * 1000),
      startedAt: typeof row.started === 'number' ? Math.round(row.started * 1000) : null,
      finishedAt: typeof row.finished === 'number' ? Math.round(row.finished * 1000) : null,
      scheduledAt: typeof row.scheduled === 'number' ? Math.round(row.scheduled * 1000) : null,
      deliveryOutcome: typeof row.delivery_outcome === 'string' ? row.delivery_outcome.slice(0, 32) : null,
    });
    byJob.set(row.job_id, list);
  }
  const coverage = rowsOf(db.results.coverage)?.[0];
  const pruned = typeof coverage?.n === 'number' && coverage.n >= TERMINAL_KEPT;
  const coverageSince =
    pruned && typeof coverage?.oldest === 'number' ? Math.round(coverage.oldest * 1000) : 0;
  return { byJob, coverageSince, problem: null };
}

/** execution id → delivery status; empty when this Hermes has no delivery queue. */
export function interpretCronDeliveries(db: DbResult | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (db === undefined || !db.ok) return out;
  for (const name of ['tombstones', 'deliveries']) {
    for (const row of rowsOf(db.results[name]) ?? []) {
      if (typeof row.execution_id === 'string' && typeof row.status === 'string')
        out.set(row.execution_id, row.status);
    }
  }
  return out;
}
