/**
 * The gateway's delivery-obligation ledger: state.db `delivery_obligations` (gateway/delivery_ledger.py,
 * `_initialize_schema`, `record_obligation` → pending, `mark_attempting` → attempting, `mark_failed` →
 * failed, `sweep_recoverable` → abandoned; delivered rows are pruned). A failed or abandoned row is a final
 * reply Hermes produced that the platform never accepted.
 *
 * Read through the run's one batched SQLite read (its own request on state.db, so the sessions query
 * stays untouched). Only platform, state, counts and times leave the VM: never chat_id, session_key,
 * content or last_error.
 */
import { join } from 'node:path';
import type { DeliveryLedger } from '../../../common/contract/snapshot-signals.js';
import { safeLabel } from '../lib/redact.js';
import { rowsOf, type DbRequest, type DbResult } from './sqlite/sqlite-request.js';

export const DELIVERY_LEDGER_DB_KEY = 'deliveryLedger';

const UNDELIVERED = ['pending', 'attempting', 'failed', 'abandoned'] as const;
type Undelivered = (typeof UNDELIVERED)[number];

export function deliveryLedgerDbRequest(hermesHome: string): DbRequest {
  return {
    key: DELIVERY_LEDGER_DB_KEY,
    path: join(hermesHome, 'state.db'),
    queries: [
      {
        name: 'byPlatformState',
        requires: ['delivery_obligations.state', 'delivery_obligations.platform'],
        sql:
          'SELECT platform, state, COUNT(*) AS n, MIN({{delivery_obligations.created_at|NULL}}) AS oldest, ' +
          'MAX({{delivery_obligations.updated_at|NULL}}) AS newest FROM delivery_obligations ' +
          "WHERE state IN ('pending','attempting','failed','abandoned') GROUP BY platform, state LIMIT 200",
      },
    ],
  };
}

function isoFromEpoch(value: unknown): string | null {
  return typeof value === 'number' && Number.isFinite(value) && value > 0
    ? new Date(value * 1000).toISOString()
    : null;
}

/**
 * Null when state.db could not be read (unknown); `tablePresent: false` when this Hermes has no ledger.
 */
export function interpretDeliveryLedger(db: DbResult | undefined): DeliveryLedger | null {
  if (db === undefined || !db.ok) return null;
  if (!db.tables.delivery_obligations) {
    return {
      tablePresent: false,
      pending: null,
      attempting: null,
      failed: null,
      abandoned: null,
      byPlatform: {},
      oldestOwedAt: null,
      lastFailedAt: null,
    };
  }
  const rows = rowsOf(db.results.byPlatformState);
  if (rows === null) return null;
  const totals: Record<Undelivered, number> = { pending: 0, attempting: 0, failed: 0, abandoned: 0 };
  const byPlatform: DeliveryLedger['byPlatform'] = {};
  let oldestOwed: number | null = null;
  let lastFailed: number | null = null;
  for (const row of rows) {
    const state = row.state as Undelivered;
    if (!UNDELIVERED.includes(state)) continue;
    const n = typeof row.n === 'number' ? row.n : 0;
    totals[state] += n;
    const platform = safeLabel(row.platform, 40) ?? 'other';
    byPlatform[platform] ??= { pending: 0, attempting: 0, failed: 0, abandoned: 0 };
    byPlatform[platform][state] += n;
    if (state !== 'abandoned' && typeof row.oldest === 'number')
      oldestOwed = oldestOwed === null ? row.oldest : Math.min(oldestOwed, row.oldest);
    if ((state === 'failed' || state === 'abandoned') && typeof row.newest === 'number')
      lastFailed = lastFailed === null ? row.newest : Math.max(lastFailed, row.newest);
  }
  return {
    tablePresent: true,
    ...totals,
    byPlatform,
    oldestOwedAt: isoFromEpoch(oldestOwed),
    lastFailedAt: isoFromEpoch(lastFailed),
  };
}
