/**
 * Chooses the SQLite backend for the run and executes ONE batched read of every database the
 * collectors need (state.db, cron/executions.db). With node:sqlite: in-process; otherwise exactly one
 * python3 subprocess (the exporter's whole budget is 4 subprocesses per run).
 */
import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import type { CollectContext } from '../context.js';
import {
  loadNodeSqlite,
  NodeSqliteUnsupported,
  readWithNodeSqlite,
  type NodeSqliteModule,
} from './node-sqlite-reader.js';
import { readWithPython } from './python-reader.js';
import type { DbRequest, SqliteReadResult } from './sqlite-request.js';

export interface SqliteReadOutcome {
  backend: 'node:sqlite' | 'python' | null;
  /** The interpreter used (python backend only). */
  python: string | null;
  results: SqliteReadResult;
}

// Synchronous on purpose: readSqlite must reach its spawn without yielding (see collectHermes).
function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** config.python, else the install's venv, else HERMES_HOME/hermes-agent/venv, else `python3` on PATH. */
export function choosePython(ctx: Pick<CollectContext, 'config' | 'installDir' | 'hermesHome'>): string {
  if (ctx.config.python) return ctx.config.python;
  const candidates = [
    ctx.installDir ? join(ctx.installDir, 'venv', 'bin', 'python3') : null,
    join(ctx.hermesHome, 'hermes-agent', 'venv', 'bin', 'python3'),
  ];
  for (const candidate of candidates) {
    if (candidate && isExecutable(candidate)) return candidate;
  }
  return 'python3';
}

export interface ReadSqliteOptions {
  /** Injected for tests; default: this Node's node:sqlite when available. */
  nodeSqlite?: NodeSqliteModule | null;
}

/** Executes the batched read. Throws only when no backend could run (the callers turn that into nulls). */
export async function readSqlite(
  ctx: CollectContext,
  dbs: DbRequest[],
  options: ReadSqliteOptions = {},
): Promise<SqliteReadOutcome> {
  if (dbs.length === 0) return { backend: null, python: null, results: {} };
  const nodeSqlite = options.nodeSqlite === undefined ? loadNodeSqlite() : options.nodeSqlite;
  if (nodeSqlite) {
    try {
      return { backend: 'node:sqlite', python: null, results: readWithNodeSqlite(nodeSqlite, dbs) };
    } catch (err) {
      if (!(err instanceof NodeSqliteUnsupported)) throw err;
      // Fall through to python: this Node's SQLite cannot open URIs read-only without creating files.
    }
  }
  const python = choosePython(ctx);
  return { backend: 'python', python, results: await readWithPython(ctx.exec, python, dbs) };
}
