/**
 * The python3 backend: one subprocess per exporter run reads every requested database and prints JSON.
 * Used when this Node has no `node:sqlite` (Node < 22.5). The script mirrors `sqlite-request.ts`:
 * same open rules, same placeholder expansion, same result shape.
 */
import type { ExecFn } from '../context.js';
import { BUSY_TIMEOUT_SECONDS, type DbRequest, type SqliteReadResult } from './sqlite-request.js';

/**
 * Kept to the python3 stdlib, and to its cheapest modules (os, sqlite3, sys, time): this process is on the
 * exporter's critical path every 60 s, and `json`, `re` and `urllib.parse` together add ~9 ms of CPU to
 * its start. So the request arrives as a Python literal (REQUEST, prepended by pythonReaderScript), the
 * `{{table.col|default}}` placeholders are expanded with str.find, and the answer is written by a small
 * ASCII-only JSON encoder.
 */
export const PYTHON_READER_SCRIPT = String.raw`
import os, sqlite3, sys, time

BUSY = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0

def expand(sql, tables):
    # {{[alias:]table.column|default}} -> the quoted column when the table has it, else the default.
    out = []
    pos = 0
    while True:
        start = sql.find('{{', pos)
        if start < 0:
            out.append(sql[pos:])
            return ''.join(out)
        end = sql.find('}}', start)
        if end < 0:
            raise ValueError('unclosed placeholder')
        out.append(sql[pos:start])
        ref, _, default = sql[start + 2:end].partition('|')
        alias, _, qualified = ref.rpartition(':')
        table, _, col = qualified.partition('.')
        if col not in tables.get(table, []):
            out.append(default)
        else:
            out.append(('%s."%s"' % (alias, col)) if alias else ('"%s"' % col))
        pos = end + 2

def first_missing(requires, tables):
    for entry in requires:
        parts = entry.split('.', 1)
        cols = tables.get(parts[0])
        if cols is None or (len(parts) == 2 and parts[1] not in cols):
            return entry
    return None

def clean(v):
    if isinstance(v, (bytes, bytearray, memoryview)):
        return None
    if isinstance(v, float) and v != v:
        return None
    return v

class Busy(Exception):
    pass

def is_busy(e):
    s = str(e).lower()
    return 'locked' in s or 'busy' in s

SAFE = frozenset(b'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/-._~')

def uri_path(path):
    return ''.join(chr(b) if b in SAFE else '%%%02X' % b for b in os.fsencode(path))

ESCAPES = {0x22: '\\"', 0x5c: '\\\\', 0x0a: '\\n', 0x0d: '\\r', 0x09: '\\t'}

def enc_str(s):
    if s.isascii() and s.isprintable() and '"' not in s and '\\' not in s:
        return '"' + s + '"'
    out = []
    for c in s:
        o = ord(c)
        if o in ESCAPES:
            out.append(ESCAPES[o])
        elif 0x20 <= o < 0x7f:
            out.append(c)
        elif o > 0xffff:
            o -= 0x10000
            out.append('\\u%04x\\u%04x' % (0xd800 + (o >> 10), 0xdc00 + (o & 0x3ff)))
        else:
            out.append('\\u%04x' % o)
    return '"' + ''.join(out) + '"'

def enc(v):
    if v is None or v is False or v is True:
        return 'null' if v is None else ('true' if v else 'false')
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return repr(v) if v == v and v not in (float('inf'), float('-inf')) else 'null'
    if isinstance(v, str):
        return enc_str(v)
    if isinstance(v, dict):
        return '{' + ','.join(enc_str(str(k)) + ':' + enc(x) for k, x in v.items()) + '}'
    if isinstance(v, (list, tuple)):
        return '[' + ','.join(enc(x) for x in v) + ']'
    return 'null'

def read_once(path, immutable, spec):
    q = 'mode=ro' + ('&immutable=1' if immutable else '')
    uri = 'file:' + uri_path(os.path.abspath(path)) + '?' + q
    con = sqlite3.connect(uri, uri=True, timeout=BUSY, isolation_level=None, check_same_thread=False)
    try:
        tables = {}
        for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type IN ('table','view')").fetchall():
            cols = [r[1] for r in con.execute('PRAGMA table_info("%s")' % name.replace('"', '""')).fetchall()]
            tables[name] = cols
        results = {}
        for query in spec['queries']:
            missing = first_missing(query.get('requires', []), tables)
            if missing is not None:
                results[query['name']] = {'missing': missing}
                continue
            try:
                cur = con.execute(expand(query['sql'], tables), query.get('params') or [])
                names = [d[0] for d in cur.description or []]
                rows = [dict(zip(names, [clean(v) for v in row])) for row in cur.fetchall()]
                results[query['name']] = {'rows': rows}
            except sqlite3.Error as e:
                if is_busy(e):
                    raise Busy(str(e))
                results[query['name']] = {'error': str(e).split('\n')[0][:200]}
        return {'ok': True, 'code': None, 'error': None, 'mode': 'immutable' if immutable else 'ro',
                'tables': tables, 'results': results}
    finally:
        con.close()

def is_wal_format(path):
    # Header bytes 18/19 (file format write/read version) are 2 for WAL databases, 1 for rollback.
    with open(path, 'rb') as f:
        header = f.read(20)
    return len(header) < 20 or header[18] == 2 or header[19] == 2

def read_db(spec):
    path = spec['path']
    if not os.path.isfile(path):
        return {'ok': False, 'code': 'absent', 'error': 'file not found', 'mode': None, 'tables': {}, 'results': {}}
    last = 'unknown error'
    busy = False
    for attempt in range(2):
        wal_before = os.path.exists(path + '-wal')
        # A WAL database opened read-only with no writer attached would get -wal/-shm files created (owned
        # by us): immutable=1 creates none. With a writer's files present, or for a rollback-journal
        # database (readers never create files there), a plain read-only open with locking is right.
        immutable = is_wal_format(path) and not (wal_before and os.path.exists(path + '-shm'))
        try:
            result = read_once(path, immutable, spec)
        except (Busy, sqlite3.Error) as e:
            busy = isinstance(e, Busy) or is_busy(e)
            last = str(e).split('\n')[0][:200]
            time.sleep(0.15)
            continue
        if immutable and not wal_before and os.path.exists(path + '-wal') and attempt == 0:
            continue  # a writer appeared while we read the main file alone; read again through its WAL
        return result
    return {'ok': False, 'code': 'busy' if busy else 'error', 'error': last, 'mode': None, 'tables': {}, 'results': {}}

def main():
    out = {}
    for spec in REQUEST['dbs']:
        try:
            out[spec['key']] = read_db(spec)
        except Exception as e:
            out[spec['key']] = {'ok': False, 'code': 'error', 'error': type(e).__name__ + ': ' + str(e)[:200],
                                'mode': None, 'tables': {}, 'results': {}}
    sys.stdout.write(enc(out))

main()
`;

/**
 * A JS value as a Python literal. Strings go through JSON.stringify (its escapes mean the same in Python)
 * with every non-ASCII code point escaped too (\\u / \\U), so the script text is pure ASCII whatever the
 * locale python3 decodes its arguments with.
 */
export function toPythonLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'None';
  if (typeof value === 'string') {
    let out = '';
    for (const ch of JSON.stringify(value)) {
      const cp = ch.codePointAt(0)!;
      out +=
        cp < 0x7f
          ? ch
          : cp > 0xffff
            ? `\\U${cp.toString(16).padStart(8, '0')}`
            : `\\u${cp.toString(16).padStart(4, '0')}`;
    }
    return out;
  }
  if (Array.isArray(value)) return `[${value.map(toPythonLiteral).join(', ')}]`;
  if (typeof value === 'object')
    return `{${Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${toPythonLiteral(k)}: ${toPythonLiteral(v)}`)
      .join(', ')}}`;
  throw new Error(`cannot pass a ${typeof value} to python`);
}

/** The reader script with this run's request in it. */
export function pythonReaderScript(dbs: DbRequest[]): string {
  return `REQUEST = ${toPythonLiteral({ dbs })}\n${PYTHON_READER_SCRIPT}`;
}

/** Runs the batched read through one python3 subprocess. Throws with a short reason on failure. */
export async function readWithPython(
  exec: ExecFn,
  python: string,
  dbs: DbRequest[],
): Promise<SqliteReadResult> {
  const result = await exec(
    python,
    ['-I', '-S', '-c', pythonReaderScript(dbs), String(BUSY_TIMEOUT_SECONDS)],
    {
      timeoutMs: 15_000,
      maxBuffer: 8 * 1024 * 1024,
    },
  );
  if (result.timedOut) throw new Error(`python sqlite reader timed out (${python})`);
  if (result.code !== 0) {
    const last = result.stderr.trim().split('\n').pop() ?? '';
    throw new Error(`python sqlite reader failed (${python}, exit ${result.code}): ${last.slice(0, 160)}`);
  }
  try {
    return JSON.parse(result.stdout) as SqliteReadResult;
  } catch {
    throw new Error(`python sqlite reader printed no JSON (${python})`);
  }
}
