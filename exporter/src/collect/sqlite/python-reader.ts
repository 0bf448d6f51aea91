/**
 * The python3 backend: one subprocess per exporter run reads every requested database and prints JSON.
 * Used when this Node has no `node:sqlite` (Node < 22.5). The script mirrors `sqlite-request.ts`:
 * same open rules, same placeholder expansion, same result shape.
 */
import type { ExecFn } from '../context.js';
import { WAL_COPY_MAX_BYTES } from './open-plan.js';
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
WAL_COPY_MAX = int(sys.argv[2]) if len(sys.argv) > 2 else 256 * 1024 * 1024

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

QUERY = {'ro': 'mode=ro', 'immutable': 'mode=ro&immutable=1', 'ro-shm': 'mode=ro&readonly_shm=1', 'private': ''}

def read_once(path, plan, spec):
    # Never read-write: closing a read-write connection on a crashed writer's database checkpoints it,
    # rewrites the file and deletes -wal/-shm. test/unit/exporter/sqlite-read-only.test.ts guards this.
    # The writable entry (no mode) is only ever used on a copy inside our own temp folder (read_copy).
    q = QUERY[plan]
    uri = 'file:' + uri_path(os.path.abspath(path)) + ('?' + q if q else '')
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
        return {'ok': True, 'code': None, 'error': None, 'mode': plan, 'tables': tables, 'results': results}
    finally:
        con.close()

def read_copy(path, spec, sidecar):
    # A WAL without its -shm (any reader of the original would create -shm), or a hot rollback journal
    # (a read-only open of the original fails): read a private copy instead (0700 temp dir, removed at
    # once); the original files are only read. The db is copied first, so every page a writer changed
    # before the copy has its original in the journal copied after it.
    import shutil, tempfile
    tmp = tempfile.mkdtemp(prefix='hmc-walcopy-')
    try:
        copy = os.path.join(tmp, 'db')
        shutil.copyfile(path, copy)
        shutil.copyfile(path + sidecar, copy + sidecar)
        result = read_once(copy, 'ro' if sidecar == '-wal' else 'private', spec)
        result['mode'] = 'wal-copy' if sidecar == '-wal' else 'journal-copy'
        return result
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

def size_or_none(path):
    try:
        return os.path.getsize(path)
    except OSError:
        return None

def open_plan(path, copy_max):
    # Mirrors open-plan.ts openPlan: (plan, wal_ignored).
    if not is_wal_format(path):
        journal = size_or_none(path + '-journal')
        if journal and os.path.getsize(path) + journal <= copy_max:
            return 'journal-copy', False
        return 'ro', False
    wal = size_or_none(path + '-wal')
    if not wal:
        return 'immutable', False
    if os.path.exists(path + '-shm'):
        return 'ro-shm', False
    if os.path.getsize(path) + wal <= copy_max:
        return 'wal-copy', False
    return 'immutable', True

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
    copy_max = spec.get('walCopyMaxBytes') or WAL_COPY_MAX
    for attempt in range(2):
        wal_before = os.path.exists(path + '-wal')
        plan, wal_ignored = open_plan(path, copy_max)
        try:
            if plan == 'wal-copy':
                result = read_copy(path, spec, '-wal')
            elif plan == 'journal-copy':
                result = read_copy(path, spec, '-journal')
            else:
                result = read_once(path, plan, spec)
        except (Busy, sqlite3.Error, OSError) as e:
            busy = isinstance(e, Busy) or is_busy(e)
            last = str(e).split('\n')[0][:200]
            if plan == 'ro-shm' and not busy and os.path.getsize(path) + (size_or_none(path + '-wal') or 0) <= copy_max:
                # An -shm that needs recovery cannot be used read-only: read a private copy instead.
                try:
                    result = read_copy(path, spec, '-wal')
                    result['walIgnored'] = False
                    return result
                except (Busy, sqlite3.Error, OSError) as e2:
                    last = str(e2).split('\n')[0][:200]
            if plan == 'ro' and 'readonly' in last and os.path.exists(path + '-journal'):
                last = 'hot journal (a writer died mid-transaction) and too large to copy: Hermes rolls it back on its next open'
            time.sleep(0.15)
            continue
        if plan == 'immutable' and not wal_before and os.path.exists(path + '-wal') and attempt == 0:
            continue  # a writer appeared while we read the main file alone; read again through its WAL
        if plan == 'wal-copy' and os.path.exists(path + '-shm') and attempt == 0:
            continue  # a writer attached while we copied; read again through its WAL
        result['walIgnored'] = wal_ignored
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
    ['-I', '-S', '-c', pythonReaderScript(dbs), String(BUSY_TIMEOUT_SECONDS), String(WAL_COPY_MAX_BYTES)],
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
