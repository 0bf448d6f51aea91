// Agent config marks the values that are Hermes defaults (config.defaulted) with a small "default" beside
// them, and the parity column still compares values: Vijay's default 'ask' equals Bheem's explicit 'ask'.
import { describe, expect, it } from 'vitest';
import { createFixtureService, FIXED_NOW } from './fixtures/fixture-service.js';
import { useChromiumWindow } from './helpers/chromium-window.js';

const chromium = useChromiumWindow();

describe('Agent config defaults', () => {
  it('marks a default beside its value and keeps the row "same" when the other instance sets it', async () => {
    const fx = createFixtureService();
    const server = await chromium.serve(fx.service, { onState: fx.onState });
    const page = await chromium.open(server.url, { now: FIXED_NOW });
    await page.locator('#pane-tab-agent-config').click();
    const approvals = page.locator('.parity-table tr', {
      has: page.locator('th', { hasText: /· Approvals$/ }),
    });
    const cells = await approvals.locator('td').allTextContents();
    expect(cells).toEqual(['ask default', 'ask', 'same']);
    expect(await approvals.locator('td').nth(0).locator('[data-default]').getAttribute('title')).toMatch(
      /Hermes default/,
    );
    const model = page.locator('.parity-table tr', {
      has: page.locator('th', { hasText: /· Default model$/ }),
    });
    expect(await model.locator('[data-default]').count()).toBe(0);
  });
});
