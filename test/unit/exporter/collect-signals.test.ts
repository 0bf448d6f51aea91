import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectHermes, type HermesCollection } from '../../../exporter/src/collect/hermes.js';
import { signalsSchema } from '../../../common/contract/snapshot.js';
import {
  buildHermesHome,
  createRecordingExec,
  diffTrees,
  fixtureCollectContext,
  hashTree,
  SIGNAL_JOB_DAILY,
  SIGNAL_JOB_HOURLY,
  SIGNALS_EXPECTED,
  spawnFakeGateway,
  type HermesHomeFixture,
  type RecordingExec,
} from '../../fixtures/hermes-home/index.js';

describe('signals on a home written by newer Hermes (delivery ledger, cron ledger, lifecycle files)', () => {
  let dir: string;
  let fx: HermesHomeFixture;
  let exec: RecordingExec;
  let result: HermesCollection;
  let before: Map<string, string>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hmc-signals-'));
    fx = await buildHermesHome(dir, { signals: true });
    before = await hashTree(dir);
    exec = createRecordingExec();
    result = await collectHermes(fixtureCollectContext(fx, { exec }), { nodeSqlite: null });
  });
  afterAll(async () => {
    await fx?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('changes nothing on disk and still spends one subprocess on every database', async () => {
    expect(diffTrees(before, await hashTree(dir))).toEqual([]);
    expect(exec.calls).toHaveLength(1);
  });

  it('satisfies the contract and records passing signal probes', () => {
    expect(signalsSchema.parse(result.signals)).toEqual(result.signals);
    for (const p of result.probes.filter((x) => x.name.startsWith('signals.'))) expect(p.error).toBeNull();
  });

  it('never lets a reply, chat id, error text, argv or traceback leak', () => {
    const json = JSON.stringify(result.signals);
    expect(json).not.toContain('FIXTURE');
    expect(json).not.toContain('1001');
    expect(json).not.toMatch(/sk-|argv|traceback|RuntimeError/);
  });

  it('counts final replies Hermes owes per state and platform (delivered rows excluded)', () => {
    const d = result.signals.deliveryLedger!;
    expect(d).toMatchObject({ tablePresent: true, ...SIGNALS_EXPECTED.delivery });
    expect(d.byPlatform.telegram).toEqual({ pending: 1, attempting: 0, failed: 1, abandoned: 0 });
    expect(d.byPlatform.discord!.abandoned).toBe(1);
    expect(d.lastFailedAt).toBe(new Date(fx.now.getTime() - 1800_000).toISOString());
  });

  it('reports the ticker error with its time, redacted', () => {
    const t = result.signals.tickerLastError!;
    expect(t.present).toBe(true);
    expect(t.ageSeconds).toBe(120);
    expect(t.message).toContain('PermissionError');
    expect(t.message).toContain('[redacted]');
  });

  it('sees the last-good, corrupt and strict-durability files beside jobs.json', () => {
    expect(result.signals.jobsFiles).toMatchObject({
      lastGood: true,
      strictDurability: true,
      corruptCount: 1,
    });
  });

  it('routes failures by failure_deliver, else deliver, and flags failures that go nowhere', () => {
    const byId = new Map(result.signals.cronJobs!.map((j) => [j.id, j]));
    expect(byId.get('b2b2b2b2b2b2')).toMatchObject({ failureLane: ['local'], failuresGoNowhere: true });
    expect(byId.get(SIGNAL_JOB_DAILY)).toMatchObject({
      failureLane: ['telegram'],
      failureDeliverSet: true,
      failuresGoNowhere: false,
    });
    expect(byId.get('c3c3c3c3c3c3')!.willNotFire).toBe('paused');
    expect(byId.get('e5e5e5e5e5e5')!.willNotFire).toBe('no-next-run');
    expect(byId.get(SIGNAL_JOB_HOURLY)!.noAgent).toBe(true);
  });

  it('lists a week of expected runs for a daily job: ok, undelivered, failed, missed, delivery failed', () => {
    const daily = result.signals.cronJobs!.find((j) => j.id === SIGNAL_JOB_DAILY)!;
    const e = SIGNALS_EXPECTED.daily;
    expect(daily.runs.map((r) => r.outcome)).toEqual(e.outcomes);
    expect(daily).toMatchObject({
      expected7d: e.expected7d,
      missed7d: e.missed7d,
      failed7d: e.failed7d,
      missedBeforeLatest: e.missedBeforeLatest,
      consecutiveFailures: e.consecutiveFailures,
      medianDurationSeconds: e.medianDurationSeconds,
    });
    const missed = daily.runs.filter((r) => r.outcome === 'missed').map((r) => r.at);
    expect(missed).toEqual(['2026-07-16T06:00:00.000Z', '2026-07-17T06:00:00.000Z']);
  });

  it('calls a run still going after 10× its median duration an overrun', () => {
    const hourly = result.signals.cronJobs!.find((j) => j.id === SIGNAL_JOB_HOURLY)!;
    expect(hourly.runs.map((r) => r.outcome)).toEqual(SIGNALS_EXPECTED.hourly.outcomes);
    expect(hourly.expected7d).toBe(SIGNALS_EXPECTED.hourly.expected7d);
  });

  it('classifies each restart in the exit-diag log and sees the restart pending', () => {
    const g = result.signals.gatewayLifecycle!;
    expect(g.restarts.map((r) => r.class)).toEqual(SIGNALS_EXPECTED.restarts);
    expect(g.restarts[0]!.exitCode).toBe(75);
    expect(g.restarts[1]!.exitCode).toBe(1);
    expect(g.sentinel).toMatchObject({ phase: 'running', priorUncleanExit: true, priorSuspectedOom: true });
    expect(g.exitDiag).toMatchObject({
      starts7d: 4,
      uncleanExits7d: 1,
      suspectedOom7d: 1,
      nonzeroExits7d: 1,
    });
    expect(g.faulthandlerAt).toBe(new Date(fx.now.getTime() - 86400_000).toISOString());
    expect(g.codeSha).toBe('deadbeefcafe0000111122223333444455556666');
    expect(g.restartPending).toBe(true);
    expect(g.storm.active).toBe(false);
  });
});

describe('signals on an older Hermes home (none of the new files)', () => {
  let dir: string;
  let fx: HermesHomeFixture;
  let result: HermesCollection;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hmc-signals-old-'));
    fx = await buildHermesHome(dir);
    result = await collectHermes(fixtureCollectContext(fx), { nodeSqlite: null });
  });
  afterAll(async () => {
    await fx?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('says "no ledger" rather than zero, and "absent" rather than unknown', () => {
    expect(result.signals.deliveryLedger).toMatchObject({ tablePresent: false, failed: null });
    expect(result.signals.tickerLastError).toEqual({
      present: false,
      at: null,
      ageSeconds: null,
      message: null,
    });
    expect(result.signals.jobsFiles).toMatchObject({ lastGood: false, corruptCount: 0 });
    expect(result.signals.gatewayLifecycle).toMatchObject({
      sentinel: null,
      exitDiag: null,
      restarts: [],
      restartPending: null,
    });
  });
});

describe('a gateway restart no exporter run saw down', () => {
  let dir: string;
  let fx: HermesHomeFixture;
  const closers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hmc-signals-restart-'));
    fx = await buildHermesHome(dir);
  });
  afterAll(async () => {
    for (const c of closers) await c();
    await fx?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** As a restarted Hermes gateway leaves them: the pid record and gateway_state.json name the new process. */
  async function pointPidFileAt(pid: number, startTime: number) {
    const record = { pid, kind: 'hermes-gateway', argv: [], start_time: startTime };
    await writeFile(join(fx.hermesHome, 'gateway.pid'), JSON.stringify(record));
    const statePath = join(fx.hermesHome, 'gateway_state.json');
    const state = JSON.parse(await readFile(statePath, 'utf8')) as Record<string, unknown>;
    await writeFile(statePath, JSON.stringify({ ...state, ...record }));
  }

  it('is caught from the changed process identity, then a seen-down restart reports its down time', async () => {
    const state = {};
    const run = async (offsetSeconds: number) => {
      const ctx = fixtureCollectContext(fx, { now: new Date(fx.now.getTime() + offsetSeconds * 1000) });
      ctx.state = state;
      return collectHermes(ctx, { nodeSqlite: null });
    };
    const first = await run(0);
    expect(first.gateway.running).toBe(true);
    expect(first.signals.gatewayLifecycle!.restarts).toEqual([]);

    const second = await spawnFakeGateway();
    closers.push(() => second.close());
    await pointPidFileAt(second.pid, second.startTime);
    const quick = await run(60);
    const restarts = quick.signals.gatewayLifecycle!.restarts;
    expect(restarts).toHaveLength(1);
    expect(restarts[0]).toMatchObject({ class: 'unknown', seenDown: false });

    await second.close();
    const down = await run(120);
    expect(down.gateway.running).toBe(false);

    const third = await spawnFakeGateway();
    closers.push(() => third.close());
    await pointPidFileAt(third.pid, third.startTime);
    const back = await run(180);
    const all = back.signals.gatewayLifecycle!.restarts;
    expect(all).toHaveLength(2);
    expect(all[1]!.seenDown).toBe(true);
    expect(all[1]!.downSeconds).not.toBeNull();
  });
});

describe('a VM reboot between two exporter runs (fake /proc: new boot id, the same pid number)', () => {
  let dir: string;
  let fx: HermesHomeFixture;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hmc-signals-reboot-'));
    fx = await buildHermesHome(dir, { gateway: 'absent' });
  });
  afterAll(async () => {
    await fx?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** A /proc with one gateway process (pid 4242, started `ticks` after boot) and the given boot id. */
  async function fakeProc(root: string, bootId: string, ticks: number) {
    await mkdir(join(root, '4242'), { recursive: true });
    await mkdir(join(root, 'sys', 'kernel', 'random'), { recursive: true });
    const fields = Array.from({ length: 50 }, () => '0');
    fields[18] = String(ticks); // after 'S' (field 3): index 18 is field 22, starttime
    await writeFile(join(root, '4242', 'stat'), `4242 (python3) S ${fields.join(' ')}\n`);
    await writeFile(
      join(root, '4242', 'cmdline'),
      ['python3', '-m', 'hermes_cli.main', 'gateway', 'run', ''].join('\0'),
    );
    await writeFile(join(root, 'sys', 'kernel', 'random', 'boot_id'), `${bootId}\n`);
    await writeFile(join(root, 'stat'), `cpu  1 2 3\nbtime ${Math.floor(fx.now.getTime() / 1000) - 3600}\n`);
    await writeFile(
      join(fx.hermesHome, 'gateway.pid'),
      JSON.stringify({ pid: 4242, kind: 'hermes-gateway', argv: [], start_time: ticks }),
    );
  }

  it('classifies the restart as a reboot even though the pid is the same and no run saw it down', async () => {
    const state = {};
    const run = async (procRoot: string, offsetSeconds: number) => {
      const ctx = fixtureCollectContext(fx, { now: new Date(fx.now.getTime() + offsetSeconds * 1000) });
      ctx.state = state;
      ctx.procRoot = procRoot;
      return collectHermes(ctx, { nodeSqlite: null });
    };
    const before = join(dir, 'proc-before');
    const after = join(dir, 'proc-after');
    await fakeProc(before, '11111111-2222-3333-4444-555555555555', 5000);
    const first = await run(before, 0);
    expect(first.gateway.running).toBe(true);
    expect(first.signals.gatewayLifecycle!.bootId).toBe('11111111-2222-3333-4444-555555555555');
    expect(first.signals.gatewayLifecycle!.restarts).toEqual([]);

    await fakeProc(after, '99999999-8888-7777-6666-555555555555', 5000);
    const second = await run(after, 60);
    const restarts = second.signals.gatewayLifecycle!.restarts;
    expect(restarts).toHaveLength(1);
    expect(restarts[0]).toMatchObject({ class: 'reboot', seenDown: false });
    expect(restarts[0]!.evidence).toContain('boot id changed (the VM rebooted)');
  });
});
