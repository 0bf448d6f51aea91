/**
 * The python3 SQLite reader's own plumbing, run for real: the request travels as a Python literal and the
 * answer as the script's own ASCII JSON, so awkward text (quotes, backslashes, control characters,
 * accents, emoji) and an awkward path (spaces, %, ?, #, non-ASCII) must survive both ways unchanged.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCountingExec } from '../../../exporter/src/exec.js';
import { readWithPython, toPythonLiteral } from '../../../exporter/src/collect/sqlite/python-reader.js';

const PYTHON = '/usr/bin/python3';
const AWKWARD = [
  'plain',
  'quote " and \\ backslash',
  'tab\tnewline\ncarriage\rnul-free \u0001 bell\u0007 del\u007f',
  'café naïve — “curly” ‘quotes’',
  'emoji 🐍🚀 and CJK 漢字',
  '\u2028line separator\u2029',
];

let dir: string;
let db: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hmc-pyreader-'));
  const folder = join(dir, 'home with space %41 ?x #y é 🐍');
  mkdirSync(folder);
  db = join(folder, 'state.db');
  // The database is written by python3's sqlite3 (parameters, so the text goes in byte for byte).
  execFileSync(PYTHON, [
    '-c',
    'import sqlite3,sys,json;c=sqlite3.connect(sys.argv[1]);c.execute("CREATE TABLE sessions (id TEXT, source TEXT, cost REAL)");' +
      'c.executemany("INSERT INTO sessions VALUES (?,?,?)",[(str(i),s,i*0.5) for i,s in enumerate(json.loads(sys.argv[2]))]);c.commit()',
    db,
    JSON.stringify(AWKWARD),
  ]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('toPythonLiteral', () => {
  it('turns values into an ASCII-only Python literal that python reads back to the same value', () => {
    const value = {
      s: AWKWARD,
      n: [0, -1, 1.5, 1e21],
      b: [true, false],
      none: null,
      nested: { 'k"ey': ['x'] },
    };
    const literal = toPythonLiteral(value);
    expect(/^[\x20-\x7e]*$/.test(literal)).toBe(true);
    const echoed = execFileSync(PYTHON, ['-I', '-S', '-c', `import json;print(json.dumps(${literal}))`], {
      encoding: 'utf8',
    });
    expect(JSON.parse(echoed)).toEqual(value);
  });
});

describe('readWithPython', () => {
  it('reads awkward text from a database at an awkward path, unchanged', async () => {
    const counting = createCountingExec();
    const out = await readWithPython(counting.exec, PYTHON, [
      {
        key: 'state',
        path: db,
        queries: [
          {
            name: 'all',
            requires: ['sessions.source'],
            sql: 'SELECT id, {{sessions.source|NULL}} AS source, {{s:sessions.missing_col|0}} AS m, cost FROM sessions s WHERE cost >= ? ORDER BY CAST(id AS INTEGER)',
            params: [0],
          },
        ],
      },
    ]);
    expect(counting.stats().count).toBe(1);
    const result = out.state!;
    expect(result.ok).toBe(true);
    expect(result.tables.sessions).toEqual(['id', 'source', 'cost']);
    expect(result.results.all).toEqual({
      rows: AWKWARD.map((source, i) => ({ id: String(i), source, m: 0, cost: i * 0.5 })),
    });
  });

  it('reports a missing database as absent, not as an error or zero', async () => {
    const out = await readWithPython(createCountingExec().exec, PYTHON, [
      { key: 'x', path: join(dir, 'nope.db'), queries: [] },
    ]);
    expect(out.x).toMatchObject({ ok: false, code: 'absent' });
  });
});
