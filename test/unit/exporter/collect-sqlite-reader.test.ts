import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeSqliteModule } from '../../../exporter/src/collect/sqlite/node-sqlite-reader.js';
import { choosePython, readSqlite } from '../../../exporter/src/collect/sqlite/sqlite-reader.js';
import { expandSql, firstMissing } from '../../../exporter/src/collect/sqlite/sqlite-request.js';
import { sessionsDbRequest } from '../../../exporter/src/collect/sessions.js';
import {
  buildHermesHome,
  createRecordingExec,
  fixtureCollectContext,
  type HermesHomeFixture,
} from '../../fixtures/hermes-home/index.js';

/** A stand-in node:sqlite whose constructor records the location it was asked to open. */
function fakeNodeSqlite(behaviour: 'unsupported' | 'works', opened: string[]): NodeSqliteModule {
  class DatabaseSync {
    constructor(location: string) {
      opened.push(location);
      if (behaviour === 'unsupported') throw new Error('unable to open database file');
    }
    prepare(sql: string) {
      return {
        all: () =>
          sql.includes('sqlite_master')
            ? [{ name: 'sessions' }]
            : sql.startsWith('PRAGMA')
              ? [{ name: 'id' }]
              : [{ total: 1 }],
      };
    }
    close() {}
  }
  return { DatabaseSync } as unknown as NodeSqliteModule;
}

describe('SQLite backend choice', () => {
  let dir: string;
  let fx: HermesHomeFixture;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hmc-sqlite-'));
    fx = await buildHermesHome(dir, { gateway: 'absent', install: 'none' });
  });
  afterAll(async () => {
    await fx?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('reads in-process with node:sqlite, by an immutable read-only URI, and spawns nothing', async () => {
    const opened: string[] = [];
    const exec = createRecordingExec();
    const request = [
      {
        key: 'state',
        path: join(fx.hermesHome, 'state.db'),
        queries: [{ name: 'q', requires: ['sessions'], sql: 'SELECT 1' }],
      },
    ];
    const out = await readSqlite(fixtureCollectContext(fx, { exec }), request, {
      nodeSqlite: fakeNodeSqlite('works', opened),
    });
    expect(out.backend).toBe('node:sqlite');
    expect(opened).toEqual([`file:${join(fx.hermesHome, 'state.db')}?mode=ro&immutable=1`]);
    expect(out.results.state!.results.q).toEqual({ rows: [{ total: 1 }] });
    expect(exec.calls).toHaveLength(0);
  });

  it('falls back to one python3 run when this Node cannot open URI filenames', async () => {
    const exec = createRecordingExec();
    const request = [sessionsDbRequest(fx.hermesHome, fx.now.getTime() / 1000, false)];
    const out = await readSqlite(fixtureCollectContext(fx, { exec }), request, {
      nodeSqlite: fakeNodeSqlite('unsupported', []),
    });
    expect(out.backend).toBe('python');
    expect(out.results.state!.results.counts).toEqual({ rows: [{ total: 6, archived: 1, hidden: 0 }] });
    expect(exec.calls).toHaveLength(1);
  });

  it("prefers the install's venv python over python3 on PATH, and config.python over both", async () => {
    const install = join(dir, 'install-with-venv');
    await mkdir(join(install, 'venv', 'bin'), { recursive: true });
    await symlink('/usr/bin/python3', join(install, 'venv', 'bin', 'python3'));
    const ctx = fixtureCollectContext(fx, { installDir: install });
    expect(choosePython(ctx)).toBe(join(install, 'venv', 'bin', 'python3'));
    expect(choosePython(fixtureCollectContext(fx, { installDir: null }))).toBe('python3');
    expect(choosePython(fixtureCollectContext(fx, { config: { python: '/opt/py/bin/python3' } }))).toBe(
      '/opt/py/bin/python3',
    );
  });

  it('reports a database that is not SQLite as an error, not as data', async () => {
    const bogus = join(dir, 'bogus.db');
    await writeFile(bogus, 'this is not a database file at all, just text padding to pass the header length');
    const out = await readSqlite(fixtureCollectContext(fx), [{ key: 'x', path: bogus, queries: [] }], {
      nodeSqlite: null,
    });
    expect(out.results.x).toMatchObject({ ok: false, code: 'error' });
  });
});

describe('schema-tolerant SQL', () => {
  const tables = { sessions: ['id', 'archived'], messages: ['id'] };
  it('expands placeholders to the column when present and to the default when not', () => {
    expect(expandSql('SELECT {{sessions.archived|0}}, {{s:sessions.title|NULL}}', tables)).toBe(
      'SELECT "archived", NULL',
    );
    expect(expandSql('{{s:sessions.archived|0}}', tables)).toBe('s."archived"');
  });
  it('names the first missing table or column', () => {
    expect(firstMissing(['sessions', 'messages.id'], tables)).toBeNull();
    expect(firstMissing(['sessions.title'], tables)).toBe('sessions.title');
    expect(firstMissing(['gateway_heartbeats'], tables)).toBe('gateway_heartbeats');
  });
});
