// The Trends pane in Debian's Chromium, served by `hermes-mc web`'s server over the fixture service: what
// a user sees when switching instance tabs (the lines at once, no loading flash) and while the pane stays
// open and the clock ticks (nothing redrawn until the time axis has something new to show).
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { HistoryQueryResult } from '../../preload/ipc-contract.js';
import { createFixtureService, FIXED_NOW } from './fixtures/fixture-service.js';
import { screenshot } from './helpers/browser.js';
import { useChromiumWindow } from './helpers/chromium-window.js';

const chromium = useChromiumWindow();
let page: Page;

/** History answers can be held back (to look at the pane while a query is in flight) and altered. */
const history = {
  held: null as { release: () => void; promise: Promise<void> } | null,
  /** When set, only queries for this range are held. */
  heldRange: null as string | null,
  /** Queries the page has sent, held or not. */
  asked: 0,
  alter: null as ((r: HistoryQueryResult) => HistoryQueryResult) | null,
  hold(range: string | null = null) {
    let release!: () => void;
    const promise = new Promise<void>((resolve) => (release = resolve));
    this.held = { release, promise };
    this.heldRange = range;
  },
  release() {
    this.held?.release();
    this.held = null;
    this.heldRange = null;
  },
};

/**
 * A fresh fixture, server and page. The page's clock is Playwright's fake clock set to FIXED_NOW: time
 * moves only when the test runs it forward, so the renderer's 15 s clock tick fires on demand.
 */
async function start({ holdRange }: { holdRange?: string } = {}): Promise<Page> {
  Object.assign(history, { held: null, heldRange: null, asked: 0, alter: null });
  // Held from the start: the pane's background fetch of the other ranges must not bring this one.
  if (holdRange) history.hold(holdRange);
  const fx = createFixtureService();
  const query = fx.service['history:query'];
  fx.service['history:query'] = async (p) => {
    history.asked++;
    if (history.heldRange === null || history.heldRange === p.range) await history.held?.promise;
    const r = await query(p);
    return history.alter ? history.alter(r) : r;
  };
  const server = await chromium.serve(fx.service, { onState: fx.onState, onFocusWarning: fx.onFocusWarning });
  page = await chromium.open(server.url, { now: FIXED_NOW, clock: 'manual' });
  await page.locator('#pane-tab-trends').click();
  await page.locator('.chart-series').first().waitFor();
  return page;
}

// vitest runs after-hooks newest first, so this runs before useChromiumWindow's: no history answer is
// still held when the page and server close.
afterEach(() => {
  history.release();
});

const diskChart = () => page.getByRole('figure', { name: 'Disk used and memory available chart' });
const legend = (chart: ReturnType<typeof diskChart>) => chart.locator('.legend li').allTextContents();
const loadingTrends = () => page.getByRole('status', { name: 'Loading trends' });

/** From now on, records in the page whether the Trends loading skeleton was ever in the DOM. */
async function watchForSkeleton(): Promise<() => Promise<boolean>> {
  await page.evaluate(() => {
    const w = window as unknown as { skeletonSeen: boolean };
    w.skeletonSeen = false;
    const seen = () => {
      if (document.querySelector('[role="status"][aria-label="Loading trends"]')) w.skeletonSeen = true;
    };
    new MutationObserver(seen).observe(document.body, { childList: true, subtree: true });
  });
  return () => page.evaluate(() => (window as unknown as { skeletonSeen: boolean }).skeletonSeen);
}

describe('Trends pane', () => {
  it('switching from All to one instance draws its lines at once from the loaded history, with no loading skeleton, and refreshes them quietly', async () => {
    await start();
    expect(await legend(diskChart())).toEqual([
      'Vijay (root) · demo disk used',
      'Vijay (root) · demo memory available',
      // The fixture's Bheem has no host probes: its lines are listed, and said to be absent.
      'Bheem (uma) · demo disk used — no data in this range',
      'Bheem (uma) · demo memory available — no data in this range',
    ]);
    const skeletonSeen = await watchForSkeleton();
    const asked = history.asked;
    history.hold();
    await page.getByRole('tab', { name: /^Vijay/ }).click();
    await expect.poll(() => history.asked).toBe(asked + 1);

    // Vijay's refresh is still in flight: the pane already draws Vijay's lines, from what All loaded.
    expect(await legend(diskChart())).toEqual([
      'Vijay (root) · demo disk used',
      'Vijay (root) · demo memory available',
    ]);
    expect(await diskChart().locator('path.chart-curve').count()).toBe(2);
    expect(Number(await diskChart().getAttribute('data-points'))).toBeGreaterThan(100);
    expect(await loadingTrends().count()).toBe(0);
    await screenshot(page, 'trends-vijay-while-refreshing');

    // The refresh brings a different answer (here: one point fewer per line); it replaces the lines in place.
    const drawnBefore = Number(await diskChart().getAttribute('data-points'));
    history.alter = (r) => ({
      ...r,
      series: Object.fromEntries(Object.entries(r.series).map(([k, pts]) => [k, pts!.slice(1)])),
    });
    history.release();
    await expect
      .poll(async () => Number(await diskChart().getAttribute('data-points')))
      .toBe(drawnBefore - 2);
    expect(await skeletonSeen()).toBe(false);
  });

  it('shows the loading state when there is nothing to show yet for the new range', async () => {
    await start({ holdRange: '7d' });
    await page.getByRole('tab', { name: /^Vijay/ }).click();
    await expect
      .poll(() => legend(diskChart()))
      .toEqual(['Vijay (root) · demo disk used', 'Vijay (root) · demo memory available']);
    await page.getByRole('button', { name: '7 d' }).click();
    await loadingTrends().waitFor();
    expect(await page.locator('.chart-grid').count()).toBe(0);
    history.release();
    await diskChart().locator('path.chart-curve').first().waitFor();
    expect(await legend(diskChart())).toEqual([
      'Vijay (root) · demo disk used',
      'Vijay (root) · demo memory available',
    ]);
  });

  it('draws a range fetched in the background at once on the click, with no loading skeleton, then refreshes it quietly', async () => {
    await start();
    // The pane fetches the other four ranges for both instances once its charts are drawn.
    await expect.poll(() => history.asked).toBe(2 + 8);
    const skeletonSeen = await watchForSkeleton();
    history.hold();
    await page.getByRole('button', { name: '30 d' }).click();
    // The refresh is held, yet the 30-day lines are drawn already.
    await expect.poll(() => history.asked).toBe(10 + 2);
    const ticks = await diskChart().locator('text.chart-x-tick').allTextContents();
    expect(ticks.every((t) => !/\d\d:\d\d/.test(t))).toBe(true);
    expect(Number(await diskChart().getAttribute('data-points'))).toBeGreaterThan(100);
    history.release();
    expect(await skeletonSeen()).toBe(false);
  });

  it('the clock tick leaves the charts as drawn until the time axis has moved on, then moves their right edge', async () => {
    await start();
    const grid = page.locator('.chart-grid');
    // The time axis's labels are the tick values with a clock time ("Thu 14:10"); the value axis's are numbers.
    const lastTimeLabel = async () =>
      (await diskChart().locator('text.chart-x-tick, text.chart-y-tick').allTextContents())
        .filter((t) => /\d\d:\d\d/.test(t))
        .at(-1);
    const asOf = page.locator('.as-of');
    const drawn = await grid.innerHTML();
    const asOfBefore = await asOf.textContent();
    // 24 h range: the right edge is now (14:08) rounded up to 5 minutes.
    expect(await lastTimeLabel()).toBe('Thu 14:10');

    // A minute of clock ticks: the header's relative times move on, the charts stay exactly as drawn.
    await page.clock.runFor(60_000);
    await expect.poll(() => asOf.textContent()).not.toBe(asOfBefore);
    expect(await grid.innerHTML()).toBe(drawn);

    // Past 14:10 the edge moves to 14:15, and the charts are redrawn for it.
    await page.clock.runFor(2 * 60_000);
    await expect.poll(lastTimeLabel).toBe('Thu 14:15');
    expect(await grid.innerHTML()).not.toBe(drawn);
  });
});
