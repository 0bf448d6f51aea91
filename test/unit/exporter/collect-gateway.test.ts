import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  checkPid,
  collectGateway,
  parsePidFile,
  parseStatStartTime,
} from '../../../exporter/src/collect/gateway.js';
import {
  buildHermesHome,
  type GatewayVariant,
  type HermesHomeFixture,
} from '../../fixtures/hermes-home/index.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function gatewayOf(
  variant: GatewayVariant,
): Promise<{ fx: HermesHomeFixture; info: Awaited<ReturnType<typeof collectGateway>> }> {
  const dir = await mkdtemp(join(tmpdir(), 'hmc-gateway-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const fx = await buildHermesHome(dir, { gateway: variant, install: 'none' });
  cleanups.push(() => fx.close());
  return { fx, info: await collectGateway(fx.hermesHome, '/proc', fx.now) };
}

describe('gateway liveness from gateway.pid and /proc', () => {
  it('sees a live gateway whose start time and cmdline match', async () => {
    const { fx, info } = await gatewayOf('live');
    expect(info).toMatchObject({
      running: true,
      pid: fx.gatewayPid,
      heartbeatPidMatches: true,
      heartbeatAgeSeconds: 20,
    });
  });

  it('says not running when the pid is dead, and does not trust its heartbeat', async () => {
    const { info } = await gatewayOf('dead-pid');
    expect(info).toMatchObject({
      running: false,
      heartbeatPidMatches: false,
      heartbeatAt: null,
      heartbeatAgeSeconds: null,
    });
    // The state file still says running: it is reported as read, liveness comes from /proc.
    expect(info.state).toBe('running');
  });

  it('says not running when the pid was recycled (start time differs)', async () => {
    const { info } = await gatewayOf('recycled-pid');
    expect(info.running).toBe(false);
    expect(info.heartbeatPidMatches).toBe(false);
  });

  it('accepts a legacy bare-integer pid file by checking the cmdline', async () => {
    const { fx, info } = await gatewayOf('legacy-int-pid');
    expect(info).toMatchObject({ running: true, pid: fx.gatewayPid });
  });

  it('reports a stale heartbeat age on a live process (the event loop is stuck)', async () => {
    const { info } = await gatewayOf('stale-heartbeat');
    expect(info).toMatchObject({ running: true, heartbeatPidMatches: true, heartbeatAgeSeconds: 600 });
  });

  it('reports startup_failed with a redacted exit reason', async () => {
    const { info } = await gatewayOf('startup-failed');
    expect(info.state).toBe('startup_failed');
    expect(info.exitReason).toBe('Telegram token rejected: [redacted] (TELEGRAM_BOT_TOKEN=[redacted])');
  });

  it('reports a fatal Telegram platform with its error message sanitised', async () => {
    const { info } = await gatewayOf('telegram-fatal');
    expect(info.state).toBe('degraded');
    expect(info.platforms.telegram).toEqual({
      state: 'fatal',
      errorCode: 'unauthorized',
      errorMessage: 'Unauthorized: https://api.telegram.org/… rejected for chat [redacted]',
      updatedAt: '2026-07-18T09:55:00.000Z',
    });
    expect(JSON.stringify(info)).not.toContain('FIXTURE');
  });

  it('says not running (never installed) when there are no gateway files at all', async () => {
    const { info } = await gatewayOf('absent');
    expect(info).toMatchObject({
      running: false,
      pid: null,
      heartbeatPidMatches: null,
      state: null,
      platforms: {},
    });
  });

  it('says unknown (not "down") when the pid file is unparseable', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hmc-gateway-bad-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    await writeFile(join(dir, 'gateway.pid'), '{"pid": "garbage"');
    const info = await collectGateway(dir, '/proc', new Date());
    expect(info.running).toBeNull();
    expect(info.restartsLastHour).toBeNull();
  });
});

describe('/proc parsing', () => {
  it('reads start time (field 22) even when comm contains spaces and parentheses', () => {
    const stat = '1234 (python3 (x) y) S 1 1234 1234 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 98765 1000 10';
    expect(parseStatStartTime(stat)).toBe(98765);
  });

  it('parses JSON and legacy pid files and rejects junk', () => {
    expect(parsePidFile('{"pid": 42, "kind": "hermes-gateway", "start_time": 7}')).toEqual({
      pid: 42,
      startTime: 7,
      hermesHome: null,
    });
    expect(parsePidFile('42\n')).toEqual({ pid: 42, startTime: null, hermesHome: null });
    expect(parsePidFile('-1')).toBeNull();
    expect(parsePidFile('nope')).toBeNull();
  });

  it('refuses a live pid whose cmdline is not a gateway, and cannot tell for an empty cmdline', async () => {
    const proc = await mkdtemp(join(tmpdir(), 'hmc-proc-'));
    cleanups.push(() => rm(proc, { recursive: true, force: true }));
    const stat = '77 (python3) S 1 77 77 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 555 0 0';
    for (const [pid, cmdline] of [
      ['77', 'python3\0-m\0hermes_cli.main\0cron\0list\0'],
      ['78', ''],
    ] as const) {
      await mkdir(join(proc, pid));
      await writeFile(join(proc, pid, 'stat'), stat);
      await writeFile(join(proc, pid, 'cmdline'), cmdline);
    }
    expect(await checkPid(proc, { pid: 77, startTime: 555 })).toBe('dead');
    expect(await checkPid(proc, { pid: 78, startTime: 555 })).toBe('unknown');
    expect(await checkPid(proc, { pid: 79, startTime: null })).toBe('dead');
  });
});
