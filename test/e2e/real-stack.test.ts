/**
 * The window on the REAL core (no fixture service): the built `hermes-mc web --demo` command in a
 * subprocess, and a real VM path — the exporter bundle's snapshot served by a real sshd, read by the
 * restricted SFTP account through the app service — both shown in Debian Chromium.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppService, type AppServiceHandle } from '../../main/core/app-service.js';
import { startWebServer, type WebServer } from '../../main/web/web-server.js';
import { buildHermesHome, type HermesHomeFixture } from '../fixtures/hermes-home/index.js';
import { exportSnapshotIntoSshd } from '../helpers/exporter-run.js';
import { isolatedHomeEnv } from '../helpers/isolated-home.js';
import { startSshd, type SshdHandle } from '../helpers/sshd.js';
import { sshdHostEntry, writeClientKnownHosts } from '../helpers/sshd-client.js';
import { launchChromium, newContext, screenshot } from './helpers/browser.js';
import { ensureRendererBuilt, RENDERER_OUT } from './helpers/build-renderer.js';
import { startWebCommand, stopWebCommand } from './helpers/web-command.js';

let browser: Browser;
let base: string;

beforeAll(async () => {
  await ensureRendererBuilt();
  browser = await launchChromium();
  base = await mkdtemp(join(tmpdir(), 'hmc-real-stack-'));
});
afterAll(async () => {
  await browser?.close();
  await rm(base, { recursive: true, force: true });
});

describe('the built hermes-mc web command on the demo fleet', () => {
  it('serves the window with both demo instances, their warnings and trend charts from real history', async () => {
    const home = join(base, 'demo-home');
    await mkdir(home, { recursive: true });
    const { url, proc } = await startWebCommand(['--demo', '--port', '0'], isolatedHomeEnv(home));
    try {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{20,}$/);
      const context = await newContext(browser, new URL(url).origin);
      const page = await context.newPage();
      await page.goto(url);
      await expect.poll(() => page.locator('section.column').count(), { timeout: 15_000 }).toBe(2);
      expect(await page.getByRole('region', { name: 'Demo mode' }).textContent()).toContain('Demo fleet');
      await expect.poll(() => page.locator('section.column').nth(1).textContent()).toContain('Bheem');
      await page.locator('#pane-tab-trends').click();
      await page.locator('.chart-series').first().waitFor({ timeout: 15_000 });
      expect(await page.locator('.chart-series').count()).toBeGreaterThan(0);
      // Spend from the real core: the demo snapshots' usage and the recorded history's running total.
      await page.getByRole('table', { name: 'Spend per day, Bheem (uma) · demo' }).waitFor();
      const overRange = page.getByRole('figure', { name: 'Spend per day over the range chart' });
      await expect
        .poll(async () => Number(await overRange.getAttribute('data-points')), { timeout: 15_000 })
        .toBeGreaterThanOrEqual(4);
      await screenshot(page, 'real-stack-demo-trends');
      await context.close();
    } finally {
      await stopWebCommand(proc);
    }
  });
});

describe('the window on a real VM over SSH', () => {
  let sshd: SshdHandle;
  let fx: HermesHomeFixture;
  let app: AppServiceHandle;
  let server: WebServer;

  beforeAll(async () => {
    sshd = await startSshd();
    fx = await buildHermesHome(join(base, 'fx'), { now: new Date() });
    await exportSnapshotIntoSshd(sshd, { hermesHome: fx.hermesHome });
    const home = join(base, 'vm-home');
    // The host key is already known here (as after a first trust): no prompt.
    const knownHostsFile = await writeClientKnownHosts(home, `${sshd.knownHostsLine}\n`);
    const configFile = join(base, 'vm-config.json');
    await writeFile(configFile, JSON.stringify({ hosts: [sshdHostEntry(sshd, knownHostsFile)] }));
    const env = isolatedHomeEnv(home);
    app = await createAppService({
      configFile,
      env,
      dataDir: join(home, 'app'),
      tailscale: false,
      autoStart: false,
    });
    await app.service['poll:refresh'](undefined);
    server = await startWebServer({
      service: app.service,
      port: 0,
      staticDir: RENDERER_OUT,
      onState: app.onState,
    });
  });
  afterAll(async () => {
    await server?.close();
    await app?.close();
    await fx?.close();
    await sshd?.stop();
  });

  it('shows the live instance read through the restricted account, with no demo banner', async () => {
    const vijay = app.state().instances[0];
    expect(vijay?.state, JSON.stringify(vijay?.reason)).toBe('live');
    const context = await newContext(browser, new URL(server.url).origin);
    const page = await context.newPage();
    await page.goto(server.url);
    await expect.poll(() => page.locator('section.column').count(), { timeout: 15_000 }).toBe(1);
    expect(await page.locator('section.column').first().textContent()).toContain('Vijay');
    expect(await page.getByRole('region', { name: 'Demo mode' }).count()).toBe(0);
    await screenshot(page, 'real-stack-ssh-overview');
    await context.close();
  });
});
