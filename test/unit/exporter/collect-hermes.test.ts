import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectHermes, type HermesCollection } from '../../../exporter/src/collect/hermes.js';
import {
  configSummarySchema,
  cronSchema,
  gatewaySchema,
  hermesSchema,
  logsSchema,
  memorySchema,
  probeSchema,
  recoverySchema,
  sessionsSchema,
  skillsSchema,
} from '../../../common/contract/snapshot.js';
import {
  buildHermesHome,
  createRecordingExec,
  diffTrees,
  fixtureCollectContext,
  hashTree,
  type HermesHomeFixture,
  type RecordingExec,
} from '../../fixtures/hermes-home/index.js';

describe('collectHermes on a realistic Hermes home (schema 22, live gateway, no writer attached)', () => {
  let dir: string;
  let fx: HermesHomeFixture;
  let exec: RecordingExec;
  let result: HermesCollection;
  let before: Map<string, string>;
  let after: Map<string, string>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hmc-collect-'));
    fx = await buildHermesHome(dir);
    before = await hashTree(dir);
    exec = createRecordingExec();
    result = await collectHermes(fixtureCollectContext(fx, { exec }), { nodeSqlite: null });
    after = await hashTree(dir);
  });
  afterAll(async () => {
    await fx?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('changes nothing under HERMES_HOME or the install dir (content, mtime and mode of every file)', () => {
    expect(diffTrees(before, after)).toEqual([]);
    expect(before.size).toBeGreaterThan(40);
  });

  it('creates no -wal/-shm next to a WAL database that had none', () => {
    for (const db of ['state.db', 'cron/executions.db', 'profiles/work/state.db']) {
      expect(existsSync(join(fx.hermesHome, `${db}-wal`))).toBe(false);
      expect(existsSync(join(fx.hermesHome, `${db}-shm`))).toBe(false);
    }
  });

  it('never lets a canary secret, message text, title or chat id into the output', () => {
    const json = JSON.stringify(result);
    expect(json).not.toContain('FIXTURE');
    expect(json).not.toContain('1001');
    expect(json).not.toMatch(/sk-|ghp_|ya29/);
  });

  it('spends exactly one subprocess (the python SQLite reader) on all databases', () => {
    expect(exec.calls).toHaveLength(1);
    expect(exec.calls[0]!.file).toBe('python3');
  });

  it('records a passing probe for every sub-collector', () => {
    const names = result.probes.map((p) => p.name).sort();
    expect(names).toEqual(
      [
        'cron.executions',
        'cron.jobs',
        'cron.ticker',
        'gateway',
        'hermes.config',
        'hermes.version',
        'logs',
        'memory',
        'recovery',
        'sessions',
        'signals.cron',
        'signals.delivery',
        'signals.gateway',
        'skills',
        'usage',
      ].sort(),
    );
    for (const p of result.probes) {
      expect(probeSchema.parse(p)).toEqual(p);
      expect({ name: p.name, error: p.error }).toEqual({ name: p.name, error: null });
    }
  });

  it('produces parts that satisfy the snapshot contract', () => {
    hermesSchema.parse(result.hermes);
    configSummarySchema.parse(result.config);
    sessionsSchema.parse(result.sessions);
    cronSchema.parse(result.cron);
    gatewaySchema.parse(result.gateway);
    memorySchema.parse(result.memory);
    skillsSchema.parse(result.skills);
    logsSchema.parse(result.logs);
    recoverySchema.parse(result.recovery);
  });

  it('reports the session numbers hermes sessions stats would print', () => {
    const e = fx.expected.sessions;
    expect(result.sessions).toMatchObject({
      backend: 'sqlite',
      dbSchemaVersion: 22,
      active: e.active,
      total: e.total,
      archived: e.archived,
      messages: e.messages,
      bySource: e.bySource,
      open: e.open,
      startedLast24h: e.startedLast24h,
      lastActivityAt: e.lastActivityAt,
      last24h: e.last24h,
      last7d: e.last7d,
    });
    expect(result.sessions.walBytes).toBe(0);
    expect(result.sessions.dbBytes).toBeGreaterThan(0);
  });

  it('lists recent non-archived sessions newest first, without titles by default', () => {
    const recent = result.sessions.recent;
    expect(recent.map((s) => s.id)).toEqual([
      '20260718_093500_c0ffee',
      '20260718_100000_d4e5f6a7',
      'cron_a1a1a1a1a1a1_20260718_080000',
      '20260718_090000_a1b2c3',
      '20260715_100000_b0b0b0',
    ]);
    expect(recent[1]).toEqual({
      id: '20260718_100000_d4e5f6a7',
      source: 'telegram',
      startedAt: '2026-07-18T09:30:00.000Z',
      endedAt: null,
      lastActivityAt: '2026-07-18T09:58:00.000Z',
      messageCount: 3,
      model: 'anthropic/claude-sonnet-4',
      endReason: null,
      costUsd: 0.02,
    });
    expect(recent.some((s) => 'title' in s)).toBe(false);
  });

  it('fills 30 UTC days of sessions and messages, oldest first', () => {
    const days = result.sessions.perDay;
    expect(days).toHaveLength(30);
    expect(days[0]!.date).toBe('2026-06-19');
    expect(days.at(-1)).toEqual({ date: '2026-07-18', sessions: 4, messages: 11 });
    expect(days.find((d) => d.date === '2026-07-10')).toEqual({
      date: '2026-07-10',
      sessions: 1,
      messages: 2,
    });
  });

  it('reads version, release date, pyproject version, short git HEAD and the cached update check', () => {
    expect(result.hermes).toEqual({
      version: '0.18.2',
      versionSource: 'init-py',
      releaseDate: '2026.7.7.2',
      pyprojectVersion: '0.18.2',
      gitHead: fx.expected.gitHead,
      installDir: fx.installDir,
      installMethod: 'git',
      updateBehind: 3,
      updateCheckedAt: '2026-07-18T09:00:00.000Z',
    });
    expect(result.hermes.gitHead).toMatch(/^[0-9a-f]{8}$/);
  });

  it('summarises config.yaml from an allowlist only', () => {
    expect(result.config).toEqual({
      configVersion: 33,
      modelDefault: 'anthropic/claude-sonnet-4',
      modelProvider: 'openrouter',
      modelBaseUrlHost: 'openrouter.ai',
      fallbackChain: [{ provider: 'nous', model: 'Hermes-4-405B' }],
      approvalsMode: 'smart',
      approvalsCronMode: 'deny',
      redactSecrets: true,
      redactPii: false,
      tirithEnabled: true,
      toolsets: ['hermes-cli'],
      terminalBackend: 'local',
      browserEngine: 'auto',
      webBackend: 'auto',
      memoryProvider: 'builtin',
      stateStoreBackend: 'sqlite',
      cronProvider: 'builtin',
      timezone: 'local',
      mcpServers: [
        { name: 'gh', enabled: true },
        { name: 'files', enabled: false },
      ],
      dashboardAuthConfigured: true,
      // The fixture's config.yaml is written like save_config writes it: these came from the defaults.
      defaulted: [
        'approvalsMode',
        'approvalsCronMode',
        'redactSecrets',
        'redactPii',
        'tirithEnabled',
        'toolsets',
        'terminalBackend',
        'browserEngine',
        'webBackend',
        'timezone',
        'memoryProvider',
        'cronProvider',
      ],
      defaultsVersion: '0.18.2',
    });
  });

  it('reports cron jobs, overdue ones, ticker ages and 24 h execution counts', () => {
    expect(result.cron.provider).toBe('builtin');
    expect(result.cron.jobs).toHaveLength(fx.expected.cron.jobCount);
    expect(result.cron.jobs!.filter((j) => j.overdue).map((j) => j.id)).toEqual(fx.expected.cron.overdueIds);
    expect(result.cron.tickerHeartbeatAgeSeconds).toBe(30);
    expect(result.cron.tickerLastSuccessAgeSeconds).toBe(30);
    expect(result.cron.executions24h).toEqual(fx.expected.cron.executions24h);
  });

  it('sees the live gateway with a fresh, pid-matched heartbeat and a connected Telegram', () => {
    expect(result.gateway).toMatchObject({
      running: true,
      pid: fx.gatewayPid,
      heartbeatAgeSeconds: 20,
      heartbeatPidMatches: true,
      state: 'running',
      exitReason: null,
      restartRequested: false,
      activeAgents: 0,
      stateUpdatedAt: '2026-07-18T04:00:00.000Z',
      restartsLastHour: 2,
    });
    expect(result.gateway.platforms.telegram).toEqual({
      state: 'connected',
      errorCode: null,
      errorMessage: null,
      updatedAt: '2026-07-18T04:00:00.000Z',
    });
  });

  it('counts memories, skills, log errors and recovery readiness the way Hermes does', () => {
    expect(result.memory).toMatchObject({ entries: 3, userEntries: 1, provider: 'builtin' });
    expect(result.memory.memoryUsagePct).toBeGreaterThan(0);
    expect(result.skills).toEqual({
      count: 2,
      hubInstalled: 1,
      quarantined: 1,
      curatorLastRunAt: '2026-07-17T10:00:00.000Z',
    });
    expect(result.logs).toEqual(fx.expected.logs);
    expect(result.recovery).toEqual({
      restoreDrillAt: '2026-07-08T10:00:00.000Z',
      restoreDrillAgeDays: 10,
      googleToken: { present: true, expiresAt: fx.expected.googleTokenExpiresAt, hasRefreshToken: true },
    });
  });
});

describe('collectHermes with a missing HERMES_HOME', () => {
  it('returns unknowns with failed probes instead of throwing, and runs no subprocess', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hmc-collect-none-'));
    try {
      const fx = {
        dir,
        hermesHome: join(dir, 'nope'),
        installDir: null,
        recovery: {},
      } as unknown as HermesHomeFixture;
      const exec = createRecordingExec();
      const result = await collectHermes(fixtureCollectContext(fx, { exec }), { nodeSqlite: null });
      expect(result.sessions.active).toBeNull();
      expect(result.gateway.running).toBeNull();
      expect(result.cron.jobs).toBeNull();
      expect(result.probes.every((p) => !p.ok && p.error === 'HERMES_HOME not found or not readable')).toBe(
        true,
      );
      expect(exec.calls).toHaveLength(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
