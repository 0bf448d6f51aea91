/**
 * Sessions from state.db (reference §2): the queries (run by the batched SQLite reader) and their
 * interpretation. Counts follow `hermes sessions stats`: active = non-archived, total includes archived.
 * Every metric whose table/column is missing stays null; titles only with `includeTitles`.
 *
 * Hidden sessions (schema 30, Bot Mode): Hermes's counts include them (hermes_state_sessions.py
 * `session_count` / `session_count_by_source` filter on `archived` only) while its list views leave them
 * out (`list_sessions_rich`: `s.hidden = 0` unless include_hidden). So active/bySource count them, `hidden`
 * reports them apart, and `recent` (a list) omits them. Schema 22/23 have no column: 0 hidden.
 */
import { join } from 'node:path';
import type { RecentSession, SessionsInfo } from '../../../common/contract/snapshot.js';
import { statOrNull } from '../lib/read-text.js';
import {
  hasColumn,
  rowsOf,
  type DbRequest,
  type DbResult,
  type QuerySpec,
  type Row,
} from './sqlite/sqlite-request.js';

export const STATE_DB_KEY = 'state';
const DAY = 86400;
const PER_DAY_DAYS = 30;
const RECENT_LIMIT = 50;

export function unknownSessions(backend: string | null = null): SessionsInfo {
  const totals = { input: null, output: null, costUsd: null, sessions: null };
  return {
    backend,
    dbSchemaVersion: null,
    active: null,
    total: null,
    archived: null,
    messages: null,
    bySource: null,
    open: null,
    lastActivityAt: null,
    startedLast24h: null,
    last24h: { ...totals },
    last7d: { ...totals },
    perDay: [],
    recent: [],
    dbBytes: null,
    walBytes: null,
  };
}

const NOT_ARCHIVED = 'COALESCE({{sessions.archived|0}}, 0) = 0';
const HIDDEN = 'COALESCE({{sessions.hidden|0}}, 0) <> 0';
/** What Hermes's list views show (alias `s`): not archived, not hidden. */
const LISTED = 'COALESCE({{s:sessions.archived|0}}, 0) = 0 AND COALESCE({{s:sessions.hidden|0}}, 0) = 0';
/** Actual cost when Hermes has it, else its estimate. */
function cost(alias = ''): string {
  const a = alias ? `${alias}:` : '';
  return `COALESCE({{${a}sessions.actual_cost_usd|NULL}}, {{${a}sessions.estimated_cost_usd|NULL}})`;
}

/** The state.db queries. `nowEpoch` is the run's frozen now (epoch seconds). */
export function sessionsQueries(nowEpoch: number, includeTitles: boolean): QuerySpec[] {
  const window = (name: string, since: number): QuerySpec => ({
    name,
    requires: ['sessions.started_at'],
    sql:
      'SELECT COUNT(*) AS sessions, SUM({{sessions.input_tokens|NULL}}) AS input, ' +
      `SUM({{sessions.output_tokens|NULL}}) AS output, SUM(${cost()}) AS cost FROM sessions WHERE started_at >= ?`,
    params: [since],
  });
  const dayStart = Math.floor(nowEpoch / DAY) * DAY - (PER_DAY_DAYS - 1) * DAY;
  return [
    {
      name: 'schemaVersion',
      requires: ['schema_version.version'],
      sql: 'SELECT MAX(version) AS v FROM schema_version',
    },
    {
      name: 'counts',
      requires: ['sessions'],
      sql:
        `SELECT COUNT(*) AS total, COALESCE(SUM(CASE WHEN ${NOT_ARCHIVED} THEN 0 ELSE 1 END), 0) AS archived, ` +
        `COALESCE(SUM(CASE WHEN ${NOT_ARCHIVED} AND ${HIDDEN} THEN 1 ELSE 0 END), 0) AS hidden FROM sessions`,
    },
    {
      name: 'bySource',
      requires: ['sessions.source'],
      // session_count_by_source: an empty source counts as cli.
      sql:
        "SELECT COALESCE(NULLIF(source, ''), 'cli') AS source, COUNT(*) AS n FROM sessions " +
        `WHERE ${NOT_ARCHIVED} GROUP BY COALESCE(NULLIF(source, ''), 'cli') ORDER BY n DESC LIMIT 100`,
    },
    {
      name: 'open',
      requires: ['sessions.ended_at'],
      sql: 'SELECT COUNT(*) AS n FROM sessions WHERE ended_at IS NULL',
    },
    { name: 'messages', requires: ['messages'], sql: 'SELECT COUNT(*) AS n FROM messages' },
    {
      name: 'lastMessage',
      requires: ['messages.timestamp'],
      sql: 'SELECT MAX(timestamp) AS t FROM messages',
    },
    {
      name: 'lastActivityColumn',
      requires: ['sessions.last_activity_at'],
      sql: 'SELECT MAX(last_activity_at) AS t FROM sessions',
    },
    {
      name: 'started24h',
      requires: ['sessions.started_at'],
      sql: 'SELECT COUNT(*) AS n FROM sessions WHERE started_at >= ?',
      params: [nowEpoch - DAY],
    },
    window('last24h', nowEpoch - DAY),
    window('last7d', nowEpoch - 7 * DAY),
    {
      name: 'sessionsPerDay',
      requires: ['sessions.started_at'],
      sql: "SELECT date(started_at, 'unixepoch') AS d, COUNT(*) AS n FROM sessions WHERE started_at >= ? GROUP BY d",
      params: [dayStart],
    },
    {
      name: 'messagesPerDay',
      requires: ['messages.timestamp'],
      sql: "SELECT date(timestamp, 'unixepoch') AS d, COUNT(*) AS n FROM messages WHERE timestamp >= ? GROUP BY d",
      params: [dayStart],
    },
    {
      name: 'recent',
      requires: ['sessions.id', 'sessions.started_at'],
      sql:
        'SELECT s.id AS id, {{s:sessions.source|NULL}} AS source, s.started_at AS started_at, ' +
        '{{s:sessions.ended_at|NULL}} AS ended_at, {{s:sessions.message_count|NULL}} AS message_count, ' +
        '{{s:sessions.model|NULL}} AS model, {{s:sessions.end_reason|NULL}} AS end_reason, ' +
        `${cost('s')} AS cost, {{s:sessions.last_activity_at|NULL}} AS last_activity_at` +
        (includeTitles ? ', {{s:sessions.title|NULL}} AS title' : '') +
        ` FROM sessions s WHERE ${LISTED} ORDER BY s.started_at DESC, s.id DESC LIMIT ${RECENT_LIMIT}`,
    },
    {
      name: 'recentLastMessage',
      requires: ['messages.timestamp', 'messages.session_id', 'sessions.started_at'],
      sql:
        'SELECT session_id AS id, MAX(timestamp) AS t FROM messages WHERE session_id IN ' +
        `(SELECT s.id FROM sessions s WHERE ${LISTED} ORDER BY s.started_at DESC, s.id DESC LIMIT ${RECENT_LIMIT}) GROUP BY session_id`,
    },
  ];
}

export function sessionsDbRequest(hermesHome: string, nowEpoch: number, includeTitles: boolean): DbRequest {
  return {
    key: STATE_DB_KEY,
    path: join(hermesHome, 'state.db'),
    queries: sessionsQueries(nowEpoch, includeTitles),
  };
}

// --- interpretation --------------------------------------------------------------------------

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function count(value: unknown): number | null {
  const n = num(value);
  return n === null ? null : Math.max(0, Math.round(n));
}

function epochIso(value: unknown): string | null {
  const n = num(value);
  return n === null || n <= 0 ? null : new Date(n * 1000).toISOString();
}

function first(db: DbResult, name: string): Row | null {
  return rowsOf(db.results[name])?.[0] ?? null;
}

function later(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}

function roundCost(value: number | null): number | null {
  return value === null ? null : Math.round(value * 1e6) / 1e6;
}

function windowTotals(db: DbResult, name: string): SessionsInfo['last24h'] {
  const row = first(db, name);
  if (row === null) return { input: null, output: null, costUsd: null, sessions: null };
  const has = (col: string) => hasColumn(db, 'sessions', col);
  const sessions = count(row.sessions);
  const anyCost = has('actual_cost_usd') || has('estimated_cost_usd');
  return {
    sessions,
    // SUM over no rows is NULL: with the column present that means 0.
    input: has('input_tokens') ? (count(row.input) ?? 0) : null,
    output: has('output_tokens') ? (count(row.output) ?? 0) : null,
    costUsd: anyCost ? roundCost(num(row.cost) ?? 0) : null,
  };
}

function perDay(db: DbResult, nowEpoch: number): SessionsInfo['perDay'] {
  const sessionRows = rowsOf(db.results.sessionsPerDay);
  const messageRows = rowsOf(db.results.messagesPerDay);
  if (sessionRows === null || messageRows === null) return [];
  const byDate = (rows: Row[]) => new Map(rows.map((r) => [String(r.d), count(r.n) ?? 0]));
  const sessions = byDate(sessionRows);
  const messages = byDate(messageRows);
  const today = Math.floor(nowEpoch / DAY) * DAY;
  const days: SessionsInfo['perDay'] = [];
  for (let i = PER_DAY_DAYS - 1; i >= 0; i--) {
    const date = new Date((today - i * DAY) * 1000).toISOString().slice(0, 10);
    days.push({ date, sessions: sessions.get(date) ?? 0, messages: messages.get(date) ?? 0 });
  }
  return days;
}

function recent(db: DbResult, includeTitles: boolean): RecentSession[] {
  const rows = rowsOf(db.results.recent) ?? [];
  const lastMessage = new Map(
    (rowsOf(db.results.recentLastMessage) ?? []).map((r) => [String(r.id), num(r.t)]),
  );
  return rows.map((r) => {
    const id = String(r.id);
    const session: RecentSession = {
      id,
      source: typeof r.source === 'string' ? r.source : null,
      startedAt: epochIso(r.started_at),
      endedAt: epochIso(r.ended_at),
      lastActivityAt: later(epochIso(r.last_activity_at), epochIso(lastMessage.get(id) ?? null)),
      messageCount: count(r.message_count),
      model: typeof r.model === 'string' ? r.model.slice(0, 120) : null,
      endReason: typeof r.end_reason === 'string' ? r.end_reason.slice(0, 60) : null,
      costUsd: roundCost(num(r.cost)),
    };
    if (includeTitles) session.title = typeof r.title === 'string' ? r.title.slice(0, 200) : null;
    return session;
  });
}

/** Turns the state.db read into SessionsInfo (pure apart from nothing: file sizes are passed in). */
export function interpretSessions(
  db: DbResult,
  nowEpoch: number,
  includeTitles: boolean,
  sizes: { dbBytes: number | null; walBytes: number | null },
): SessionsInfo {
  const counts = first(db, 'counts');
  const total = count(counts?.total);
  const archived = hasColumn(db, 'sessions', 'archived')
    ? count(counts?.archived)
    : total === null
      ? null
      : 0;
  const hidden = hasColumn(db, 'sessions', 'hidden') ? count(counts?.hidden) : total === null ? null : 0;
  const bySourceRows = rowsOf(db.results.bySource);
  const bySource =
    bySourceRows === null
      ? null
      : Object.fromEntries(
          bySourceRows.map((r) => [String(r.source ?? 'unknown').slice(0, 40), count(r.n) ?? 0]),
        );
  return {
    backend: 'sqlite',
    dbSchemaVersion: count(first(db, 'schemaVersion')?.v),
    active: total !== null && archived !== null ? total - archived : null,
    total,
    archived,
    hidden,
    messages: count(first(db, 'messages')?.n),
    bySource,
    open: count(first(db, 'open')?.n),
    lastActivityAt: later(
      epochIso(first(db, 'lastMessage')?.t),
      epochIso(first(db, 'lastActivityColumn')?.t),
    ),
    startedLast24h: count(first(db, 'started24h')?.n),
    last24h: windowTotals(db, 'last24h'),
    last7d: windowTotals(db, 'last7d'),
    perDay: perDay(db, nowEpoch),
    recent: recent(db, includeTitles),
    ...sizes,
    readMode: db.mode,
    walNotRead: db.walIgnored ?? false,
  };
}

/** state.db and -wal sizes (a missing -wal is 0 bytes: nothing uncheckpointed). */
export async function stateDbSizes(
  hermesHome: string,
): Promise<{ dbBytes: number | null; walBytes: number | null }> {
  const db = await statOrNull(join(hermesHome, 'state.db'));
  const wal = await statOrNull(join(hermesHome, 'state.db-wal'));
  return { dbBytes: db?.size ?? null, walBytes: db === null ? null : (wal?.size ?? 0) };
}
