/**
 * The window when `hermes-mc web` dies under it (issue 11 §2): the real built command in a subprocess,
 * really killed (SIGKILL) and restarted on the same port, with the page open in Chromium the whole time.
 * The page's clock is Playwright's, so "five minutes later" is run forward rather than waited for.
 */
import { createServer } from 'node:net';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedHomeEnv } from '../helpers/isolated-home.js';
import { launchChromium, newContext, screenshot, uncaughtErrors } from './helpers/browser.js';
import { ensureRendererBuilt } from './helpers/build-renderer.js';
import { startWebCommand, stopWebCommand } from './helpers/web-command.js';

let browser: Browser;
let base: string;
const procs: ChildProcess[] = [];

beforeAll(async () => {
  await ensureRendererBuilt();
  browser = await launchChromium();
  base = await mkdtemp(join(tmpdir(), 'hmc-bridge-restart-'));
}, 120_000);
afterAll(async () => {
  for (const p of procs) await stopWebCommand(p);
  await browser?.close();
  await rm(base, { recursive: true, force: true });
});

/** A port that is free now (the command is then started on it, killed, and started on it again). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function serve(home: string, port: number, extra: string[] = []) {
  const started = await startWebCommand(['--demo', '--port', String(port), ...extra], isolatedHomeEnv(home));
  procs.push(started.proc);
  return started;
}

function kill(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    proc.once('exit', () => resolve());
    proc.kill('SIGKILL');
  });
}

const texts = (page: Page, selector: string) => page.locator(selector).allTextContents();
const banner = (page: Page) => page.locator('.core-down');

describe('the window when hermes-mc web is killed and restarted', () => {
  it('says the data is not current at once, keeps ages counting, disables actions, and reconnects by itself', async () => {
    const home = join(base, 'same-token');
    const port = await freePort();
    const first = await serve(home, port);
    // The token lives in the data folder, readable by its owner only.
    const tokenFile = join(home, 'data', 'hermes-mission-control', 'web-token');
    expect((await stat(tokenFile)).mode & 0o777).toBe(0o600);

    const context = await newContext(browser, new URL(first.url).origin);
    const page = await context.newPage();
    await page.clock.install({ time: Date.now() });
    await page.goto(first.url);
    await expect.poll(() => page.locator('section.column').count(), { timeout: 15_000 }).toBe(2);
    await expect.poll(() => texts(page, '.freshness')).toEqual(['Live', 'Live']);
    expect(await page.title()).toMatch(/^(OK|Needs attention|Critical) · Overview — Hermes Mission Control$/);
    const ack = page.getByRole('button', { name: /^Acknowledge:/ });
    expect(await ack.count()).toBeGreaterThan(0);
    expect(await ack.first().isEnabled()).toBe(true);
    const heartbeatBefore = await page.locator('.fact', { hasText: 'Gateway' }).first().textContent();

    await kill(first.proc);
    // The socket closes at once on a killed server: well within one poll interval (60 s in the demo).
    await expect
      .poll(() => texts(page, '.freshness'), { timeout: 15_000 })
      .toEqual(['Not current', 'Not current']);
    const verdicts = await page
      .locator('section.column .verdict')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-verdict')));
    // Unknown while not current; only a critical already known may stay Critical.
    for (const v of verdicts) expect(['unknown', 'critical']).toContain(v);
    expect(verdicts).toContain('unknown');
    expect(await page.title()).toMatch(/ — as of \d\d:\d\d — Mission Control disconnected$/);
    expect(await page.locator('.as-of').textContent()).toMatch(
      /^as of \d\d:\d\d — Mission Control disconnected \(data .+ old\)$/,
    );
    expect(await banner(page).textContent()).toContain('Mission Control disconnected');
    for (const b of await ack.all()) expect(await b.isDisabled()).toBe(true);
    const refresh = page.getByRole('button', { name: 'Refresh' });
    expect(await refresh.isDisabled()).toBe(true);
    expect(await refresh.getAttribute('title')).toContain('Mission Control disconnected');
    expect(
      await page
        .getByRole('button', { name: /^Snooze:/ })
        .first()
        .isDisabled(),
    ).toBe(true);

    // Five minutes later: ages have kept counting from the last real data (the heartbeat too).
    await page.clock.fastForward(5 * 60_000);
    await expect.poll(() => page.locator('.as-of').textContent()).toMatch(/\(data (5|6) min old\)/);
    const heartbeatAfter = await page.locator('.fact', { hasText: 'Gateway' }).first().textContent();
    expect(heartbeatAfter).not.toBe(heartbeatBefore);
    expect(heartbeatAfter).toMatch(/heartbeat (5|6) min ago/);
    await screenshot(page, 'bridge-killed');

    // Restarted on the same port with the same data folder: same token, the page reconnects on its own.
    const second = await serve(home, port);
    expect(second.url).toBe(first.url);
    await expect
      .poll(
        async () => {
          await page.clock.runFor(1_000);
          return texts(page, '.freshness');
        },
        { timeout: 20_000 },
      )
      .toEqual(['Live', 'Live']);
    expect(await banner(page).count()).toBe(0);
    expect(await refresh.isEnabled()).toBe(true);
    expect(await ack.first().isEnabled()).toBe(true);
    expect(await page.title()).toMatch(/ — Hermes Mission Control$/);
    expect(uncaughtErrors(page)).toEqual([]);
    await context.close();
    await stopWebCommand(second.proc);
  });

  it('says "Mission Control restarted — open the URL it printed" when the token is rotated, without endless retries', async () => {
    const home = join(base, 'rotated');
    const port = await freePort();
    const first = await serve(home, port);
    const context = await newContext(browser, new URL(first.url).origin);
    const page = await context.newPage();
    await page.clock.install({ time: Date.now() });
    let sockets = 0;
    page.on('websocket', () => (sockets += 1));
    await page.goto(first.url);
    await expect.poll(() => page.locator('section.column').count(), { timeout: 15_000 }).toBe(2);

    await kill(first.proc);
    const second = await serve(home, port, ['--rotate-token']);
    expect(second.url).not.toBe(first.url);
    const rejected = 'Mission Control restarted — open the URL it printed';
    await expect
      .poll(
        async () => {
          await page.clock.runFor(1_000);
          return banner(page).textContent();
        },
        { timeout: 20_000 },
      )
      .toContain(rejected);
    expect(await page.title()).toContain(rejected);
    expect(await page.getByRole('button', { name: 'Refresh' }).isDisabled()).toBe(true);
    // It stopped: a minute on, no new connection attempts.
    const attempts = sockets;
    await page.clock.runFor(60_000);
    expect(sockets).toBe(attempts);

    // A reload with the old token says the same, with no loading skeletons left spinning.
    await page.reload();
    await expect
      .poll(async () => {
        await page.clock.runFor(500);
        return page.getByRole('alert', { name: 'Cannot load Mission Control' }).textContent();
      })
      .toContain(rejected);
    expect(await page.locator('[role="status"][aria-label^="Loading"]').count()).toBe(0);
    await screenshot(page, 'bridge-token-rotated');

    // The new URL works.
    await page.goto(second.url);
    await expect
      .poll(async () => {
        await page.clock.runFor(500);
        return page.locator('section.column').count();
      })
      .toBe(2);
    expect(uncaughtErrors(page)).toEqual([]);
    await context.close();
    await stopWebCommand(second.proc);
  });
});
