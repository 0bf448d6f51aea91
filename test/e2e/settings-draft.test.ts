// Unsaved Settings edits through the built `hermes-mc web` in Debian's Chromium: they stay while the person
// visits other panes and instances, the pane nav marks Settings meanwhile, settings saved elsewhere move only
// the fields nobody edited, and Discard / Save settings clear the mark.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HERMES_VM_AND_SPARE_VM } from './fixtures/unreachable-hosts.js';
import { activeElementLabel, screenshot } from './helpers/browser.js';
import { useChromiumWindow } from './helpers/chromium-window.js';
import { expectAccessible } from './helpers/expect-accessible.js';
import { startWebCommandOnConfig, stopWebCommand } from './helpers/web-command.js';

const chromium = useChromiumWindow();
let base: string;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'hmc-settings-draft-'));
});

afterAll(async () => {
  if (base) await rm(base, { recursive: true, force: true });
});

/** `hermes-mc web` on a fresh config file with two unreachable hosts and a 120 s poll interval. */
async function startWeb(): Promise<{ url: string; file: string }> {
  const home = await mkdtemp(join(base, 'home-'));
  const config = { pollIntervalSeconds: 120, hosts: HERMES_VM_AND_SPARE_VM };
  const { url, proc, file } = await startWebCommandOnConfig(home, JSON.stringify(config));
  chromium.afterTest(() => stopWebCommand(proc));
  return { url, file };
}

/** A window of its own on `url`, its clock pinned to the moment it opens. */
const open = (url: string) => chromium.open(url, { now: Date.now() });

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
