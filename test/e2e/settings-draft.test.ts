// Unsaved Settings edits through the built `hermes-mc web` in Debian's Chromium: they stay while the person
// visits other panes and instances, the pane nav marks Settings meanwhile, settings saved elsewhere move only
// the fields nobody edited, and Discard / Save settings clear the mark.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  activeElementLabel,
  describeViolations,
  launchChromium,
  newContext,
  openApp,
  screenshot,
  seriousA11yViolations,
  uncaughtErrors,
} from './helpers/browser.js';
import { ensureRendererBuilt } from './helpers/build-renderer.js';
import { startWebCommand, stopWebCommand } from './helpers/web-command.js';

let browser: Browser;
let base: string;
const contexts: BrowserContext[] = [];
const pages: Page[] = [];
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  await ensureRendererBuilt();
  browser = await launchChromium();
  base = await mkdtemp(join(tmpdir(), 'hmc-settings-draft-'));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (base) await rm(base, { recursive: true, force: true });
});

afterEach(async () => {
  const errors = pages.splice(0).flatMap((p) => uncaughtErrors(p));
  for (const c of contexts.splice(0)) await c.close();
  for (const c of cleanups.splice(0).reverse()) await c();
  expect(errors, 'uncaught errors in the page').toEqual([]);
});

/** Hosts on a loopback port nobody listens on: the instances show as unreachable, nothing connects. */
const hostEntry = (name: string, instances: [string, string][]) => ({
  name,
  host: '127.0.0.1',
  port: 1,
  user: 'monitor',
  snapshotRoot: '/',
  instances: instances.map(([id, label]) => ({ id, label })),
});

/** `hermes-mc web` on a fresh config file with two hosts and a 120 s poll interval. */
async function startWeb(): Promise<{ url: string; file: string }> {
  const home = await mkdtemp(join(base, 'home-'));
  const file = join(home, 'config.json');
  await writeFile(
    file,
    JSON.stringify({
      pollIntervalSeconds: 120,
      hosts: [
        hostEntry('hermes-vm', [
          ['vijay', 'Vijay (root)'],
          ['bheem', 'Bheem (uma)'],
        ]),
        hostEntry('spare-vm', [['spare', 'Spare box']]),
      ],
    }),
  );
  const { url, proc } = await startWebCommand(['--config', file, '--port', '0'], {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_DATA_HOME: join(home, 'data'),
    SSH_AUTH_SOCK: '',
  });
  cleanups.push(() => stopWebCommand(proc));
  return { url, file };
}

async function open(url: string): Promise<Page> {
  const context = await newContext(browser, new URL(url).origin);
  contexts.push(context);
  const page = await openApp(context, url, Date.now());
  pages.push(page);
  await page.locator('.instance-header').first().waitFor();
  return page;
}

async function openSettings(p: Page): Promise<void> {
  await p.locator('#pane-tab-settings').click();
  await p.getByRole('heading', { name: 'Hosts' }).waitFor();
}

const WARN_LABEL = 'Disk used: warning at (%)';
const POLL_LABEL = 'Poll interval (seconds)';
/** The status beside "Save settings". */
const formStatus = (p: Page) =>
  p.locator('form[aria-labelledby="general-h"] .form-actions [role="status"]').textContent();
/** The Settings tab in the pane nav, by the name a screen reader hears. */
const settingsTab = (p: Page, name: string) =>
  p.getByRole('tablist', { name: 'Pane' }).getByRole('tab', { name, exact: true });
const unsavedDot = (p: Page) => p.locator('#pane-tab-settings .dot-unsaved');
const savedConfig = async (file: string) =>
  JSON.parse(await readFile(file, 'utf8')) as {
    pollIntervalSeconds: number;
    thresholds: { diskUsedPctWarning: number };
  };

async function expectAccessible(p: Page, label: string): Promise<void> {
  expect(
    describeViolations(await seriousA11yViolations(p)),
    `${label}: serious/critical axe violations`,
  ).toBe('');
}

describe('unsaved Settings edits', () => {
  it('stay through a trip to Overview and another instance, with Settings marked in the nav, until Discard', async () => {
    const { url, file } = await startWeb();
    const untouched = await readFile(file, 'utf8');
    const p = await open(url);
    await openSettings(p);
    expect(await settingsTab(p, 'Settings').count()).toBe(1);
    expect(await unsavedDot(p).count()).toBe(0);

    await p.getByLabel(WARN_LABEL).fill('70');
    expect(await formStatus(p)).toBe('Unsaved changes (1 field)');
    expect(await settingsTab(p, 'Settings, unsaved changes').count()).toBe(1);

    // Away to Overview, and to another instance tab: the nav keeps saying Settings has unsaved changes.
    await p.locator('#pane-tab-overview').click();
    await p.locator('.instance-header').first().waitFor();
    expect(await p.getByLabel(WARN_LABEL).count()).toBe(0);
    expect(await settingsTab(p, 'Settings, unsaved changes').count()).toBe(1);
    expect(await unsavedDot(p).isVisible()).toBe(true);
    await p.getByRole('tab', { name: /^Bheem/ }).click();
    expect(await p.getByRole('tab', { name: /^Bheem/ }).getAttribute('aria-selected')).toBe('true');
    await screenshot(p, 'settings-draft-nav-marked');
    await expectAccessible(p, 'overview with unsaved settings');

    // Back with the keyboard (End selects the last pane, Settings): the same value, count and Discard.
    await p.locator('#pane-tab-overview').focus();
    await p.keyboard.press('End');
    await p.getByRole('heading', { name: 'Hosts' }).waitFor();
    await expect.poll(() => activeElementLabel(p)).toBe('Settings, unsaved changes');
    expect(await p.getByLabel(WARN_LABEL).inputValue()).toBe('70');
    expect(await formStatus(p)).toBe('Unsaved changes (1 field)');
    expect(await readFile(file, 'utf8')).toBe(untouched);
    await expectAccessible(p, 'settings with an unsaved edit');

    await p.getByRole('button', { name: 'Discard changes' }).click();
    expect(await p.getByLabel(WARN_LABEL).inputValue()).toBe('85');
    expect(await formStatus(p)).toBe('');
    expect(await settingsTab(p, 'Settings').count()).toBe(1);
    expect(await unsavedDot(p).count()).toBe(0);

    // Still clear after another round trip.
    await p.locator('#pane-tab-overview').click();
    await openSettings(p);
    expect(await p.getByLabel(WARN_LABEL).inputValue()).toBe('85');
    expect(await formStatus(p)).toBe('');
  });

  it('take settings saved elsewhere for the fields not edited, keep the edited ones, and clear once saved', async () => {
    const { url, file } = await startWeb();
    const p = await open(url);
    await openSettings(p);
    await p.getByLabel(WARN_LABEL).fill('70');
    await p.locator('#pane-tab-overview').click();

    // Another window saves a new poll interval and its own disk warning.
    const other = await open(url);
    await openSettings(other);
    await other.getByLabel(POLL_LABEL).fill('300');
    await other.getByLabel(WARN_LABEL).fill('90');
    await other.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => formStatus(other)).toBe('Saved');
    expect(await savedConfig(file)).toMatchObject({
      pollIntervalSeconds: 300,
      thresholds: { diskUsedPctWarning: 90 },
    });

    // Back in the first window: the untouched poll interval follows main, the edited threshold stays as typed.
    await openSettings(p);
    await expect.poll(() => p.getByLabel(POLL_LABEL).inputValue()).toBe('300');
    expect(await p.getByLabel(WARN_LABEL).inputValue()).toBe('70');
    expect(await formStatus(p)).toBe('Unsaved changes (1 field)');
    expect(await settingsTab(p, 'Settings, unsaved changes').count()).toBe(1);

    // Saving it clears the mark, and the file holds both.
    await p.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => formStatus(p)).toBe('Saved');
    expect(await settingsTab(p, 'Settings').count()).toBe(1);
    expect(await savedConfig(file)).toMatchObject({
      pollIntervalSeconds: 300,
      thresholds: { diskUsedPctWarning: 70 },
    });
    await p.locator('#pane-tab-overview').click();
    await openSettings(p);
    expect(await p.getByLabel(WARN_LABEL).inputValue()).toBe('70');
    expect(await formStatus(p)).toBe('');
  });
});
