/**
 * Cron (reference §3): jobs.json (BOM, bare-list and corrupt variants), ticker heartbeat files, and the
 * execution ledger counts (queried through the batched SQLite reader). Only allowlisted job fields are
 * exported: no prompt, no origin, no chat ids; errors redacted and truncated.
 */
import { join } from 'node:path';
import type { CronInfo, CronJob } from '../../../common/contract/snapshot.js';
import { isRecord, readTextOrNull, stripBom } from '../lib/read-text.js';
import { redactAndTruncate, safeLabel } from '../lib/redact.js';
import { ageSeconds, parseTime, toIso } from '../lib/time.js';
import { computeOverdue } from './cron-overdue.js';
import { rowsOf, type DbRequest, type DbResult } from './sqlite/sqlite-request.js';

export const EXECUTIONS_DB_KEY = 'executions';

export interface CronSettings {
  graceSeconds: number;
  backupJobPattern: string;
  watchdogJobPattern: string;
  /** Hermes's configured timezone (cron expressions are evaluated in it); null = the VM's local time. */
  timezone: string | null;
}

export type JobsRead =
  { status: 'ok'; jobs: unknown[] } | { status: 'absent' } | { status: 'invalid'; error: string };

/** Parses jobs.json text the way Hermes's load_jobs does: utf-8-sig, `{jobs: [...]}` or a bare list. */
export function parseJobsJson(text: string): JobsRead {
  let doc: unknown;
  try {
    doc = JSON.parse(stripBom(text));
  } catch {
    return { status: 'invalid', error: 'cron/jobs.json is not valid JSON' };
  }
  if (Array.isArray(doc)) return { status: 'ok', jobs: doc };
  if (isRecord(doc) && Array.isArray(doc.jobs)) return { status: 'ok', jobs: doc.jobs };
  if (isRecord(doc) && doc.jobs === undefined) return { status: 'ok', jobs: [] };
  return { status: 'invalid', error: 'cron/jobs.json has no jobs list' };
}

/** `deliver` → platform names only: `telegram:-100…:17,local` → [telegram, local]. */
export function deliverPlatforms(deliver: unknown): string[] {
  const parts = Array.isArray(deliver) ? deliver : typeof deliver === 'string' ? deliver.split(',') : [];
  const platforms = new Set<string>();
  for (const part of parts) {
    if (typeof part !== 'string') continue;
    const platform = part.trim().split(':')[0]!.trim().toLowerCase();
    if (/^[a-z][a-z0-9_-]{0,31}$/.test(platform)) platforms.add(platform);
  }
  return [...platforms];
}

function compilePattern(pattern: string): RegExp | null {
  try {
    return pattern.trim() === '' ? null : new RegExp(pattern, 'i');
  } catch {
    return null;
  }
}

function isoOf(value: unknown): string | null {
  return toIso(parseTime(value));
}

export function mapJob(raw: unknown, index: number, now: Date, settings: CronSettings): CronJob | null {
  if (!isRecord(raw)) return null;
  const name = typeof raw.name === 'string' ? raw.name.trim().slice(0, 120) || null : null;
  const schedule = isRecord(raw.schedule) ? raw.schedule : {};
  const display = raw.schedule_display ?? schedule.display ?? schedule.expr;
  const deliveryError = redactAndTruncate(raw.last_delivery_error);
  const backup = compilePattern(settings.backupJobPattern);
  const watchdog = compilePattern(settings.watchdogJobPattern);
  const role = name && backup?.test(name) ? 'backup' : name && watchdog?.test(name) ? 'watchdog' : null;
  const overdue = computeOverdue(raw, now, settings.graceSeconds, settings.timezone);
  return {
    id: safeLabel(String(raw.id ?? ''), 64) || `#${index}`,
    name: name === null ? null : (redactAndTruncate(name, 120) ?? null),
    enabled: typeof raw.enabled === 'boolean' ? raw.enabled : null,
    state: safeLabel(raw.state, 32),
    scheduleKind: safeLabel(schedule.kind, 32),
    scheduleDisplay: typeof display === 'string' ? redactAndTruncate(display, 80) : null,
    lastStatus: raw.last_status === 'ok' || raw.last_status === 'error' ? raw.last_status : null,
    lastError: redactAndTruncate(raw.last_error),
    deliveryFailed: deliveryError !== null,
    deliveryError,
    deliver: deliverPlatforms(raw.deliver),
    lastRunAt: isoOf(raw.last_run_at),
    nextRunAt: isoOf(raw.next_run_at),
    overdue: overdue.overdue,
    overdueSeconds: overdue.overdueSeconds,
    role,
  };
}

export async function readJobs(hermesHome: string): Promise<JobsRead> {
  const text = await readTextOrNull(join(hermesHome, 'cron', 'jobs.json'));
  return text === null ? { status: 'absent' } : parseJobsJson(text);
}

export async function readTicker(
  hermesHome: string,
  now: Date,
): Promise<
  Pick<
    CronInfo,
    'tickerHeartbeatAt' | 'tickerHeartbeatAgeSeconds' | 'tickerLastSuccessAt' | 'tickerLastSuccessAgeSeconds'
  >
> {
  const read = async (file: string) =>
    parseTime((await readTextOrNull(join(hermesHome, 'cron', file), 4096))?.trim() ?? null);
  const [heartbeat, success] = await Promise.all([read('ticker_heartbeat'), read('ticker_last_success')]);
  return {
    tickerHeartbeatAt: toIso(heartbeat),
    tickerHeartbeatAgeSeconds: ageSeconds(heartbeat, now),
    tickerLastSuccessAt: toIso(success),
    tickerLastSuccessAgeSeconds: ageSeconds(success, now),
  };
}

/**
 * claimed_at is ISO text with an offset (cron/executions.py); older rows may hold epoch numbers.
 * Both are normalised to epoch seconds in SQL.
 */
const CLAIMED_EPOCH =
  "CASE WHEN typeof(claimed_at) IN ('integer','real') THEN claimed_at ELSE (julianday(claimed_at) - 2440587.5) * 86400.0 END";

export function executionsDbRequest(hermesHome: string, nowEpoch: number): DbRequest {
  return {
    key: EXECUTIONS_DB_KEY,
    path: join(hermesHome, 'cron', 'executions.db'),
    queries: [
      {
        name: 'byStatus',
        requires: ['executions.status', 'executions.claimed_at'],
        sql: `SELECT status, COUNT(*) AS n FROM executions WHERE ${CLAIMED_EPOCH} >= ? GROUP BY status`,
        params: [nowEpoch - 86400],
      },
    ],
  };
}

/** Counts per status over 24 h; null when the ledger is unreadable. An absent ledger means no runs yet. */
export function interpretExecutions(db: DbResult | undefined): CronInfo['executions24h'] {
  if (db === undefined) return null;
  if (!db.ok) return db.code === 'absent' ? { completed: 0, failed: 0, unknown: 0, running: 0 } : null;
  const rows = rowsOf(db.results.byStatus);
  if (rows === null) return null;
  const counts = { completed: 0, failed: 0, unknown: 0, running: 0 };
  for (const row of rows) {
    const n = typeof row.n === 'number' ? row.n : 0;
    if (row.status === 'completed' || row.status === 'failed' || row.status === 'unknown')
      counts[row.status] += n;
    else if (row.status === 'running' || row.status === 'claimed') counts.running += n;
  }
  return counts;
}

export function mapJobs(read: JobsRead, now: Date, settings: CronSettings): CronJob[] | null {
  if (read.status === 'invalid') return null;
  // Hermes's load_jobs treats a missing jobs.json as "no jobs".
  if (read.status === 'absent') return [];
  return read.jobs.flatMap((raw, i) => mapJob(raw, i, now, settings) ?? []).slice(0, 500);
}
