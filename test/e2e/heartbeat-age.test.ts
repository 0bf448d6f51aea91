// One heartbeat age everywhere, and it keeps counting (issue 15 §5): the Health pane shows the same age as
// the Overview card — the snapshot's age at writing plus how old the snapshot is now — and it grows with
// the clock while no new snapshot comes, instead of the snapshot's frozen figure.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createFixtureService, FIXED_NOW } from './fixtures/fixture-service.js';
import { useChromiumWindow } from './helpers/chromium-window.js';

const chromium = useChromiumWindow();

const cardHeartbeat = async (page: Page) => {
  const text =
    (await page
      .locator('section.column')
      .nth(0)
      .getByText(/heartbeat .* ago/)
      .textContent()) ?? '';
  return /heartbeat (.*) ago/.exec(text)?.[1];
};
const healthHeartbeat = async (page: Page) => {
  const row = page
    .locator('section.column')
    .nth(0)
    .locator('.fact', { has: page.locator('dt', { hasText: /^Heartbeat$/ }) });
  return /^(.*) ago$/.exec((await row.locator('dd').textContent()) ?? '')?.[1];
};

describe('heartbeat age in the Health pane', () => {
  it('matches the Overview card and keeps counting while no new snapshot comes', async () => {
    const fx = createFixtureService();
    const server = await chromium.serve(fx.service, { onState: fx.onState });
    const page = await chromium.open(server.url, { now: FIXED_NOW, clock: 'manual' });
    // Demo: heartbeat 12 s old when the snapshot was written, 90 s ago.
    const onCard = await cardHeartbeat(page);
    expect(onCard).toBe('1 min');
    await page.locator('#pane-tab-health').click();
    expect(await healthHeartbeat(page)).toBe(onCard);

    await page.clock.runFor(5 * 60_000);
    await expect.poll(() => healthHeartbeat(page)).toBe('6 min');
    await page.locator('#pane-tab-overview').click();
    expect(await cardHeartbeat(page)).toBe('6 min');
  });
});
