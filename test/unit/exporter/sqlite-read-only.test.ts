/**
 * The exporter's read-only promise where it matters (issue 12 §4): a gateway SIGKILLed before a
 * checkpoint leaves state.db, -wal and -shm with sessions only the WAL holds. Both readers must count
 * those sessions and leave all three files byte-identical, and a WAL whose -shm is gone must still be
 * counted (or the snapshot must say it was not). A read-write open would checkpoint, rewrite state.db
 * and delete -wal/-shm: the last block shows that on the same fixture, so these tests have teeth.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { collectHermes } from '../../../exporter/src/collect/hermes.js';
import { interpretSessions, sessionsDbRequest } from '../../../exporter/src/collect/sessions.js';
import {
  loadNodeSqlite,
  type NodeSqliteModule,
} from '../../../exporter/src/collect/sqlite/node-sqlite-reader.js';
import { openPlan } from '../../../exporter/src/collect/sqlite/open-plan.js';
import {
  PYTHON_READER_SCRIPT,
  pythonReaderScript,
} from '../../../exporter/src/collect/sqlite/python-reader.js';
import { readSqlite } from '../../../exporter/src/collect/sqlite/sqlite-reader.js';
import {
  buildHermesHome,
  diffTrees,
  FIXTURE_CANARY,
  fixtureCollectContext,
  hashTree,
  type HermesHomeFixture,
} from '../../fixtures/hermes-home/index.js';
import { CRASHED_WAL_IDS } from '../../fixtures/hermes-home/build-hermes-home.js';

const execFileAsync = promisify(execFile);
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function fixture(
  crashedWriter: 'wal' | 'wal-without-shm' | 'delete-hot-journal',
): Promise<HermesHomeFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'hmc-readonly-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const fx = await buildHermesHome(dir, { crashedWriter, gateway: 'absent', install: 'none' });
  cleanups.push(() => fx.close());
  return fx;
}

function fileHashes(db: string): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const suffix of ['', '-wal', '-shm', '-journal']) {
    const path = `${db}${suffix}`;
    out[`state.db${suffix}`] = existsSync(path)
      ? createHash('sha256').update(readFileSync(path)).digest('hex')
      : null;
  }
  return out;
}

function walCopies(): string[] {
  return readdirSync(tmpdir()).filter((name) => name.startsWith('hmc-walcopy-'));
}

const nodeSqlite = loadNodeSqlite();
const readers: { name: string; module: NodeSqliteModule | null; skip: boolean }[] = [
  { name: 'python3 reader (the one Node 20 uses)', module: null, skip: false },
  {
    name:
      nodeSqlite === null
        ? `node:sqlite reader (skipped: Node ${process.version} has no node:sqlite)`
        : 'node:sqlite reader',
    module: nodeSqlite,
    skip: nodeSqlite === null,
  },
];

describe.each(readers)('$name', ({ module, skip }) => {
  it.skipIf(skip)(
    'counts the rows a SIGKILLed writer left only in the WAL and leaves state.db, -wal and -shm byte-identical',
    async () => {
      const fx = await fixture('wal');
      const db = join(fx.hermesHome, 'state.db');
      const before = fileHashes(db);
      expect(before['state.db-wal']).not.toBeNull();
      expect(before['state.db-shm']).not.toBeNull();
      const result = await collectHermes(fixtureCollectContext(fx), { nodeSqlite: module });
      expect(fileHashes(db)).toEqual(before);
      expect(result.sessions).toMatchObject({
        total: fx.expected.sessions.total,
        active: fx.expected.sessions.active,
        open: fx.expected.sessions.open,
        readMode: 'ro-shm',
        walNotRead: false,
      });
      expect(result.sessions.recent.map((s) => s.id)).toContain(CRASHED_WAL_IDS[0]);
    },
  );

  it.skipIf(skip)(
    'counts a WAL whose -shm is gone from a private copy: no -shm created, nothing left behind',
    async () => {
      const fx = await fixture('wal-without-shm');
      const before = await hashTree(fx.dir);
      const copiesBefore = walCopies();
      const result = await collectHermes(fixtureCollectContext(fx), { nodeSqlite: module });
      expect(diffTrees(before, await hashTree(fx.dir))).toEqual([]);
      expect(existsSync(join(fx.hermesHome, 'state.db-shm'))).toBe(false);
      expect(walCopies()).toEqual(copiesBefore);
      expect(JSON.stringify(result)).not.toContain(FIXTURE_CANARY);
      // All committed sessions, not the 6 of 7 an immutable open of state.db alone would see.
      expect(result.sessions).toMatchObject({
        total: fx.expected.sessions.total,
        readMode: 'wal-copy',
        walNotRead: false,
      });
      expect(result.probes.find((p) => p.name === 'sessions')).toMatchObject({ ok: true });
    },
  );

  it.skipIf(skip)(
    'counts the committed state of a DELETE-journal database whose writer died mid-transaction, leaving state.db and its hot journal untouched',
    async () => {
      const fx = await fixture('delete-hot-journal');
      const db = join(fx.hermesHome, 'state.db');
      const before = fileHashes(db);
      expect(before['state.db-journal']).not.toBeNull();
      const copiesBefore = walCopies();
      const result = await collectHermes(fixtureCollectContext(fx), { nodeSqlite: module });
      expect(fileHashes(db)).toEqual(before);
      expect(walCopies()).toEqual(copiesBefore);
      // The 3000 uncommitted rows are not counted: what Hermes sees once it rolls the journal back.
      expect(result.sessions).toMatchObject({
        total: fx.expected.sessions.total,
        active: fx.expected.sessions.active,
        readMode: 'journal-copy',
      });
      expect(result.probes.find((p) => p.name === 'sessions')).toMatchObject({ ok: true });
    },
  );

  it.skipIf(skip)(
    'says so in the snapshot when such a WAL is too large to copy (the count may miss its rows)',
    async () => {
      const fx = await fixture('wal-without-shm');
      const nowEpoch = fx.now.getTime() / 1000;
      const request = { ...sessionsDbRequest(fx.hermesHome, nowEpoch, false), walCopyMaxBytes: 1 };
      const read = await readSqlite(fixtureCollectContext(fx), [request], { nodeSqlite: module });
      const db = read.results.state!;
      expect(db).toMatchObject({ ok: true, mode: 'immutable', walIgnored: true });
      const sessions = interpretSessions(db, nowEpoch, false, { dbBytes: 1, walBytes: 1 });
      expect(sessions.walNotRead).toBe(true);
      expect(sessions.total).toBe(fx.expected.sessions.total - CRASHED_WAL_IDS.length);
      expect(existsSync(join(fx.hermesHome, 'state.db-shm'))).toBe(false);
    },
  );
});

/** A stand-in node:sqlite that records where and how it was asked to open, answering no tables. */
function recordingNodeSqlite(
  opened: { location: string; options: Record<string, unknown> }[],
): NodeSqliteModule {
  class DatabaseSync {
    constructor(location: string, options: Record<string, unknown> = {}) {
      opened.push({ location, options });
    }
    prepare() {
      return { all: () => [] };
    }
    close() {}
  }
  return { DatabaseSync } as unknown as NodeSqliteModule;
}

describe('the node:sqlite reader applies the same plan (recording stand-in, runs on every Node)', () => {
  it.each([
    ['wal', /^file:.*\/hermes_root\/state\.db\?mode=ro&readonly_shm=1$/, true],
    ['wal-without-shm', /^file:.*\/hmc-walcopy-[^/]+\/db\?mode=ro$/, true],
    ['delete-hot-journal', /\/hmc-walcopy-[^/]+\/db$/, false],
  ] as const)('%s', async (variant, location, readOnly) => {
    const fx = await fixture(variant);
    const db = join(fx.hermesHome, 'state.db');
    const before = fileHashes(db);
    const opened: { location: string; options: Record<string, unknown> }[] = [];
    const request = [sessionsDbRequest(fx.hermesHome, fx.now.getTime() / 1000, false)];
    await readSqlite(fixtureCollectContext(fx), request, { nodeSqlite: recordingNodeSqlite(opened) });
    expect(opened).toHaveLength(1);
    expect(opened[0]!.location).toMatch(location);
    // Only the private rolled-back copy is ever opened writable.
    expect(opened[0]!.options.readOnly === true).toBe(readOnly);
    expect(fileHashes(db)).toEqual(before);
  });
});

describe('the open rule', () => {
  it('never opens read-write, in the python script or in the plan table', () => {
    expect(PYTHON_READER_SCRIPT).not.toMatch(/mode=rw|mode=rwc/);
    const queries = /QUERY = \{([^}]*)\}/.exec(PYTHON_READER_SCRIPT)![1]!;
    for (const q of queries.matchAll(/'([^']*mode=[^']*)'/g)) expect(q[1]).toMatch(/^mode=ro(&|$)/);
    expect(PYTHON_READER_SCRIPT).toContain("'ro-shm': 'mode=ro&readonly_shm=1'");
    // The one writable open ('private') is of the copy inside read_copy's own temp folder, nowhere else.
    const readCopy = /def read_copy[\s\S]*?\ndef /.exec(PYTHON_READER_SCRIPT)![0];
    expect(readCopy).toContain("'private'");
    expect(PYTHON_READER_SCRIPT.split("'private'").length - 1).toBe(2); // QUERY entry + read_copy
  });

  it('picks the plan from what is on disk', () => {
    const wal = { walFormat: true, dbBytes: 100 };
    expect(openPlan({ ...wal, walFormat: false, walBytes: null, shmExists: false }).plan).toBe('ro');
    expect(openPlan({ ...wal, walBytes: null, shmExists: false }).plan).toBe('immutable');
    expect(openPlan({ ...wal, walBytes: 0, shmExists: true }).plan).toBe('immutable');
    expect(openPlan({ ...wal, walBytes: 50, shmExists: true }).plan).toBe('ro-shm');
    expect(openPlan({ ...wal, walBytes: 50, shmExists: false }).plan).toBe('wal-copy');
    expect(openPlan({ ...wal, walBytes: 50, shmExists: false }, 120)).toEqual({
      plan: 'immutable',
      walIgnored: true,
    });
  });

  it('is what stands between us and damage: the same read with mode=rw rewrites state.db and deletes -wal/-shm', async () => {
    const fx = await fixture('wal');
    const copy = join(fx.dir, 'rw-copy');
    await mkdir(copy);
    for (const suffix of ['', '-wal', '-shm'])
      await copyFile(join(fx.hermesHome, `state.db${suffix}`), join(copy, `state.db${suffix}`));
    const db = join(copy, 'state.db');
    const before = fileHashes(db);
    const request = [sessionsDbRequest(copy, fx.now.getTime() / 1000, false)];
    const rw = pythonReaderScript(request).replace(/'mode=ro(&readonly_shm=1)?'/g, "'mode=rw'");
    expect(rw).toContain("'mode=rw'");
    await execFileAsync('python3', ['-I', '-S', '-c', rw, '1']);
    const after = fileHashes(db);
    expect(after['state.db']).not.toBe(before['state.db']);
    expect(after['state.db-wal']).toBeNull();
    expect(after['state.db-shm']).toBeNull();
  });
});
