// The Backups pane's freshness timelines in Debian's Chromium, served by `hermes-mc web`'s server over the
// fixture service, while the pane stays open and the clock ticks: every "… ago" moves on, the charts and
// the stretch strip stay exactly as drawn until the time axis has something new to show, and then move
// their right edge with the max-age line and all 48 stretches still there.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { HistoryQueryResult } from '../../preload/ipc-contract.js';
import { createFixtureService, FIXED_NOW } from './fixtures/fixture-service.js';
import { screenshot } from './helpers/browser.js';
import { useChromiumWindow } from './helpers/chromium-window.js';

const chromium = useChromiumWindow();
let page: Page;

const at = (hhmm: string) => Date.parse(`2026-05-14T${hhmm}:00Z`) / 1000;

/**
 * The fixture's backups commit every 30 minutes, always inside the 60-minute limit. One reading at 13:26
 * (14:08 is "now") is given the oldest age of a downsampled bucket, 2 h, so one stretch goes over the limit
 * and the strip says when it ended: a text that has to move on with the clock. Its `v` is left alone, so
 * the commits the readings pin stay the fixture's.
 */
function withOneStretchOver(r: HistoryQueryResult): HistoryQueryResult {
  const age = r.series.backupAge?.map((p) => (p.t === at('13:26') ? { ...p, max: 7200 } : p));
  return { ...r, series: { ...r.series, backupAge: age } };
}

/**
 * A fresh fixture, server and page on the Backups pane. The page's clock is Playwright's fake clock set to
 * FIXED_NOW: the renderer's 15 s clock tick fires when the test runs the clock forward.
 */
async function start(): Promise<Page> {
  const fx = createFixtureService();
  const query = fx.service['history:query'];
  fx.service['history:query'] = async (p) => withOneStretchOver(await query(p));
  const server = await chromium.serve(fx.service, { onState: fx.onState, onFocusWarning: fx.onFocusWarning });
  page = await chromium.open(server.url, { now: FIXED_NOW, clock: 'manual' });
  await page.locator('#pane-tab-backups').click();
  await expect.poll(() => charts().count()).toBe(2);
  for (const chart of await charts().all()) await chart.locator('path.chart-curve').first().waitFor();
  return page;
}

const charts = () => page.locator('.backup-freshness figure.chart');
const vijay = () => page.getByRole('region', { name: /^Vijay.* backups$/ });
const vijayChart = () => vijay().getByRole('figure', { name: 'Backup commit age chart' });
const vijayStrip = () => vijay().getByRole('img', { name: /^Backup freshness:/ });
const latestCommit = () =>
  vijay()
    .getByRole('list', { name: /^Recent backup commits/ })
    .getByRole('listitem')
    .first()
    .textContent();
/** Both instances' charts and stretch strips, as HTML. */
const drawn = () =>
  page
    .locator('.backup-freshness figure.chart, .backup-freshness .freshness-strip')
    .evaluateAll((els) => els.map((e) => e.innerHTML));
/** The time axis's labels are clock times ("Thu 14:10"); the value axis's are numbers. */
const lastTimeLabel = async () =>
  (await vijayChart().locator('text.chart-x-tick, text.chart-y-tick').allTextContents())
    .filter((t) => /\d\d:\d\d/.test(t))
    .at(-1);

describe('Backups freshness timeline under the clock tick', () => {
  it('a minute of ticks moves every "… ago" on and leaves the charts and strips as drawn, down to the HTML; past the axis step their edge moves, keeping the max-age line and 48 stretches', async () => {
    await start();
    expect(await charts().count()).toBe(2);
    const before = await drawn();
    expect(before).toHaveLength(4);
    // 24 h range: the right edge is now (14:08) rounded up to 5 minutes, and the 48 half-hour stretches
    // end there: the one over the limit is 13:10–13:40.
    expect(await lastTimeLabel()).toBe('Thu 14:10');
    expect(await vijayStrip().getAttribute('aria-label')).toBe(
      'Backup freshness: 47 of 48 stretches within 60 min; over the limit in 1 (latest ending 28 min ago).',
    );
    expect(await latestCommit()).toBe('13:59 · 8 min ago');
    expect(await vijay().locator('.freshness-axis').textContent()).toBe('24 h agonow');

    // A minute of clock ticks: the texts move on, the charts and strips stay exactly as drawn.
    await page.clock.runFor(60_000);
    await expect
      .poll(() => vijayStrip().getAttribute('aria-label'))
      .toBe(
        'Backup freshness: 47 of 48 stretches within 60 min; over the limit in 1 (latest ending 29 min ago).',
      );
    expect(await vijay().locator('.freshness-caption').textContent()).toContain('latest ending 29 min ago');
    expect(await latestCommit()).toBe('13:59 · 9 min ago');
    expect(await drawn()).toEqual(before);

    // Past 14:10 the edge moves to 14:15: the charts are redrawn for it, with the commit-age line, the
    // max-age line across the whole range (240 readings plus its two ends) and 48 stretches.
    await page.clock.runFor(2 * 60_000);
    await expect.poll(lastTimeLabel).toBe('Thu 14:15');
    const after = await drawn();
    expect(after[0]).not.toBe(before[0]);
    expect(Number(await vijayChart().getAttribute('data-points'))).toBe(242);
    expect(await vijayChart().locator('path.chart-curve').count()).toBe(2);
    expect(await vijayChart().locator('.legend').textContent()).toContain('Max age 60 min (Settings)');
    expect(await vijayStrip().locator('.stretch').count()).toBe(48);
    // The over-limit reading now falls in the stretch 13:15–13:45; it is 14:11.
    expect(await vijayStrip().getAttribute('aria-label')).toBe(
      'Backup freshness: 47 of 48 stretches within 60 min; over the limit in 1 (latest ending 26 min ago).',
    );
    expect(await vijay().locator('.freshness-axis').textContent()).toBe('24 h agonow');
    expect(await latestCommit()).toBe('13:59 · 11 min ago');
    await screenshot(page, 'backups-after-ticks');
  });
});
