// Verdict first everywhere in the window (issue 11 §5): the card, the instance tab, the pane heading and
// the document title say OK / Needs attention / Critical / Unknown before anything else; freshness stays
// beside it, smaller; every warning carries its commands; the parity section claims nothing it cannot see.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createFixtureService, FIXED_NOW, type Scenario } from './fixtures/fixture-service.js';
import { readClipboard, screenshot } from './helpers/browser.js';
import { useChromiumWindow } from './helpers/chromium-window.js';

const chromium = useChromiumWindow();

async function open(
  scenario: Scenario = 'demo',
): Promise<{ page: Page; fx: ReturnType<typeof createFixtureService> }> {
  const fx = createFixtureService({ scenario });
  const server = await chromium.serve(fx.service, { onState: fx.onState });
  const page = await chromium.open(server.url, { now: FIXED_NOW });
  return { page, fx };
}

/** The header's parts in reading order: name, verdict, freshness, age. */
const headerParts = (page: Page, n: number) =>
  page
    .locator('section.column .instance-header')
    .nth(n)
    .evaluate((h) => Array.from(h.children).map((c) => c.className.split(' ')[0]));

describe('verdict first in the window', () => {
  it('puts the verdict before freshness on each card, on each tab, in the pane heading and the title', async () => {
    const { page } = await open();
    const cards = page.locator('section.column');
    // Demo: Vijay is fine, Bheem has a degraded gateway, a failing cron job and an inactive backup timer.
    expect(await cards.nth(0).locator('.verdict').textContent()).toMatch(/^OK/);
    expect(await cards.nth(1).locator('.verdict').textContent()).toMatch(/^Needs attention/);
    // The order that matters comes first; the maintenance control follows (issue 16).
    expect((await headerParts(page, 1)).slice(0, 4)).toEqual([
      'instance-name',
      'verdict',
      'freshness',
      'data-age',
    ]);
    expect(await cards.nth(1).locator('.freshness').textContent()).toBe('Live');
    // Freshness is no longer a green badge competing with the verdict.
    expect(await page.locator('.badge.state-live').count()).toBe(0);

    expect(await page.getByRole('tab', { name: /^Vijay.* OK$/ }).count()).toBe(1);
    expect(await page.getByRole('tab', { name: /^Bheem.* Needs attention$/ }).count()).toBe(1);
    expect(await page.title()).toBe('Needs attention · Overview — Hermes Mission Control');
    expect(await page.getByRole('heading', { level: 2, name: 'Overview' }).count()).toBe(1);

    await page.getByRole('tab', { name: /^Vijay/ }).click();
    await page.locator('#pane-tab-cron').click();
    await expect.poll(() => page.title()).toBe('Vijay (root) · demo: OK · Cron — Hermes Mission Control');
    expect(await page.locator('#pane-heading').textContent()).toBe('Cron — Vijay (root) · demo');
    // A real main landmark (role="tabpanel" sits inside it, not on it).
    expect(await page.getByRole('main').count()).toBe(1);
    await screenshot(page, 'verdict-first-cron-vijay');
  });

  it('says Unknown, not OK, for an instance whose data is stale', async () => {
    const { page } = await open('stale');
    const vijay = page.locator('section.column').nth(0);
    expect(await vijay.locator('.verdict').getAttribute('data-verdict')).toBe('unknown');
    expect(await vijay.locator('.freshness').textContent()).toBe('Stale');
    expect(await page.title()).toMatch(/^Unknown · Overview/);
  });

  it('gives every warning its runbook commands under "How to fix", with copy buttons that copy them', async () => {
    const { page, fx } = await open();
    const warnings = fx.state().warnings;
    const shown = await page
      .locator('.warning-list > li')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-warning-id')));
    expect(shown.length).toBeGreaterThan(2);
    for (const id of shown) {
      const w = warnings.find((x) => x.id === id)!;
      const item = page.locator(`.warning-list > li[data-warning-id="${id}"]`);
      expect(w.commands.length, `${w.id} has commands`).toBeGreaterThan(0);
      const fix = item.locator('.warning-fix');
      await fix.locator('summary').click();
      expect(await fix.locator('code').allTextContents()).toEqual(w.commands.map((c) => c.command));
      expect(await fix.getByRole('button', { name: /^Copy / }).count()).toBe(w.commands.length);
      // What changes the VM says so.
      expect(await fix.locator('.changes-vm-tag').count()).toBe(w.commands.filter((c) => c.changesVm).length);
    }
    const first = warnings.find((w) => w.commands.length > 0)!;
    const item = page.locator(`.warning-list > li[data-warning-id="${first.id}"]`);
    await item
      .getByRole('button', { name: `Copy ${first.commands[0]!.label} command for Bheem (uma) · demo` })
      .click();
    await expect.poll(() => readClipboard(page)).toBe(first.commands[0]!.command);
  });

  it('does not claim the instances match when there is no data to compare', async () => {
    const { page } = await open('tofu');
    const parity = page.locator('.parity-summary');
    expect(await parity.textContent()).toContain('Cannot compare yet: no data from any instance.');
    expect(await parity.textContent()).not.toContain('None: both run the same model');
  });
});
