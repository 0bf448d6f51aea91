// The words and times the panes show, read in Chromium: no raw ISO timestamps, cron schedules in words
// with the expression beside, times past an hour with their clock time and the full time on hover, Health's
// units under headings that match their manager, and Host showing the one VM with both instances on it.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createFixtureService, FIXED_NOW } from './fixtures/fixture-service.js';
import { screenshot } from './helpers/browser.js';
import { useChromiumWindow } from './helpers/chromium-window.js';

const chromium = useChromiumWindow();
const ISO = /\d{4}-\d\d-\d\dT\d\d:\d\d/;

async function open(): Promise<Page> {
  const fx = createFixtureService();
  const server = await chromium.serve(fx.service, { onState: fx.onState, onFocusWarning: fx.onFocusWarning });
  return chromium.open(server.url, { now: FIXED_NOW });
}

const pane = async (page: Page, id: string) => {
  await page.locator(`#pane-tab-${id}`).click();
  await page.waitForFunction(
    () => !document.querySelector('#main-panel [role="status"][aria-label^="Loading"]'),
  );
  return page.locator('#main-panel');
};

describe('Words in the panes', () => {
  it('shows no raw ISO timestamp on any pane', async () => {
    const page = await open();
    for (const id of [
      'health',
      'cron',
      'backups',
      'sessions',
      'agent-config',
      'host',
      'commands',
      'settings',
    ]) {
      const text = (await (await pane(page, id)).textContent()) ?? '';
      expect(text, id).not.toMatch(ISO);
    }
  });

  it('says cron schedules in words with the expression beside, and far times with their clock and full time', async () => {
    const page = await open();
    const cron = await pane(page, 'cron');
    const row = cron.getByRole('row', { name: /Morning briefing/ }).first();
    const schedule = row.locator('td').first();
    expect(await schedule.textContent()).toBe('daily at 07:00 0 7 * * *');
    expect(await schedule.locator('code').textContent()).toBe('0 7 * * *');
    const lastRun = row.locator('td').nth(1).locator('time');
    expect(await lastRun.textContent()).toMatch(/^\d+ h( \d+ min)? ago \(\d\d:\d\d\)$/);
    expect(await lastRun.getAttribute('title')).toMatch(/\d{4}, \d\d:\d\d:\d\d/);
    await screenshot(page, 'words-cron');
  });

  it('lists Bheem’s units under "User units" and "System units", and one heartbeat age', async () => {
    const page = await open();
    await page.getByRole('tab', { name: /^Bheem/ }).click();
    const health = await pane(page, 'health');
    const headings = await health.locator('h3.section-title').allTextContents();
    expect(headings).toContain('User units');
    expect(headings).toContain('System units');
    expect(headings.some((h) => /^Units \(/.test(h))).toBe(false);
    expect(await health.textContent()).not.toContain('system unit');
    expect(await health.textContent()).not.toContain('heartbeat age at snapshot time');
  });

  it('shows the VM once on Host, with both instances on it, on the All tab and on Bheem’s', async () => {
    const page = await open();
    let host = await pane(page, 'host');
    expect(await host.locator('section.column').count()).toBe(1);
    const on = await host.getByRole('list', { name: /^Instances on / }).textContent();
    expect(on).toContain('Vijay');
    expect(on).toContain('Bheem');
    expect(await host.textContent()).not.toContain('see the other instance');
    await page.getByRole('tab', { name: /^Bheem/ }).click();
    host = await pane(page, 'host');
    expect(await host.locator('h3.section-title').first().textContent()).toBe('Disks');
    await screenshot(page, 'words-host-bheem');
  });

  it('shows the VM’s disk and memory on the Overview card of the instance without host probes, and whose reading it is', async () => {
    const page = await open();
    const overview = await pane(page, 'overview');
    const bheem = overview.locator('section.column').nth(1);
    const text = (await bheem.textContent()) ?? '';
    expect(text).not.toContain('host probes off');
    expect(text).toMatch(/Disk\s*\d+(\.\d)? ?% used on \/ \(VM, read by Vijay/);
    expect(text).toMatch(/Memory\s*\d+(\.\d)? ?% available \(VM, read by Vijay/);
  });
});
