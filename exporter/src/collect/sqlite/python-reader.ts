/**
 * The python3 backend: one subprocess per exporter run reads every requested database and prints JSON.
 * Used when this Node has no `node:sqlite` (Node < 22.5). The script mirrors `sqlite-request.ts`:
 * same open rules, same placeholder expansion, same result shape.
 */
import type { ExecFn } from '../context.js';
import { BUSY_TIMEOUT_SECONDS, type DbRequest, type SqliteReadResult } from './sqlite-request.js';

/** Kept to the python3 stdlib (sqlite3, json): it runs on Hermes's own interpreter or any python3. */
export const PYTHON_READER_SCRIPT = String.raw`
import json, os, re, sqlite3, sys, time, urllib.parse

BUSY = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
PLACEHOLDER = re.compile(r"\{\{(?:(\w+):)?(\w+)\.(\w+)\|([^}]*)\}\}")

def expand(sql, tables):
    def sub(m):
        alias, table, col, default = m.group(1), m.group(2), m.group(3), m.group(4)
        if col not in tables.get(table, []):
            return default
        return ('%s."%s"' % (alias, col)) if alias else ('"%s"' % col)
    return PLACEHOLDER.sub(sub, sql)

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

def read_once(path, immutable, spec):
    q = 'mode=ro' + ('&immutable=1' if immutable else '')
    uri = 'file:' + urllib.parse.quote(os.path.abspath(path)) + '?' + q
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
    request = json.loads(sys.stdin.read())
    out = {}
    for spec in request['dbs']:
        try:
            out[spec['key']] = read_db(spec)
        except Exception as e:
            out[spec['key']] = {'ok': False, 'code': 'error', 'error': type(e).__name__ + ': ' + str(e)[:200],
                                'mode': None, 'tables': {}, 'results': {}}
    sys.stdout.write(json.dumps(out))

main()
`;

/** Runs the batched read through one python3 subprocess. Throws with a short reason on failure. */
export async function readWithPython(
  exec: ExecFn,
  python: string,
  dbs: DbRequest[],
): Promise<SqliteReadResult> {
  const result = await exec(python, ['-I', '-S', '-c', PYTHON_READER_SCRIPT, String(BUSY_TIMEOUT_SECONDS)], {
    input: JSON.stringify({ dbs }),
    timeoutMs: 15_000,
    maxBuffer: 8 * 1024 * 1024,
  });
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
