/**
 * The in-process backend for Nodes that ship `node:sqlite` (22.5+): no subprocess at all.
 * It opens databases by URI (`file:…?mode=ro[&immutable=1]`). A Node whose SQLite does not honour URI
 * filenames fails to open that literal name (read-only opens never create files), which we report as
 * `NodeSqliteUnsupported` so the caller falls back to python — never a silent plain open that would
 * create `-wal`/`-shm` files.
 */
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  BUSY_TIMEOUT_SECONDS,
  expandSql,
  firstMissing,
  type DbRequest,
  type DbResult,
  type QueryResult,
  type Row,
  type SqliteReadResult,
} from './sqlite-request.js';

interface StatementLike {
  all(...params: unknown[]): Record<string, unknown>[];
}
interface DatabaseLike {
  prepare(sql: string): StatementLike;
  close(): void;
}
export interface NodeSqliteModule {
  DatabaseSync: new (location: string, options?: Record<string, unknown>) => DatabaseLike;
}

export class NodeSqliteUnsupported extends Error {}

/** `node:sqlite` when this Node has it (without an experimental flag), else null. */
export function loadNodeSqlite(): NodeSqliteModule | null {
  try {
    const getBuiltin = (process as unknown as { getBuiltinModule?: (id: string) => unknown })
      .getBuiltinModule;
    const mod = getBuiltin?.('node:sqlite') as NodeSqliteModule | undefined;
    return mod && typeof mod.DatabaseSync === 'function' ? mod : null;
  } catch {
    return null;
  }
}

function isBusy(err: unknown): boolean {
  return /locked|busy/i.test(String((err as Error)?.message ?? err));
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function cleanRow(row: Record<string, unknown>): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) {
    out[k] = typeof v === 'number' || typeof v === 'string' ? v : typeof v === 'bigint' ? Number(v) : null;
  }
  return out;
}

function readOnce(sqlite: NodeSqliteModule, spec: DbRequest, immutable: boolean): DbResult {
  const uri = `file:${encodeURI(resolve(spec.path)).replace(/[?#]/g, encodeURIComponent)}?mode=ro${immutable ? '&immutable=1' : ''}`;
  let db: DatabaseLike;
  try {
    db = new sqlite.DatabaseSync(uri, { readOnly: true, timeout: BUSY_TIMEOUT_SECONDS * 1000 });
  } catch (err) {
    if (/unable to open/i.test(String((err as Error)?.message))) throw new NodeSqliteUnsupported(String(err));
    throw err;
  }
  try {
    const tables: Record<string, string[]> = {};
    for (const row of db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table','view')").all()) {
      const name = String(row.name);
      tables[name] = db
        .prepare(`PRAGMA table_info("${name.replace(/"/g, '""')}")`)
        .all()
        .map((c) => String(c.name));
    }
    const results: Record<string, QueryResult> = {};
    for (const query of spec.queries) {
      const missing = firstMissing(query.requires, tables);
      if (missing !== null) {
        results[query.name] = { missing };
        continue;
      }
      try {
        const rows = db.prepare(expandSql(query.sql, tables)).all(...(query.params ?? []));
        results[query.name] = { rows: rows.map(cleanRow) };
      } catch (err) {
        if (isBusy(err)) throw err;
        results[query.name] = {
          error: String((err as Error)?.message ?? err)
            .split('\n')[0]!
            .slice(0, 200),
        };
      }
    }
    return { ok: true, code: null, error: null, mode: immutable ? 'immutable' : 'ro', tables, results };
  } finally {
    db.close();
  }
}

/** Header bytes 18/19 are 2 for WAL databases, 1 for rollback-journal ones. */
export function isWalFormat(path: string): boolean {
  const header = Buffer.alloc(20);
  const fd = openSync(path, 'r');
  try {
    const n = readSync(fd, header, 0, 20, 0);
    return n < 20 || header[18] === 2 || header[19] === 2;
  } finally {
    closeSync(fd);
  }
}

function readDb(sqlite: NodeSqliteModule, spec: DbRequest): DbResult {
  if (!existsSync(spec.path)) {
    return { ok: false, code: 'absent', error: 'file not found', mode: null, tables: {}, results: {} };
  }
  let last = 'unknown error';
  let busy = false;
  for (let attempt = 0; attempt < 2; attempt++) {
    const walBefore = existsSync(`${spec.path}-wal`);
    try {
      // Same rule as the python reader: immutable only for a WAL-format file without a writer's files.
      const immutable = isWalFormat(spec.path) && !(walBefore && existsSync(`${spec.path}-shm`));
      const result = readOnce(sqlite, spec, immutable);
      if (immutable && !walBefore && existsSync(`${spec.path}-wal`) && attempt === 0) continue;
      return result;
    } catch (err) {
      if (err instanceof NodeSqliteUnsupported) throw err;
      busy = isBusy(err);
      last = String((err as Error)?.message ?? err)
        .split('\n')[0]!
        .slice(0, 200);
      sleepSync(150);
    }
  }
  return { ok: false, code: busy ? 'busy' : 'error', error: last, mode: null, tables: {}, results: {} };
}

/** Reads every requested database in-process. Throws NodeSqliteUnsupported when URIs are not honoured. */
export function readWithNodeSqlite(sqlite: NodeSqliteModule, dbs: DbRequest[]): SqliteReadResult {
  const out: SqliteReadResult = {};
  for (const spec of dbs) out[spec.key] = readDb(sqlite, spec);
  return out;
}
