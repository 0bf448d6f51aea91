/**
 * The shape of one batched SQLite read. Both backends (node:sqlite in-process, or ONE python3
 * subprocess) execute the same request, so the SQL lives in the collectors and the backends stay dumb.
 *
 * Schema tolerance is built in: every query names the tables/columns it `requires` (a missing one
 * yields `{ missing }` instead of an error), and `{{table.col|default}}` placeholders in the SQL expand
 * to the column when it exists and to `default` otherwise (`{{alias:table.col|default}}` qualifies it).
 */

export interface QuerySpec {
  name: string;
  /** `table` or `table.column` entries that must exist for the query to run. */
  requires: string[];
  sql: string;
  params?: (string | number | null)[];
}

export interface DbRequest {
  /** Result key, e.g. `state` or `executions`. */
  key: string;
  path: string;
  queries: QuerySpec[];
  /** Largest db + -wal the `wal-copy` plan copies (open-plan.ts); default WAL_COPY_MAX_BYTES. */
  walCopyMaxBytes?: number;
}

export type Row = Record<string, string | number | null>;

export type QueryResult = { rows: Row[] } | { missing: string } | { error: string };

export interface DbResult {
  ok: boolean;
  /** `absent` (no file), `busy` (locked after a retry), `error` (anything else). */
  code: 'absent' | 'busy' | 'error' | null;
  error: string | null;
  /**
   * How it was opened (open-plan.ts): `immutable` (no WAL to read), `ro` (rollback journal), `ro-shm`
   * (through the WAL, the -shm read-only), `wal-copy` (a private copy of db + -wal: there was no -shm)
   * or `journal-copy` (a private copy of db + hot -journal, rolled back: the committed state).
   */
  mode: 'immutable' | 'ro' | 'ro-shm' | 'wal-copy' | 'journal-copy' | null;
  /** A -wal existed that could not be read without writing: counts may miss uncheckpointed rows. */
  walIgnored?: boolean;
  /** Table → column names as found (lets interpreters tell "0" from "column missing"). */
  tables: Record<string, string[]>;
  results: Record<string, QueryResult>;
}

export type SqliteReadResult = Record<string, DbResult>;

/** Seconds SQLite waits on a lock before reporting busy (kept short: never hold up a WAL checkpoint). */
export const BUSY_TIMEOUT_SECONDS = 1;

export function rowsOf(result: QueryResult | undefined): Row[] | null {
  return result !== undefined && 'rows' in result ? result.rows : null;
}

export function hasColumn(db: DbResult, table: string, column: string): boolean {
  return db.tables[table]?.includes(column) ?? false;
}

const PLACEHOLDER = /\{\{(?:(\w+):)?(\w+)\.(\w+)\|([^}]*)\}\}/g;

/** Expands `{{[alias:]table.col|default}}` against a schema (the same rule the python backend applies). */
export function expandSql(sql: string, tables: Record<string, string[]>): string {
  return sql.replace(
    PLACEHOLDER,
    (_m, alias: string | undefined, table: string, column: string, fallback: string) => {
      if (!(tables[table]?.includes(column) ?? false)) return fallback;
      return alias ? `${alias}."${column}"` : `"${column}"`;
    },
  );
}

/** The first `requires` entry the schema lacks, or null. */
export function firstMissing(requires: string[], tables: Record<string, string[]>): string | null {
  for (const entry of requires) {
    const [table, column] = entry.split('.');
    const cols = tables[table!];
    if (cols === undefined) return entry;
    if (column !== undefined && !cols.includes(column)) return entry;
  }
  return null;
}
