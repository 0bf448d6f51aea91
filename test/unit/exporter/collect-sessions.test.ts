import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { collectHermes } from '../../../exporter/src/collect/hermes.js';
import { readSqlite } from '../../../exporter/src/collect/sqlite/sqlite-reader.js';
import { sessionsDbRequest } from '../../../exporter/src/collect/sessions.js';
import {
  buildHermesHome,
  createRecordingExec,
  diffTrees,
  fixtureCollectContext,
  hashTree,
  holdSqliteWriter,
  WAL_ONLY_SESSION_ID,
  type BuildHermesHomeOptions,
  type HermesHomeFixture,
} from '../../fixtures/hermes-home/index.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function fixture(options: BuildHermesHomeOptions): Promise<HermesHomeFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'hmc-sessions-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  // Sessions tests do not need a gateway process or a git checkout.
  const fx = await buildHermesHome(dir, { gateway: 'absent', install: 'none', ...options });
  cleanups.push(() => fx.close());
  return fx;
}

const NODE_SQLITE_OFF = { nodeSqlite: null };

describe('sessions from state.db', () => {
  it("reads through a live writer's WAL (sees a session committed only there) and leaves its files alone", async () => {
    const fx = await fixture({ writer: true });
    expect(existsSync(join(fx.hermesHome, 'state.db-wal'))).toBe(true);
    // The -shm too: the reader opens it read-only (readonly_shm=1), so not even a read mark is written.
    const before = await hashTree(fx.hermesHome);
    const result = await collectHermes(fixtureCollectContext(fx), NODE_SQLITE_OFF);
    expect(diffTrees(before, await hashTree(fx.hermesHome))).toEqual([]);
    expect(result.sessions).toMatchObject({
      total: fx.expected.sessions.total,
      active: fx.expected.sessions.active,
      open: fx.expected.sessions.open,
      bySource: fx.expected.sessions.bySource,
    });
    expect(result.sessions.total).toBe(7);
    expect(result.sessions.recent[0]!.id).toBe(WAL_ONLY_SESSION_ID);
    expect(result.sessions.walBytes).toBeGreaterThan(0);
  });

  it('opens a WAL database with no writer as immutable, and through the WAL once a writer has attached', async () => {
    const fx = await fixture({});
    const ctx = fixtureCollectContext(fx);
    const request = [sessionsDbRequest(fx.hermesHome, fx.now.getTime() / 1000, false)];
    const cold = await readSqlite(ctx, request, NODE_SQLITE_OFF);
    expect(cold.results.state!.mode).toBe('immutable');
    expect(existsSync(join(fx.hermesHome, 'state.db-shm'))).toBe(false);

    const writer = await holdSqliteWriter(join(fx.hermesHome, 'state.db'), {
      id: WAL_ONLY_SESSION_ID,
      startedAt: 1,
    });
    cleanups.push(() => writer.close());
    const warm = await readSqlite(ctx, request, NODE_SQLITE_OFF);
    expect(warm.results.state!.mode).toBe('ro-shm');
    expect(warm.results.state!.results.counts).toEqual({ rows: [{ total: 7, archived: 1, hidden: 0 }] });
  });

  it('uses last_activity_at on schema 30 and reports the schema version', async () => {
    const fx = await fixture({ schema: 30 });
    const result = await collectHermes(fixtureCollectContext(fx), NODE_SQLITE_OFF);
    expect(result.sessions.dbSchemaVersion).toBe(30);
    expect(result.sessions.lastActivityAt).toBe(fx.expected.sessions.lastActivityAt);
    expect(result.sessions.lastActivityAt).toBe('2026-07-18T09:59:00.000Z');
    expect(result.sessions.recent.find((s) => s.id === '20260718_100000_d4e5f6a7')!.lastActivityAt).toBe(
      '2026-07-18T09:59:00.000Z',
    );
    expect(result.probes.find((p) => p.name === 'sessions')!.ok).toBe(true);
  });

  it('tolerates a missing messages table and archived column: unknown stays null, the rest is counted', async () => {
    const fx = await fixture({ schema: 'missing-table' });
    const result = await collectHermes(fixtureCollectContext(fx), NODE_SQLITE_OFF);
    const e = fx.expected.sessions;
    expect(result.sessions).toMatchObject({
      total: e.total,
      archived: 0,
      active: e.active,
      messages: null,
      lastActivityAt: null,
      bySource: e.bySource,
      last24h: e.last24h,
    });
    expect(result.sessions.perDay).toEqual([]);
    expect(result.sessions.recent).toHaveLength(6);
    const probe = result.probes.find((p) => p.name === 'sessions')!;
    expect(probe.ok).toBe(false);
    expect(probe.error).toContain('missing messages');
  });

  it('includes titles only with the includeTitles opt-in', async () => {
    const fx = await fixture({});
    const result = await collectHermes(
      fixtureCollectContext(fx, { config: { includeTitles: true } }),
      NODE_SQLITE_OFF,
    );
    expect(result.sessions.recent[0]!.title).toBe('FIXTURE-TITLE 20260718_093500_c0ffee');
  });

  it('skips state.db on a postgresql state store (counts unknown, not zero)', async () => {
    const fx = await fixture({ configExtra: { state_store: { backend: 'postgresql' } } });
    const result = await collectHermes(fixtureCollectContext(fx), NODE_SQLITE_OFF);
    expect(result.sessions.backend).toBe('postgresql');
    expect(result.sessions.active).toBeNull();
    expect(result.sessions.total).toBeNull();
    expect(result.config.stateStoreBackend).toBe('postgresql');
  });

  it('reports an empty profile database as zero sessions and a missing one as unknown', async () => {
    const fx = await fixture({});
    const work = await collectHermes(fixtureCollectContext(fx, { hermesHome: fx.workHome }), NODE_SQLITE_OFF);
    expect(work.sessions).toMatchObject({
      total: 0,
      active: 0,
      messages: 0,
      open: 0,
      lastActivityAt: null,
      recent: [],
    });
    expect(work.gateway.running).toBe(false);
    expect(work.config.configVersion).toBe(30);

    await rm(join(fx.hermesHome, 'state.db'));
    const gone = await collectHermes(fixtureCollectContext(fx), NODE_SQLITE_OFF);
    expect(gone.sessions.active).toBeNull();
    expect(gone.probes.find((p) => p.name === 'sessions')!.error).toBe('state.db not found');
  });

  it('gives up with "busy" (not a guess) when another process holds an exclusive lock', async () => {
    const fx = await fixture({});
    const db = join(fx.hermesHome, 'state.db');
    // A rollback-journal database locked EXCLUSIVE blocks readers (WAL never does).
    const holder = spawn(
      'python3',
      [
        '-c',
        "import sqlite3,sys; c=sqlite3.connect(sys.argv[1], isolation_level=None); c.execute('PRAGMA journal_mode=DELETE'); c.execute('BEGIN EXCLUSIVE'); print('locked', flush=True); sys.stdin.read()",
        db,
      ],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    cleanups.push(async () => {
      holder.stdin.end();
      await new Promise((r) => holder.once('exit', r));
    });
    await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
    const exec = createRecordingExec();
    const result = await collectHermes(fixtureCollectContext(fx, { exec }), NODE_SQLITE_OFF);
    expect(result.sessions.total).toBeNull();
    expect(result.probes.find((p) => p.name === 'sessions')!.error).toMatch(/busy/);
    expect(exec.calls).toHaveLength(1);
  });

  it('reports a clear probe error when no python is available, without throwing', async () => {
    const fx = await fixture({});
    const result = await collectHermes(
      fixtureCollectContext(fx, { config: { python: join(fx.dir, 'no-such-python') } }),
      NODE_SQLITE_OFF,
    );
    expect(result.sessions.active).toBeNull();
    expect(result.cron.executions24h).toBeNull();
    expect(result.probes.find((p) => p.name === 'sessions')!.error).toMatch(/python sqlite reader failed/);
    expect(result.cron.jobs).toHaveLength(5);
  });
});
