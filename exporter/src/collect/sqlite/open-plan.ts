/**
 * How a database is opened without changing a byte of it (ADR 0003, issue 12 §4). Both backends apply
 * this rule; the python script mirrors it line for line (python-reader.ts `open_plan`).
 *
 * | on disk                              | plan        | why                                                    |
 * |--------------------------------------|-------------|--------------------------------------------------------|
 * | rollback-journal (DELETE) format     | `ro`        | readers create no files in that mode                   |
 * | … with a non-empty -journal          | `journal-copy` | a hot journal (writer killed mid-transaction) makes a read-only open fail; a private copy of db + -journal is rolled back instead, giving the committed state |
 * | WAL format, no -wal (or an empty one)| `immutable` | nothing uncheckpointed; a plain open would create -shm |
 * | WAL format, -wal and -shm            | `ro-shm`    | `readonly_shm=1`: reads the writer's index, never writes it (a crashed writer's -shm stays byte-identical) |
 * | WAL format, -wal without -shm        | `wal-copy`  | a reader would have to create -shm: read a private copy of db + -wal instead |
 * | … and the copy would be too large    | `immutable` + `walIgnored` | counts may miss uncheckpointed rows: said in the snapshot |
 *
 * Never `mode=rw`: closing a read-write connection on a crashed writer's database checkpoints,
 * rewrites state.db and deletes -wal/-shm.
 */

export type OpenPlan = 'ro' | 'immutable' | 'ro-shm' | 'wal-copy' | 'journal-copy';

export interface OnDiskFacts {
  walFormat: boolean;
  dbBytes: number;
  /** Size of `<db>-wal`, or null when absent. */
  walBytes: number | null;
  /** Size of `<db>-journal` (rollback journal), or null when absent. */
  journalBytes?: number | null;
  shmExists: boolean;
}

/** Largest db + -wal the `wal-copy` plan copies (the case is rare: a home copied without its -shm). */
export const WAL_COPY_MAX_BYTES = 256 * 1024 * 1024;

export function openPlan(
  facts: OnDiskFacts,
  copyMaxBytes = WAL_COPY_MAX_BYTES,
): { plan: OpenPlan; walIgnored: boolean } {
  if (!facts.walFormat) {
    const journal = facts.journalBytes ?? 0;
    const copy = journal > 0 && facts.dbBytes + journal <= copyMaxBytes;
    return { plan: copy ? 'journal-copy' : 'ro', walIgnored: false };
  }
  if (facts.walBytes === null || facts.walBytes === 0) return { plan: 'immutable', walIgnored: false };
  if (facts.shmExists) return { plan: 'ro-shm', walIgnored: false };
  if (facts.dbBytes + facts.walBytes <= copyMaxBytes) return { plan: 'wal-copy', walIgnored: false };
  return { plan: 'immutable', walIgnored: true };
}

/**
 * The URI query for a plan on the ORIGINAL file. The copies are opened by the readers themselves:
 * `wal-copy` read-only, `journal-copy` writable (SQLite must roll the copied hot journal back).
 */
export function uriQuery(plan: OpenPlan): string {
  if (plan === 'immutable') return 'mode=ro&immutable=1';
  if (plan === 'ro-shm') return 'mode=ro&readonly_shm=1';
  return 'mode=ro';
}
