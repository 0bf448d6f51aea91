// Spend in Debian's Chromium over the fixture service (the real demo fleet): Trends shows cost and tokens
// per UTC day by source for both instances, each chart with its tables as the text alternative, unpriced
// usage marked as a lower bound; Settings › Spend saves a daily cap per instance.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createFixtureService, FIXED_NOW, type FixtureService } from './fixtures/fixture-service.js';
import { screenshot } from './helpers/browser.js';
import { useChromiumWindow } from './helpers/chromium-window.js';
import { expectAccessible } from './helpers/expect-accessible.js';

const chromium = useChromiumWindow();
let fx: FixtureService;
let page: Page;

async function start(): Promise<Page> {
  fx = createFixtureService({ scenario: 'demo' });
  const server = await chromium.serve(fx.service, { onState: fx.onState, onFocusWarning: fx.onFocusWarning });
  page = await chromium.open(server.url, { now: FIXED_NOW });
  return page;
}

describe('Spend in the window', () => {
  it('Trends shows spend per day by source as charts with per-day and per-model tables, lower bounds marked', async () => {
    await start();
    await page.locator('#pane-tab-trends').click();
    const cost = page.getByRole('figure', { name: 'Cost per day by source chart' });
    await cost.waitFor();
    expect(await cost.locator('.legend li').allTextContents()).toEqual([
      'Vijay (root) · demo cron',
      'Vijay (root) · demo interactive',
      'Vijay (root) · demo other',
      'Bheem (uma) · demo cron',
      'Bheem (uma) · demo interactive',
      'Bheem (uma) · demo other',
    ]);
    // 8 days × 3 sources × 2 instances, every point drawn.
    expect(await cost.getAttribute('data-points')).toBe('48');
    await page.getByRole('figure', { name: 'Tokens per day by source chart' }).waitFor();
    // The longer view, from the history: a point per UTC day in the 24 h range (yesterday and today).
    const overRange = page.getByRole('figure', { name: 'Spend per day over the range chart' });
    expect(await overRange.locator('.legend li').allTextContents()).toEqual([
      'Vijay (root) · demo total',
      'Vijay (root) · demo cron',
      'Bheem (uma) · demo total',
      'Bheem (uma) · demo cron',
    ]);
    expect(Number(await overRange.getAttribute('data-points'))).toBeGreaterThanOrEqual(8);

    const vijayDays = page.getByRole('table', { name: 'Spend per day, Vijay (root) · demo' });
    expect(await vijayDays.locator('tbody tr').count()).toBe(8);
    const todayRow = vijayDays.locator('tbody tr').first();
    expect(await todayRow.locator('th').textContent()).toMatch(/^\d{4}-\d{2}-\d{2} \(today\)$/);
    expect(await todayRow.locator('td').first().textContent()).toMatch(/^\$\d+\.\d\d$/);

    // Bheem runs a local model Hermes has no price for: its totals are lower bounds, the model "unpriced".
    const bheemDays = page.getByRole('table', { name: 'Spend per day, Bheem (uma) · demo' });
    expect(await bheemDays.locator('tbody tr td').first().textContent()).toMatch(/^≥ \$\d+\.\d\d$/);
    const bheemModels = page.getByRole('table', { name: 'Spend per model, Bheem (uma) · demo' });
    const qwen = bheemModels.locator('tbody tr', { hasText: 'local/qwen3-32b' });
    expect(await qwen.locator('td').nth(2).textContent()).toBe('unpriced');
    expect(await page.getByText(/No price in Hermes for local\/qwen3-32b/).count()).toBe(1);

    await screenshot(page, 'trends-spend');
    await expectAccessible(page, 'trends with spend');
  });

  it('Settings › Spend saves a daily cap per instance on its own and refuses a bad amount at the field', async () => {
    await start();
    await page.locator('#pane-tab-settings').click();
    const cap = page.getByLabel('Daily cap for Vijay (root) · demo');
    await cap.fill('lots');
    await page.getByRole('button', { name: 'Save caps' }).click();
    await page.getByText('Enter an amount in USD above 0, or leave it blank for no cap').waitFor();
    expect(fx.calls.filter((c) => c.channel === 'settings:save')).toHaveLength(0);

    await cap.fill('12.50');
    await page.getByRole('button', { name: 'Save caps' }).click();
    await page.getByText('Daily caps saved.').waitFor();
    const saves = fx.calls.filter((c) => c.channel === 'settings:save');
    expect(saves).toHaveLength(1);
    const saved = saves[0]!.payload as { thresholds: { spendDailyCapUsd: Record<string, number> } };
    expect(saved.thresholds.spendDailyCapUsd).toEqual({ vijay: 12.5 });
    expect(await page.getByLabel('Warn at this multiple of the 7-day average (×)').inputValue()).toBe('3');
    await screenshot(page, 'settings-spend');
    await expectAccessible(page, 'settings with spend');
  });
});
