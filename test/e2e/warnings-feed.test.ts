// The warnings feed's shape (issue 15 §5): no Instance filter inside a single-instance view, the same
// controls at the same place on every row, and nothing alarming or empty while the first state loads.
import { describe, expect, it } from 'vitest';
import type { MissionControlService } from '../../preload/ipc-contract.js';
import { createFixtureService, FIXED_NOW } from './fixtures/fixture-service.js';
import { screenshot } from './helpers/browser.js';
import { useChromiumWindow } from './helpers/chromium-window.js';

const chromium = useChromiumWindow();

describe('the warnings feed', () => {
  it("inside one instance's tab shows only its warnings and no Instance filter", async () => {
    const fx = createFixtureService();
    const server = await chromium.serve(fx.service, { onState: fx.onState });
    const page = await chromium.open(server.url, { now: FIXED_NOW });
    const filters = page.getByRole('group', { name: 'Warning filters' });
    expect(await filters.getByLabel('Instance').count()).toBe(1);

    await page.getByRole('tab', { name: /^Bheem/ }).click();
    await expect.poll(() => filters.getByLabel('Instance').count()).toBe(0);
    const ids = await page
      .locator('.warning-list > li')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-warning-id')!));
    expect(ids.length).toBe(fx.state().warnings.filter((w) => w.instanceId === 'bheem').length);
    for (const id of ids) expect(id.startsWith('bheem:')).toBe(true);

    await page.getByRole('tab', { name: /^Vijay/ }).click();
    await expect.poll(() => page.locator('.warning-list > li[data-warning-id^="bheem:"]').count()).toBe(0);
    await page.getByRole('tab', { name: 'All' }).click();
    await expect.poll(() => filters.getByLabel('Instance').count()).toBe(1);
  });

  it("puts each row's Acknowledge, duration and Snooze at the same place, whatever the age text", async () => {
    const fx = createFixtureService();
    const server = await chromium.serve(fx.service, { onState: fx.onState });
    const page = await chromium.open(server.url, { now: FIXED_NOW });
    const rows = page.locator('.warning-list > li');
    expect(await rows.count()).toBeGreaterThan(2);
    const lefts = async (selector: string) =>
      rows.evaluateAll(
        (els, sel) => els.map((e) => Math.round(e.querySelector(sel)!.getBoundingClientRect().left)),
        selector,
      );
    for (const control of ['button', 'select', 'button:last-of-type']) {
      const xs = await lefts(`.warning-controls ${control}`);
      expect(new Set(xs).size, `${control} at ${xs.join(', ')}`).toBe(1);
    }
    await screenshot(page, 'warnings-feed-aligned');
  });

  it('shows a placeholder, not filters, an empty "(0)" box or a red alarm, while the first state loads', async () => {
    const fx = createFixtureService();
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    const service: MissionControlService = {
      ...fx.service,
      'app:get-state': async (p) => {
        await held;
        return fx.service['app:get-state'](p);
      },
    };
    const server = await chromium.serve(service);
    const page = await chromium.open(server.url, { now: FIXED_NOW, ready: '.warnings-feed' });
    const feed = page.locator('.warnings-feed');
    await feed.getByRole('status', { name: 'Loading warnings' }).waitFor();
    expect(await feed.textContent()).not.toContain('(0)');
    expect(await feed.getByRole('group', { name: 'Warning filters' }).count()).toBe(0);
    expect(await page.locator('.core-down, .badge.state-unreachable, .verdict-critical').count()).toBe(0);
    release();
    await feed.getByRole('group', { name: 'Warning filters' }).waitFor();
    expect(await feed.getByRole('status', { name: 'Loading warnings' }).count()).toBe(0);
  });

  it('says times as a person reads them: no raw ISO time in a fact, and how long each warning has held', async () => {
    const fx = createFixtureService();
    const server = await chromium.serve(fx.service, { onState: fx.onState });
    const page = await chromium.open(server.url, { now: FIXED_NOW });
    const rows = page.locator('.warning-list > li');
    expect(await rows.count()).toBeGreaterThan(2);
    const facts = await page.locator('.warning-facts').allTextContents();
    expect(facts.join('\n')).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    const since = await page.locator('.warning-since time').allTextContents();
    expect(since.length).toBeGreaterThan(0);
    for (const text of since)
      expect(text).toMatch(/^for \d+ (s|min|h|d)( \d+ (min|h))? \(since .*\d\d:\d\d\)$/);
  });
});
