/**
 * The in-process backend for Nodes that ship `node:sqlite` (22.5+): no subprocess at all.
 * It opens databases by URI (`file:…?mode=ro[&immutable=1]`). A Node whose SQLite does not honour URI
 * filenames fails to open that literal name (read-only opens never create files), which we report as
 * `NodeSqliteUnsupported` so the caller falls back to python — never a silent plain open that would
 * create `-wal`/`-shm` files.
 */
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  openSync,
  readSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openPlan, uriQuery, type OpenPlan } from './open-plan.js';
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

function readOnce(sqlite: NodeSqliteModule, spec: DbRequest, path: string, plan: OpenPlan): DbResult {
  // Never read-write on a Hermes file (open-plan.ts): closing a read-write connection on a crashed
  // writer's database checkpoints it, rewrites the file and deletes -wal/-shm.
  const uri = `file:${encodeURI(resolve(path)).replace(/[?#]/g, encodeURIComponent)}?${uriQuery(plan)}`;
  let db: DatabaseLike;
  try {
    db = new sqlite.DatabaseSync(uri, { readOnly: true, timeout: BUSY_TIMEOUT_SECONDS * 1000 });
  } catch (err) {
    if (/unable to open/i.test(String((err as Error)?.message))) throw new NodeSqliteUnsupported(String(err));
    throw err;
  }
  return queryAll(db, spec, plan);
}

/** Our own private copy (journal-copy only): opened writable so SQLite rolls the hot journal back. */
function readPrivate(sqlite: NodeSqliteModule, spec: DbRequest, copy: string): DbResult {
  return queryAll(new sqlite.DatabaseSync(copy, { timeout: BUSY_TIMEOUT_SECONDS * 1000 }), spec, 'ro');
}

function queryAll(db: DatabaseLike, spec: DbRequest, plan: OpenPlan): DbResult {
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
    return { ok: true, code: null, error: null, mode: plan, tables, results };
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

/**
 * A WAL without its -shm, or a hot rollback journal: read a private copy of db + sidecar (0700 temp
 * dir, removed at once), db first (python-reader.ts `read_copy` says why). A copied journal is rolled
 * back by opening the copy writable, which only ever touches our own temp folder.
 */
function readCopy(sqlite: NodeSqliteModule, spec: DbRequest, sidecar: '-wal' | '-journal'): DbResult {
  const dir = mkdtempSync(join(tmpdir(), 'hmc-walcopy-'));
  try {
    const copy = join(dir, 'db');
    copyFileSync(spec.path, copy);
    copyFileSync(`${spec.path}${sidecar}`, `${copy}${sidecar}`);
    if (sidecar === '-wal') return { ...readOnce(sqlite, spec, copy, 'ro'), mode: 'wal-copy' };
    return { ...readPrivate(sqlite, spec, copy), mode: 'journal-copy' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function sizeOrNull(path: string): number | null {
  try {
    return statSync(path).size;
  } catch {
    return null;
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
      // Same rule as the python reader (open-plan.ts).
      const { plan, walIgnored } = openPlan(
        {
          walFormat: isWalFormat(spec.path),
          dbBytes: statSync(spec.path).size,
          walBytes: sizeOrNull(`${spec.path}-wal`),
          shmExists: existsSync(`${spec.path}-shm`),
          journalBytes: sizeOrNull(`${spec.path}-journal`),
        },
        spec.walCopyMaxBytes,
      );
      const result =
        plan === 'wal-copy'
          ? readCopy(sqlite, spec, '-wal')
          : plan === 'journal-copy'
            ? readCopy(sqlite, spec, '-journal')
            : readOnce(sqlite, spec, spec.path, plan);
      if (plan === 'immutable' && !walBefore && existsSync(`${spec.path}-wal`) && attempt === 0) continue;
      if (plan === 'wal-copy' && existsSync(`${spec.path}-shm`) && attempt === 0) continue;
      return { ...result, walIgnored };
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
