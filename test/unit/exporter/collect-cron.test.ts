import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeOverdue } from '../../../exporter/src/collect/cron-overdue.js';
import { deliverPlatforms, mapJob, parseJobsJson } from '../../../exporter/src/collect/cron.js';
import { collectHermes, type HermesCollection } from '../../../exporter/src/collect/hermes.js';
import {
  buildHermesHome,
  fixtureCollectContext,
  type HermesHomeFixture,
} from '../../fixtures/hermes-home/index.js';

const NOW = new Date('2026-07-18T10:00:00Z');
const settings = {
  graceSeconds: 300,
  backupJobPattern: 'backup',
  watchdogJobPattern: 'watchdog',
  timezone: null,
};
const ago = (s: number) => new Date(NOW.getTime() - s * 1000).toISOString();

describe('cron jobs from the fixture home', () => {
  let dir: string;
  let fx: HermesHomeFixture;
  let result: HermesCollection;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hmc-cron-'));
    fx = await buildHermesHome(dir, { gateway: 'absent', install: 'none' });
    result = await collectHermes(fixtureCollectContext(fx), { nodeSqlite: null });
  });
  afterAll(async () => {
    await fx?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const job = (id: string) => result.cron.jobs!.find((j) => j.id === id)!;

  it('maps a healthy recurring job, and flags the run whose delivery failed', () => {
    expect(job('a1a1a1a1a1a1')).toEqual({
      id: 'a1a1a1a1a1a1',
      name: 'Morning brief',
      enabled: true,
      state: 'scheduled',
      scheduleKind: 'cron',
      scheduleDisplay: '0 9 * * *',
      lastStatus: 'ok',
      lastError: null,
      deliveryFailed: true,
      deliveryError: 'Forbidden: bot was blocked by the user (chat_id=[redacted])',
      deliver: ['telegram'],
      lastRunAt: '2026-07-18T09:00:40.000Z',
      nextRunAt: '2026-07-19T09:00:00.000Z',
      overdue: false,
      overdueSeconds: null,
      role: null,
    });
  });

  it('redacts tokens and URLs out of last_error and recognises the backup job by name', () => {
    const b = job('b2b2b2b2b2b2');
    expect(b.lastStatus).toBe('error');
    expect(b.lastError).toBe('boom: HTTP 401 from https://api.telegram.org/… token=[redacted]');
    expect(b.role).toBe('backup');
  });

  it('never counts a paused job as overdue', () => {
    expect(job('c3c3c3c3c3c3')).toMatchObject({
      enabled: false,
      state: 'paused',
      overdue: false,
      deliver: ['origin'],
    });
  });

  it('flags the job whose next run is two hours past, reduces its targets to platforms, and tags the watchdog', () => {
    expect(job('d4d4d4d4d4d4')).toMatchObject({
      overdue: true,
      overdueSeconds: 7200,
      deliver: ['telegram', 'local'],
      role: 'watchdog',
    });
  });

  it('flags a recurring job whose next_run_at is null once its schedule says it should have run (#5518)', () => {
    expect(job('e5e5e5e5e5e5')).toMatchObject({
      nextRunAt: null,
      overdue: true,
      overdueSeconds: 3600,
      deliver: ['discord'],
    });
  });

  it('reads the jobs file in its bare-list and BOM forms, and treats a corrupt one as unknown', async () => {
    const path = join(fx.hermesHome, 'cron', 'jobs.json');
    const ctx = fixtureCollectContext(fx);
    for (const [content, expected] of [
      [JSON.stringify([{ id: 'x1', name: 'bare', enabled: true }]), 1],
      [`\ufeff${JSON.stringify({ jobs: [{ id: 'x1' }, { id: 'x2' }] })}`, 2],
    ] as const) {
      await writeFile(path, content);
      const r = await collectHermes(ctx, { nodeSqlite: null });
      expect(r.cron.jobs).toHaveLength(expected);
    }
    await writeFile(path, '{"jobs": [{"id": "x1", "name": "trunc');
    const corrupt = await collectHermes(ctx, { nodeSqlite: null });
    expect(corrupt.cron.jobs).toBeNull();
    expect(corrupt.probes.find((p) => p.name === 'cron.jobs')).toMatchObject({
      ok: false,
      error: 'cron/jobs.json is not valid JSON',
    });
  });

  it('reports ticker ages from the epoch files, and null ages when they are missing', async () => {
    expect(result.cron.tickerHeartbeatAt).toBe('2026-07-18T09:59:30.000Z');
    await writeFile(join(fx.hermesHome, 'cron', 'ticker_heartbeat'), String(NOW.getTime() / 1000 - 600));
    await rm(join(fx.hermesHome, 'cron', 'ticker_last_success'));
    const r = await collectHermes(fixtureCollectContext(fx), { nodeSqlite: null });
    expect(r.cron.tickerHeartbeatAgeSeconds).toBe(600);
    expect(r.cron.tickerLastSuccessAgeSeconds).toBeNull();
  });
});

describe('jobs.json parsing', () => {
  it('accepts both documented shapes and rejects anything else', () => {
    expect(parseJobsJson('[]')).toEqual({ status: 'ok', jobs: [] });
    expect(parseJobsJson('{"jobs":[{"id":"a"}],"updated_at":"x"}')).toEqual({
      status: 'ok',
      jobs: [{ id: 'a' }],
    });
    expect(parseJobsJson('{"jobs": 3}').status).toBe('invalid');
    expect(parseJobsJson('nope').status).toBe('invalid');
  });

  it('keeps only platform names from every deliver form', () => {
    expect(deliverPlatforms('telegram:-1001234:17, discord:99 ,local')).toEqual([
      'telegram',
      'discord',
      'local',
    ]);
    expect(deliverPlatforms(['slack:C0123', 'telegram'])).toEqual(['slack', 'telegram']);
    expect(deliverPlatforms(undefined)).toEqual([]);
    expect(deliverPlatforms('-1001234')).toEqual([]);
  });

  it('exports no prompt, origin or unknown field of a job', () => {
    const mapped = mapJob(
      { id: 'j', prompt: 'secret', origin: { chat_id: '42' }, script: 'x.sh' },
      0,
      NOW,
      settings,
    )!;
    expect(JSON.stringify(mapped)).not.toMatch(/secret|chat_id|x\.sh/);
    expect(mapped.role).toBeNull();
  });
});

describe("overdue from the job's own schedule", () => {
  const base = { enabled: true, state: 'scheduled' };

  it('is not overdue within the grace period, overdue after it', () => {
    expect(computeOverdue({ ...base, next_run_at: ago(200) }, NOW, 300, null)).toEqual({
      overdue: false,
      overdueSeconds: null,
    });
    expect(computeOverdue({ ...base, next_run_at: ago(400) }, NOW, 300, null)).toEqual({
      overdue: true,
      overdueSeconds: 400,
    });
  });

  it('derives the due time of a cron job without next_run_at from its expression after the last run', () => {
    const job = {
      ...base,
      schedule: { kind: 'cron', expr: '0 9 * * *' },
      next_run_at: null,
      last_run_at: '2026-07-17T09:00:30+00:00',
    };
    expect(computeOverdue(job, NOW, 300, 'UTC')).toEqual({ overdue: true, overdueSeconds: 3600 });
    // Evaluated in Hermes's timezone: 09:00 in Berlin is 07:00 UTC.
    expect(computeOverdue(job, NOW, 300, 'Europe/Berlin')).toEqual({
      overdue: true,
      overdueSeconds: 3 * 3600,
    });
  });

  it('treats a once job that never ran as due at run_at, and one that ran as done', () => {
    const once = { ...base, schedule: { kind: 'once', run_at: ago(3600) }, next_run_at: null };
    expect(computeOverdue(once, NOW, 300, null).overdue).toBe(true);
    expect(computeOverdue({ ...once, last_run_at: ago(3500) }, NOW, 300, null).overdue).toBe(false);
  });

  it('calls a recurring job that can never be dated overdue, and ignores disabled, paused and completed jobs', () => {
    expect(
      computeOverdue({ ...base, schedule: { kind: 'interval' }, next_run_at: null }, NOW, 300, null),
    ).toEqual({
      overdue: true,
      overdueSeconds: null,
    });
    for (const job of [
      { enabled: false, state: 'scheduled', next_run_at: ago(9999) },
      { enabled: true, state: 'paused', next_run_at: ago(9999) },
      { enabled: true, state: 'completed', next_run_at: ago(9999) },
    ]) {
      expect(computeOverdue(job, NOW, 300, null).overdue).toBe(false);
    }
  });
});
