// Every pane at 1440×900, 1024×700 and 800×600 (and below 800 px) in Chromium: nothing scrolls sideways,
// nothing in a pane is clipped (the Cron status with its failure reason, repo paths, Agent config's
// "Differs"), the sidebar folds below 800 px, one instance gets a readable width, and selecting a pane
// never reflows the nav.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createFixtureService, FIXED_NOW } from './fixtures/fixture-service.js';
import { screenshot } from './helpers/browser.js';
import { useChromiumWindow } from './helpers/chromium-window.js';

const chromium = useChromiumWindow();

const PANES = [
  'overview',
  'health',
  'cron',
  'backups',
  'sessions',
  'agent-config',
  'host',
  'trends',
  'commands',
  'settings',
];
const SIZES = [
  [1440, 900],
  [1024, 700],
  [800, 600],
] as const;

async function open(width: number, height: number): Promise<Page> {
  const fx = createFixtureService();
  const server = await chromium.serve(fx.service, { onState: fx.onState, onFocusWarning: fx.onFocusWarning });
  const page = await chromium.open(server.url, { now: FIXED_NOW });
  await page.setViewportSize({ width, height });
  return page;
}

async function showPane(page: Page, pane: string): Promise<void> {
  await page.locator(`#pane-tab-${pane}`).click();
  await page.waitForFunction(
    () => !document.querySelector('#main-panel [role="status"][aria-label^="Loading"]'),
  );
  if (pane === 'trends') await page.locator('.chart-series').first().waitFor();
}

/** What scrolls sideways: the page itself, and any element in the pane whose content is wider than its box. */
const overflow = (page: Page) =>
  page.evaluate(() => {
    const doc = document.documentElement;
    const clipped: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('#main-panel *')) {
      const style = getComputedStyle(el);
      if (style.overflowX === 'visible' || el.closest('svg, .visually-hidden')) continue;
      if (el.scrollWidth > el.clientWidth + 1)
        clipped.push(
          `${el.tagName.toLowerCase()}.${el.className}: ${el.scrollWidth} > ${el.clientWidth} "${(el.textContent ?? '').slice(0, 60)}"`,
        );
    }
    // Text that runs out of its cell without a scroll box (a clipped table cell, an ellipsis).
    for (const el of document.querySelectorAll<HTMLElement>(
      '#main-panel td, #main-panel th, #main-panel code',
    )) {
      const box = el.getBoundingClientRect();
      if (box.right > doc.clientWidth + 1)
        clipped.push(`${el.tagName.toLowerCase()} past the window: "${(el.textContent ?? '').slice(0, 60)}"`);
    }
    return { page: doc.scrollWidth - doc.clientWidth, clipped };
  });

describe('Layout', () => {
  for (const [width, height] of SIZES) {
    it(`at ${width}×${height} no pane scrolls sideways or clips its content`, async () => {
      const page = await open(width, height);
      const problems: string[] = [];
      for (const pane of PANES) {
        await showPane(page, pane);
        const o = await overflow(page);
        if (o.page > 0) problems.push(`${pane}: the page scrolls sideways by ${o.page} px`);
        for (const c of o.clipped) problems.push(`${pane}: ${c}`);
        if (['cron', 'agent-config', 'backups', 'health'].includes(pane))
          await screenshot(page, `layout-${width}-${pane}`);
      }
      expect(problems).toEqual([]);
    });
  }

  it('below 800 px folds the sidebar into a strip above the pane', async () => {
    const page = await open(700, 700);
    const nav = (await page.locator('nav.pane-nav').boundingBox())!;
    const main = (await page.locator('#main-panel').boundingBox())!;
    expect(nav.y + nav.height).toBeLessThanOrEqual(main.y + 1);
    expect(main.width).toBeGreaterThan(600);
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
    ).toBe(0);
  });

  it('gives a single instance a readable width instead of the whole window', async () => {
    const page = await open(1440, 900);
    await page.getByRole('tab', { name: /^Vijay/ }).click();
    await showPane(page, 'health');
    const columns = (await page.locator('#main-panel .columns').first().boundingBox())!;
    expect(columns.width).toBeLessThanOrEqual(1000);
  });

  it('selecting a pane keeps every nav item on one line, so nothing shifts', async () => {
    const page = await open(1024, 700);
    const heights = () =>
      page.locator('.pane-tab').evaluateAll((ts) => ts.map((t) => t.getBoundingClientRect().height));
    const before = await heights();
    for (const pane of ['backups', 'agent-config', 'settings']) {
      await page.locator(`#pane-tab-${pane}`).click();
      expect(await heights()).toEqual(before);
    }
  });
});
