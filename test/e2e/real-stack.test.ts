/**
 * The window on the REAL core (no fixture service): the built `hermes-mc web --demo` command in a
 * subprocess, and a real VM path — the exporter bundle's snapshot served by a real sshd, read by the
 * restricted SFTP account through the app service — both shown in Debian Chromium.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppService, type AppServiceHandle } from '../../main/core/app-service.js';
import { startWebServer, type WebServer } from '../../main/web/web-server.js';
import { buildHermesHome, type HermesHomeFixture } from '../fixtures/hermes-home/index.js';
import { startSshd, type SshdHandle } from '../helpers/sshd.js';
import { launchChromium, newContext, screenshot } from './helpers/browser.js';
import { ensureRendererBuilt, RENDERER_OUT, ROOT } from './helpers/build-renderer.js';

const execFileP = promisify(execFile);

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

/** Start `hermes-mc web` and resolve with the URL it prints as its first line. */
function startWebCommand(args: string[], env: NodeJS.ProcessEnv): Promise<{ url: string; proc: ChildProcess }> {
  const proc = spawn(process.execPath, [join(ROOT, 'out/cli/hermes-mc.mjs'), 'web', ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  proc.stderr!.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: proc.stdout! });
    lines.once('line', (url) => resolve({ url, proc }));
    proc.once('exit', (code) => reject(new Error(`hermes-mc web exited ${code}: ${stderr}`)));
  });
}

describe('the built hermes-mc web command on the demo fleet', () => {
  it('serves the window with both demo instances, their warnings and trend charts from real history', async () => {
    const home = join(base, 'demo-home');
    await mkdir(home, { recursive: true });
    const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_DATA_HOME: join(home, 'data') };
    const { url, proc } = await startWebCommand(['--demo', '--port', '0'], env);
    try {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{20,}$/);
      const context = await newContext(browser, new URL(url).origin);
      const page = await context.newPage();
      await page.goto(url);
      await expect.poll(() => page.locator('section.column').count(), { timeout: 15_000 }).toBe(2);
      expect(await page.getByRole('region', { name: 'Demo mode' }).textContent()).toContain('Demo fleet');
      await expect.poll(() => page.locator('section.column').nth(1).textContent()).toContain('Bheem');
      await page.locator('#pane-tab-trends').click();
      await page.locator('.recharts-line').first().waitFor({ timeout: 15_000 });
      expect(await page.locator('.recharts-line').count()).toBeGreaterThan(0);
      await screenshot(page, 'real-stack-demo-trends');
      await context.close();
    } finally {
      proc.kill('SIGTERM');
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
    const out = join(sshd.chrootDir, 'vijay');
    await mkdir(out, { recursive: true, mode: 0o755 });
    await execFileP(process.execPath, [
      join(ROOT, 'out/exporter/hermes-exporter.mjs'),
      'run',
      '--once',
      '--instance',
      'vijay',
      '--label',
      'Vijay (root)',
      '--hermes-home',
      fx.hermesHome,
      '--out',
      out,
    ]);
    await chmod(out, 0o755);
    const home = join(base, 'vm-home');
    await mkdir(join(home, '.ssh'), { recursive: true });
    // The host key is already known here (as after a first trust): no prompt.
    await writeFile(join(home, '.ssh', 'known_hosts'), `${sshd.knownHostsLine}\n`);
    const configFile = join(base, 'vm-config.json');
    await writeFile(
      configFile,
      JSON.stringify({
        hosts: [
          {
            name: 'test-vm',
            host: '127.0.0.1',
            port: sshd.port,
            user: sshd.readerUser,
            identityFile: sshd.clientKeyPath,
            knownHostsFile: join(home, '.ssh', 'known_hosts'),
            useAgent: false,
            snapshotRoot: '/',
            instances: [{ id: 'vijay', label: 'Vijay (root)' }],
          },
        ],
      }),
    );
    const env = { ...process.env, HOME: home, XDG_DATA_HOME: join(home, 'data'), SSH_AUTH_SOCK: '' };
    app = await createAppService({ configFile, env, dataDir: join(home, 'app'), tailscale: false, autoStart: false });
    await app.service['poll:refresh'](undefined);
    server = await startWebServer({ service: app.service, port: 0, staticDir: RENDERER_OUT, onState: app.onState });
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
