/**
 * The trust-on-first-use flow on the REAL core against a real sshd whose key is not known yet (issue 12
 * §2): Esc and the backdrop mean "ask me later", "Don't trust" is not a dead end (the key can be reviewed
 * after a reload and after a poll), the card always offers "Review host key…", and so does Test connection.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppService, type AppServiceHandle } from '../../main/core/app-service.js';
import { buildHermesHome, type HermesHomeFixture } from '../fixtures/hermes-home/index.js';
import { exportSnapshotIntoSshd } from '../helpers/exporter-run.js';
import { isolatedHomeEnv } from '../helpers/isolated-home.js';
import { startSshd, type SshdHandle } from '../helpers/sshd.js';
import { sshdHostEntry, writeClientKnownHosts } from '../helpers/sshd-client.js';
import { screenshot } from './helpers/browser.js';
import { useChromiumWindow } from './helpers/chromium-window.js';

const chromium = useChromiumWindow();
let base: string;
let sshd: SshdHandle;
let fx: HermesHomeFixture;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'hmc-trust-'));
  sshd = await startSshd();
  fx = await buildHermesHome(join(base, 'fx'), { now: new Date() });
  await exportSnapshotIntoSshd(sshd, { hermesHome: fx.hermesHome });
}, 120_000);
afterAll(async () => {
  await fx?.close();
  await sshd?.stop();
  await rm(base, { recursive: true, force: true });
});

/** The real core on a config whose only host is the sshd, with an empty known_hosts: the key is unknown. */
async function startCore(name: string): Promise<AppServiceHandle> {
  const home = join(base, name);
  const knownHostsFile = await writeClientKnownHosts(home, '');
  const configFile = join(home, 'config.json');
  await writeFile(configFile, JSON.stringify({ hosts: [sshdHostEntry(sshd, knownHostsFile)] }));
  const app = await createAppService({
    configFile,
    env: isolatedHomeEnv(home),
    dataDir: join(home, 'app'),
    tailscale: false,
    autoStart: false,
  });
  chromium.afterTest(() => app.close());
  await app.service['poll:refresh'](undefined);
  return app;
}

const dialog = (page: Page) => page.getByRole('dialog', { name: 'Trust test-vm?' });
const card = (page: Page) => page.locator('section.column').first();
const reviewButton = (page: Page) => card(page).getByRole('button', { name: 'Review host key…' });
const prompt = (app: AppServiceHandle) => app.state().hostKeyPrompts.find((p) => p.hostName === 'test-vm');

describe('trusting a new host key in the window', () => {
  it('treats Esc and the backdrop as "ask me later", and a declined key stays reviewable', async () => {
    const app = await startCore('flow');
    expect(prompt(app)).toMatchObject({ kind: 'unknown', fingerprint: sshd.hostKeyFingerprint });
    const server = await chromium.serve(app.service, { onState: app.onState });
    const page = await chromium.open(server.url, { now: Date.now() });

    // Esc: the dialog goes, nothing is decided, and the card offers the review.
    await dialog(page).waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog(page).count()).toBe(0);
    expect(prompt(app)?.declined).toBeFalsy();
    expect(await card(page).locator('.failure-title').textContent()).toBe(
      'Waiting for you to trust this host',
    );
    expect(await reviewButton(page).isEnabled()).toBe(true);
    // The core's hint ("check it with `ssh-keygen …` on the VM") once for the one instance, as code, with
    // no literal backticks anywhere.
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main.match(/ssh-keygen/g)?.length ?? 0).toBe(1);
    expect(main).not.toContain('`');
    expect(await page.locator('.warnings-feed code', { hasText: 'ssh-keygen' }).count()).toBe(1);

    // A reload asks again (it was only put off); the backdrop puts it off too.
    await page.reload();
    await dialog(page).waitFor();
    await page.locator('.dialog-backdrop').click({ position: { x: 5, y: 5 } });
    await expect.poll(() => dialog(page).count()).toBe(0);
    expect(prompt(app)?.declined).toBeFalsy();

    // "Don't trust" declines — and the card still offers the review, with the button.
    await reviewButton(page).click();
    await dialog(page).getByRole('button', { name: 'Don’t trust' }).click();
    await expect.poll(() => prompt(app)?.declined).toBe(true);
    await expect
      .poll(() => card(page).locator('.failure-title').textContent())
      .toBe('You declined this host’s key');
    expect(await reviewButton(page).isEnabled()).toBe(true);
    await screenshot(page, 'trust-declined-card');

    // After a poll and after a reload: not asked again by itself, still reviewable.
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => prompt(app)?.declined).toBe(true);
    await page.reload();
    await page.locator('.instance-header').first().waitFor();
    expect(await dialog(page).count()).toBe(0);
    await reviewButton(page).click();
    expect(await dialog(page).locator('.hostkey-declined').textContent()).toContain(
      'You chose not to trust this key earlier',
    );
    expect(await dialog(page).locator('.fingerprint').textContent()).toBe(sshd.hostKeyFingerprint);
    await dialog(page)
      .getByRole('button', { name: /^Fingerprints match/ })
      .click();

    // Trusted at last: the key is pinned and the instance is read.
    await expect.poll(() => app.state().instances[0]?.state, { timeout: 15_000 }).toBe('live');
    await expect.poll(() => card(page).locator('.freshness').textContent(), { timeout: 15_000 }).toBe('Live');
    expect(prompt(app)).toBeUndefined();
  });

  it('offers "Review host key…" when Test connection meets the unknown key', async () => {
    const app = await startCore('test-connection');
    const server = await chromium.serve(app.service, { onState: app.onState });
    const page = await chromium.open(server.url, { now: Date.now() });
    await dialog(page).waitFor();
    await page.keyboard.press('Escape');
    await page.locator('#pane-tab-settings').click();
    await page.getByRole('button', { name: 'Edit host test-vm' }).click();
    await page.getByRole('button', { name: 'Test connection' }).click();
    const result = page.getByRole('status').filter({ hasText: 'HOST_KEY_UNKNOWN' });
    await result.waitFor({ timeout: 15_000 });
    const form = page.locator('form', { has: result });
    await form.getByRole('button', { name: 'Review host key…' }).last().click();
    await dialog(page).waitFor();
    expect(await dialog(page).locator('.fingerprint').textContent()).toBe(sshd.hostKeyFingerprint);
    await page.keyboard.press('Escape');
    expect(prompt(app)?.declined).toBeFalsy();
  });
});
