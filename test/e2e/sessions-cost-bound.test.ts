// The Sessions pane's 24 h / 7 d cost reads as a lower bound ("≥ $x") for an instance whose snapshot
// says Hermes could not price part of its usage (demo: Bheem runs an unpriced local model), plain otherwise.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createFixtureService, FIXED_NOW } from './fixtures/fixture-service.js';
import { useChromiumWindow } from './helpers/chromium-window.js';

const chromium = useChromiumWindow();

const fact = (page: Page, n: number, name: string) =>
  page
    .locator('section.column')
    .nth(n)
    .locator('.fact', { has: page.locator('dt', { hasText: new RegExp(`^${name}$`) }) })
    .locator('dd')
    .textContent();

describe('Sessions pane cost', () => {
  it('marks Bheem’s cost "≥" and leaves Vijay’s, all priced, exact', async () => {
    const fx = createFixtureService();
    const server = await chromium.serve(fx.service, { onState: fx.onState });
    const page = await chromium.open(server.url, { now: FIXED_NOW });
    await page.locator('#pane-tab-sessions').click();
    expect(await fact(page, 0, 'Last 24 h')).toMatch(/ sessions · \$\d+\.\d\d$/);
    expect(await fact(page, 1, 'Last 24 h')).toMatch(/ sessions · ≥ \$\d+\.\d\d$/);
    expect(await fact(page, 1, 'Last 7 d')).toMatch(/ sessions · ≥ \$\d+\.\d\d$/);
  });
});
