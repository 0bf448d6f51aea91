// The Commands pane and palette in Chromium at a narrow width: commands grouped, filtered, those the
// current warnings call for first, VM-changing ones marked (with the same badge in the palette), never
// wrapped inside a token; the palette shows whole commands for the instance on screen and hands focus to
// the pane it went to.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createFixtureService, FIXED_NOW, type FixtureService } from './fixtures/fixture-service.js';
import { readClipboard, screenshot } from './helpers/browser.js';
import { useChromiumWindow } from './helpers/chromium-window.js';
import { expectAccessible } from './helpers/expect-accessible.js';

const chromium = useChromiumWindow();
let fx: FixtureService;

async function open(width = 1024, height = 700): Promise<Page> {
  fx = createFixtureService();
  const server = await chromium.serve(fx.service, { onState: fx.onState, onFocusWarning: fx.onFocusWarning });
  const page = await chromium.open(server.url, { now: FIXED_NOW });
  await page.setViewportSize({ width, height });
  return page;
}

/** Tokens (space-separated words of a command) drawn on more than one line: each must sit on one. */
const brokenTokens = (page: Page, scope: string) =>
  page.locator(`${scope} .cmd-token`).evaluateAll((els) =>
    els
      .filter((e) => {
        const rects = [...e.getClientRects()].filter((r) => r.width > 0);
        return rects.length > 1;
      })
      .map((e) => e.textContent),
  );

describe('Commands pane', () => {
  it('groups each instance’s commands, current warnings’ commands first, VM-changing ones marked, none split inside a token', async () => {
    const page = await open();
    await page.locator('#pane-tab-commands').click();
    const vijay = page.getByRole('region', { name: /^Vijay.* commands$/ });
    await vijay.locator('.command-card').first().waitFor();
    const titles = (await vijay.locator('h3.subsection-title').allTextContents()).map((t) =>
      t.replace(/ \(\d+\)$/, ''),
    );
    const groups = titles.filter((t) => t !== 'For the current warnings');
    expect(groups).toEqual(
      ['Gateway', 'Cron', 'Backups', 'Restore drill', 'Dashboard tunnel', 'Host'].filter((g) =>
        groups.includes(g),
      ),
    );
    expect(groups).toContain('Gateway');
    expect(groups).toContain('Host');

    const warned = fx.state().warnings.filter((w) => w.instanceId === 'vijay' && w.commands.length > 0);
    if (warned.length > 0) {
      expect(titles[0]).toBe('For the current warnings');
      const firstCmd = await vijay
        .locator('.command-group-warnings .command-card strong')
        .first()
        .textContent();
      expect(warned.flatMap((w) => w.commands.map((c) => c.label))).toContain(firstCmd);
    }

    const all = await fx.service['commands:list']({ instanceId: 'vijay' });
    const changing = all.filter((c) => c.changesVm).map((c) => c.label);
    const marked = await vijay
      .locator('.command-card.command-changes-vm')
      .evaluateAll((cards) => cards.map((c) => c.querySelector('strong')?.textContent));
    expect(marked.sort()).toEqual(changing.sort());
    expect(await vijay.locator('.command-changes-vm .command-vm-badge').first().textContent()).toBe(
      'Changes the VM',
    );

    expect(await brokenTokens(page, 'main')).toEqual([]);
    await screenshot(page, 'commands-pane-1024');
    await expectAccessible(page, 'commands pane');
  });

  it('filters as you type, per instance, saying when nothing matches', async () => {
    const page = await open();
    await page.locator('#pane-tab-commands').click();
    const vijay = page.getByRole('region', { name: /^Vijay.* commands$/ });
    await vijay.locator('.command-card').first().waitFor();
    const before = await vijay.locator('.command-card').count();
    await page.getByLabel('Filter commands').fill('journal');
    await expect.poll(() => vijay.locator('.command-card').count()).toBeLessThan(before);
    for (const text of await vijay.locator('.command-card').allTextContents())
      expect(text.toLowerCase()).toContain('journal');
    await page.getByLabel('Filter commands').fill('zzz-no-such-command');
    await expect.poll(() => vijay.textContent()).toContain('No command matches “zzz-no-such-command”.');
  });
});

describe('Command palette', () => {
  it('shows whole commands (wrapped at spaces, never cut), only for the instance on screen, copying the exact text', async () => {
    const page = await open(800, 600);
    await page.getByRole('tab', { name: /^Bheem/ }).click();
    await page.keyboard.press('Control+k');
    const dialog = page.getByRole('dialog', { name: 'Command palette' });
    await dialog.waitFor();
    await page.keyboard.type('gateway');
    await expect.poll(() => dialog.getByRole('option').count()).toBeGreaterThan(0);
    const titles = await dialog.locator('.palette-title').allTextContents();
    expect(titles.filter((t) => t.startsWith('Vijay'))).toEqual([]);
    expect(titles.some((t) => t.startsWith('Bheem'))).toBe(true);
    const cut = await dialog
      .locator('.palette-detail')
      .evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent));
    expect(cut).toEqual([]);
    expect(await brokenTokens(page, '[role="dialog"]')).toEqual([]);
    const details = await dialog.locator('.palette-detail').allTextContents();
    const bheem = await fx.service['commands:list']({ instanceId: 'bheem' });
    for (const d of details) expect(bheem.map((c) => c.command)).toContain(d);
    await page.keyboard.press('Enter');
    await expect.poll(() => readClipboard(page)).toBe(details[0]);
    await screenshot(page, 'palette-800');
  });

  it('marks the commands that change the VM as the Commands pane does, and finds them by "changes the vm"', async () => {
    const page = await open();
    await page.getByRole('tab', { name: /^Bheem/ }).click();
    await page.keyboard.press('Control+k');
    const dialog = page.getByRole('dialog', { name: 'Command palette' });
    await dialog.waitFor();
    const bheem = await fx.service['commands:list']({ instanceId: 'bheem' });
    expect(bheem.some((c) => c.changesVm)).toBe(true);
    expect(bheem.some((c) => !c.changesVm)).toBe(true);
    await expect.poll(() => dialog.locator('.palette-item .palette-detail').count()).toBe(bheem.length);
    const rows = await dialog.locator('.palette-item:has(.palette-detail)').evaluateAll((els) =>
      els.map((e) => ({
        title: e.querySelector('.palette-title')?.textContent,
        badge: e.querySelector('.command-vm-badge')?.textContent ?? null,
        marked: e.classList.contains('command-changes-vm'),
        border: getComputedStyle(e).borderLeftWidth,
      })),
    );
    for (const c of bheem) {
      const row = rows.find((r) => r.title === `Bheem (uma) · demo: ${c.label}`)!;
      expect(row, c.label).toBeDefined();
      // The same words as the Commands pane's badge, on exactly the commands that change the VM…
      expect(row.badge, c.label).toBe(c.changesVm ? 'Changes the VM' : null);
      expect(row.marked, c.label).toBe(c.changesVm);
      // …and they look different, not only read different.
      expect(row.border, c.label).toBe(c.changesVm ? '3px' : '0px');
    }
    await page.keyboard.type('changes the vm');
    await expect
      .poll(async () => (await dialog.locator('.palette-title').allTextContents()).sort())
      .toEqual(
        bheem
          .filter((c) => c.changesVm)
          .map((c) => `Bheem (uma) · demo: ${c.label}`)
          .sort(),
      );
    await screenshot(page, 'palette-changes-vm');
  });

  it('after "Go to Trends" focus is on the Trends pane, not left on the page body', async () => {
    const page = await open();
    await page.keyboard.press('Control+k');
    const dialog = page.getByRole('dialog', { name: 'Command palette' });
    await dialog.waitFor();
    await page.keyboard.type('go to trends');
    await page.keyboard.press('Enter');
    await expect.poll(() => dialog.count()).toBe(0);
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.closest('#main-panel') !== null))
      .toBe(true);
    expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe('BODY');
    expect(await page.locator('#pane-tab-trends').getAttribute('aria-selected')).toBe('true');
  });
});
