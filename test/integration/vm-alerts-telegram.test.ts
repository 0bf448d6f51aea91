/**
 * Path 2 of the VM-side alerts with real parts: the built exporter bundle run as its timer runs it
 * (`run --once`) on a generated Hermes home whose gateway goes down and comes back, sending through a
 * local HTTPS server that speaks the Bot API's sendMessage (certificate from a throwaway CA made with
 * openssl; verification on), including 429 retry_after, 5xx, no answer and a black-holed endpoint. Each
 * run must still write its snapshot and end its path 2 on its own, and no token or chat id may appear in
 * any output, log, state file or snapshot.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { stringify as toYaml } from 'yaml';
import { parseSnapshotText } from '../../common/contract/parse.js';
import type { Snapshot } from '../../common/contract/snapshot.js';
import { buildHermesHome, type HermesHomeFixture } from '../fixtures/hermes-home/build-hermes-home.js';
import { deadPid } from '../fixtures/hermes-home/fixture-processes.js';
import {
  makeThrowawayCa,
  startFakeTelegram,
  type FakeTelegram,
  type ThrowawayCa,
} from '../helpers/fake-telegram.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const BUNDLE = join(repoRoot, 'out/exporter/hermes-exporter.mjs');
/** Canaries: a token and a chat id that must never leave the request to the Bot API. */
const TOKEN = '987654321:AAH-CANARYtoken_0123456789abcdefXYZ';
const CHAT_ID = '-1009876543210';
const GATEWAY_FILES = ['gateway.pid', 'gateway_state.json', 'state/gateway.heartbeat'];

let tmp: string;
let fx: HermesHomeFixture;
let ca: ThrowawayCa;
let telegram: FakeTelegram;
let tokenFile: string;
const liveGateway = new Map<string, string>();

interface RunOutput {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

function run(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<RunOutput> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BUNDLE, ...argv],
      { env: { PATH: process.env.PATH, ...env } },
      (err, stdout, stderr) =>
        resolve({
          code: err ? ((err as { code?: number }).code ?? 1) : 0,
          stdout,
          stderr,
          ms: Date.now() - started,
        }),
    );
  });
}

interface Instance {
  out: string;
  config: string;
}

async function instance(name: string, telegramConfig: Record<string, unknown>): Promise<Instance> {
  const dir = join(tmp, name);
  const out = join(dir, 'out');
  await mkdir(out, { recursive: true });
  const config = join(dir, 'exporter.yaml');
  await writeFile(
    config,
    toYaml({
      instance: { id: 'vijay', label: 'Vijay (root)' },
      hermesHome: fx.hermesHome,
      installDir: fx.installDir,
      outDir: out,
      alerts: {
        holdRuns: 1,
        timeZone: 'UTC',
        telegram: {
          chatId: CHAT_ID,
          tokenFile,
          baseUrl: telegram.baseUrl,
          caFile: ca.caFile,
          requestTimeoutMs: 1000,
          budgetMs: 3000,
          ...telegramConfig,
        },
      },
    }),
  );
  return { out, config };
}

async function gatewayDown(): Promise<void> {
  const { pid, startTime } = await deadPid();
  for (const f of GATEWAY_FILES) {
    const record = JSON.parse(liveGateway.get(f)!);
    await writeFile(join(fx.hermesHome, f), JSON.stringify({ ...record, pid, start_time: startTime }));
  }
}

async function gatewayUp(): Promise<void> {
  for (const f of GATEWAY_FILES) await writeFile(join(fx.hermesHome, f), liveGateway.get(f)!);
}

async function snapshotOf(i: Instance): Promise<Snapshot> {
  const parsed = parseSnapshotText(await readFile(join(i.out, 'snapshot.json'), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.snapshot;
}

/**
 * One exporter timer run; it must write a snapshot, and path 2 must end on its own whatever Telegram
 * does (the budget is an AbortSignal inside the exporter): its `--stats` line says path 2 finished and
 * how many messages it sent. How long path 2 took is measured by the exporter, never asserted here — each
 * test asserts instead what ended the step (an answer, Telegram's retry_after, the request timeout).
 */
async function timerRun(i: Instance): Promise<RunOutput & { directMs: number; sent: number }> {
  const before = await snapshotOf(i).then(
    (s) => s.generatedAt,
    () => null,
  );
  const r = await run(['run', '--once', '--stats', '--config', i.config]);
  expect(r.code, r.stderr).toBe(0);
  expect((await snapshotOf(i)).generatedAt).not.toBe(before);
  const stats = / direct_ms=(\d+) sent=(\d+)/.exec(r.stderr);
  expect(stats, r.stderr).not.toBeNull();
  return { ...r, directMs: Number(stats![1]), sent: Number(stats![2]) };
}

/** Everything the exporter left behind or said, to search for the canaries. */
async function everythingWritten(i: Instance, outputs: RunOutput[]): Promise<string> {
  const files = await readdir(i.out);
  const texts = await Promise.all(files.map((f) => readFile(join(i.out, f), 'utf8')));
  return [...texts, ...outputs.flatMap((o) => [o.stdout, o.stderr])].join('\n');
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'hmc-vmalerts-tg-'));
  await mkdir(join(tmp, 'ca'));
  [fx, ca] = await Promise.all([
    buildHermesHome(join(tmp, 'home'), { now: new Date() }),
    makeThrowawayCa(join(tmp, 'ca')),
  ]);
  for (const f of GATEWAY_FILES) liveGateway.set(f, await readFile(join(fx.hermesHome, f), 'utf8'));
  telegram = await startFakeTelegram(ca);
  tokenFile = join(tmp, 'telegram-bot-token');
  await writeFile(tokenFile, `${TOKEN}\n`, { mode: 0o600 });
}, 60_000);

afterAll(async () => {
  await telegram?.close();
  await fx?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

beforeEach(async () => {
  telegram.calls.length = 0;
  telegram.queue.length = 0;
  await gatewayUp();
});

describe('path 2: the exporter timer writes to Telegram when the gateway is down', () => {
  it('sends one message when the gateway goes down, nothing while it stays down, one "back online"', async () => {
    const i = await instance('down-up', {});
    const outputs: RunOutput[] = [await timerRun(i)];
    expect(telegram.calls).toEqual([]);

    await gatewayDown();
    outputs.push(await timerRun(i));
    expect(telegram.calls).toHaveLength(1);
    const [call] = telegram.calls;
    expect(call!.path).toBe(`/bot${TOKEN}/sendMessage`);
    expect(call!.body.chat_id).toBe(CHAT_ID);
    expect(call!.body.text).toMatch(/^Vijay \(root\): Gateway is not running\n {3}Critical, for /);

    outputs.push(await timerRun(i), await timerRun(i));
    expect(telegram.calls).toHaveLength(1);

    // Hermes's own cron (path 1) shares the state: it does not tell the same event again.
    const path1 = await run(['alerts', '--config', i.config]);
    outputs.push(path1);
    expect(path1.stdout).not.toMatch(/Gateway/);

    await gatewayUp();
    outputs.push(await timerRun(i));
    expect(telegram.calls).toHaveLength(2);
    expect(telegram.calls[1]!.body.text).toMatch(
      /^Vijay \(root\): back online \(after \d+ s\)\. Was: Gateway is not running\n$/,
    );
    outputs.push(await timerRun(i));
    expect(telegram.calls).toHaveLength(2);

    const snapshot = await snapshotOf(i);
    expect(snapshot.alerts?.direct).toMatchObject({ configured: true, tokenPresent: true, lastError: null });
    expect(snapshot.alerts?.direct.lastDeliveryAt).not.toBeNull();
    const all = await everythingWritten(i, outputs);
    expect(all.includes(TOKEN), 'token leaked').toBe(false);
    expect(all.includes(TOKEN.split(':')[1]!), 'token secret leaked').toBe(false);
    expect(all.includes(CHAT_ID), 'chat id leaked').toBe(false);
  });

  it('honours 429 retry_after within the budget: one message delivered, on the second try', async () => {
    const i = await instance('429-short', {});
    await timerRun(i);
    await gatewayDown();
    telegram.queue.push({ kind: '429', retryAfter: 1 });
    const r = await timerRun(i);
    expect(r.sent).toBe(1);
    expect(telegram.calls).toHaveLength(2);
    expect(telegram.calls[0]!.body).toEqual(telegram.calls[1]!.body);
    // The retry waited as Telegram asked: by the server's own clock, not earlier than retry_after (1 s).
    // A lower bound, which a loaded machine can only make easier to meet.
    expect(telegram.calls[1]!.receivedAtMs - telegram.calls[0]!.receivedAtMs).toBeGreaterThanOrEqual(1000);
    await timerRun(i);
    expect(telegram.calls).toHaveLength(2);
  });

  it('honours a 429 retry_after longer than the budget: nothing is sent before it ends', async () => {
    const i = await instance('429-long', {});
    await timerRun(i);
    await gatewayDown();
    telegram.queue.push({ kind: '429', retryAfter: 3600 });
    const first = await timerRun(i);
    // It did not sit out the hour Telegram asked for, nor retry inside the run: the server saw one
    // request, and the run ended with nothing sent and the wait remembered.
    expect(first.stderr).toMatch(/rate limited by Telegram: retry after 3600 s/);
    expect(first.sent).toBe(0);
    expect(telegram.calls).toHaveLength(1);
    // The next run skips the direct step: it does not ask again before retry_after.
    const second = await timerRun(i);
    expect(second.stderr).toMatch(/Telegram asked to wait until /);
    expect(second.sent).toBe(0);
    expect(telegram.calls, 'asked again before retry_after').toHaveLength(1);
    // The wait it remembers is the hour Telegram asked for (the snapshot shows the state of the run before).
    const owed = (await snapshotOf(i)).alerts?.direct;
    expect(Date.parse(owed!.retryNotBefore!) - Date.parse(owed!.lastAttemptAt!)).toBeGreaterThanOrEqual(
      3600_000,
    );
  });

  it('after a 5xx, the next run delivers it once', async () => {
    const i = await instance('5xx', {});
    await timerRun(i);
    await gatewayDown();
    telegram.queue.push({ kind: '5xx' });
    const failed = await timerRun(i);
    expect(failed.stderr).toMatch(/Bot API answered 502: Bad Gateway/);
    expect(telegram.calls).toHaveLength(1);
    expect((await snapshotOf(i)).alerts?.direct.lastError).toBe(null); // the snapshot was written before
    await timerRun(i);
    expect(telegram.calls).toHaveLength(2);
    expect(telegram.calls[1]!.body.text).toMatch(/Gateway is not running/);
    await timerRun(i);
    expect(telegram.calls).toHaveLength(2);
  });

  it('a Bot API that never answers costs one request timeout, and the snapshot is written', async () => {
    const i = await instance('no-answer', {});
    await timerRun(i);
    await gatewayDown();
    telegram.queue.push({ kind: 'never' });
    const r = await timerRun(i);
    // Ended by the exporter's own request timeout: the server saw one request, which the client hung up
    // on before any answer, and it says why; nothing was sent and nothing was retried in the run.
    expect(r.stderr).toMatch(/no answer from the Bot API within 1000 ms/);
    expect(r.sent).toBe(0);
    expect(telegram.calls).toHaveLength(1);
    expect(telegram.calls[0]!.abandonedByClient).toBe(true);
  });

  describe('a black-holed endpoint', () => {
    let proxy: TcpProxy;
    beforeAll(async () => {
      proxy = await startTcpProxy({ targetPort: telegram.port });
      proxy.blackhole(true);
    });
    afterAll(() => proxy.close());

    it('ends the run within its budget, with the snapshot written and the message still owed', async () => {
      const i = await instance('blackhole', { baseUrl: `https://127.0.0.1:${proxy.port}` });
      await timerRun(i);
      await gatewayDown();
      const r = await timerRun(i);
      expect(r.stderr).toMatch(/no answer from the Bot API within 1000 ms/);
      expect(telegram.calls).toEqual([]);
      // The link comes back: the owed message goes out once.
      proxy.blackhole(false);
      await timerRun(i);
      expect(telegram.calls).toHaveLength(1);
    });
  });

  it('verifies the certificate: without the throwaway CA nothing is sent', async () => {
    const i = await instance('no-ca', { caFile: undefined });
    await timerRun(i);
    await gatewayDown();
    const r = await timerRun(i);
    expect(r.stderr).toMatch(/TLS verification failed \(/);
    expect(telegram.calls).toEqual([]);
  });

  it('path 2 is off without a usable token, and check says so', async () => {
    const loose = join(tmp, 'token-0644');
    await writeFile(loose, `${TOKEN}\n`, { mode: 0o644 });
    const i = await instance('loose-token', { tokenFile: loose });
    const check = await run(['check', '--config', i.config]);
    expect(check.stdout).toMatch(
      /^DEGRADED ALERTS_DIRECT_OFF Telegram path 2 is off: token file .* is readable by others \(mode 644\): chmod 600 it$/m,
    );
    await timerRun(i);
    await gatewayDown();
    const r = await timerRun(i);
    expect(r.stderr).toMatch(/path 2 is off/);
    expect(telegram.calls).toEqual([]);
    // The app sees why (the snapshot reports the previous run's outcome).
    await timerRun(i);
    expect((await snapshotOf(i)).alerts?.direct).toMatchObject({
      configured: true,
      tokenPresent: false,
      lastError: expect.stringMatching(/^path 2 is off: token file .* is readable by others/),
    });
    const all = await everythingWritten(i, [check, r]);
    expect(all.includes(TOKEN.split(':')[1]!)).toBe(false);

    // A systemd credential ($CREDENTIALS_DIRECTORY/telegram-bot-token) is used before the file.
    const creds = join(tmp, 'creds');
    await mkdir(creds, { recursive: true });
    await writeFile(join(creds, 'telegram-bot-token'), TOKEN, { mode: 0o600 });
    const withCredential = await run(['run', '--once', '--config', i.config], {
      CREDENTIALS_DIRECTORY: creds,
    });
    expect(withCredential.code, withCredential.stderr).toBe(0);
    expect(telegram.calls).toHaveLength(1);
    expect(telegram.calls[0]!.path).toBe(`/bot${TOKEN}/sendMessage`);
  });
});
