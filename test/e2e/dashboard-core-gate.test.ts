// "Open dashboard" in the Health pane needs the core (it opens the SSH tunnel): while the link to Mission
// Control is down it is disabled with the reason, like every other action that needs the core.
import { describe, expect, it } from 'vitest';
import { createFixtureService, FIXED_NOW } from './fixtures/fixture-service.js';
import { useChromiumWindow } from './helpers/chromium-window.js';

const chromium = useChromiumWindow();

describe('Open dashboard while the core is away', () => {
  it('is enabled while connected, then disabled with "Mission Control disconnected" as the reason', async () => {
    const fx = createFixtureService();
    const server = await chromium.serve(fx.service, { onState: fx.onState });
    const page = await chromium.open(server.url, { now: FIXED_NOW, clock: 'manual' });
    await page.locator('#pane-tab-health').click();
    const open = page.getByRole('button', { name: /^Open dashboard \(Vijay/ });
    expect(await open.isEnabled()).toBe(true);

    await server.close(); // the core goes away under the open window
    await expect.poll(() => open.isDisabled(), { timeout: 15_000 }).toBe(true);
    expect(await open.getAttribute('title')).toMatch(/^Mission Control disconnected/);
  });
});
