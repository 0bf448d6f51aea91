// The Trends charts as a person reads them in Chromium: readable Y ticks, a legend that draws each line
// and names the absent ones, a single reading drawn, a min/max band at long ranges, the 24-hour hover
// read-out, and the table alternative.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { HistoryPoint, HistoryQueryResult } from '../../preload/ipc-contract.js';
import { createFixtureService, FIXED_NOW } from './fixtures/fixture-service.js';
import { screenshot } from './helpers/browser.js';
import { useChromiumWindow } from './helpers/chromium-window.js';

const chromium = useChromiumWindow();

/** Opens Trends over the fixture service, each history answer passed through `alter`. */
async function open(alter: (r: HistoryQueryResult) => HistoryQueryResult = (r) => r): Promise<Page> {
  const fx = createFixtureService();
  const query = fx.service['history:query'];
  fx.service['history:query'] = async (p) => alter(await query(p));
  const server = await chromium.serve(fx.service, { onState: fx.onState, onFocusWarning: fx.onFocusWarning });
  const page = await chromium.open(server.url, { now: FIXED_NOW });
  await page.locator('#pane-tab-trends').click();
  await page.locator('.chart-series').first().waitFor();
  return page;
}

const chart = (page: Page, name: string) => page.getByRole('figure', { name: `${name} chart` });
const yTicks = (page: Page, name: string) => chart(page, name).locator('text.chart-y-tick').allTextContents();

describe('Trend charts', () => {
  it('labels every Y axis with distinct, evenly stepped ticks, and no chart is an unnamed application', async () => {
    const page = await open();
    for (const name of ['Backup age', 'Disk used and memory available', 'Poll round-trip time', 'Warnings']) {
      const ticks = await yTicks(page, name);
      expect(ticks.length, name).toBeGreaterThanOrEqual(2);
      expect(new Set(ticks).size, `${name}: ${ticks.join(', ')}`).toBe(ticks.length);
      const values = ticks.map(Number);
      const steps = values.slice(1).map((v, i) => +(v - values[i]!).toFixed(6));
      expect(new Set(steps).size, `${name}: ${ticks.join(', ')}`).toBe(1);
    }
    expect(await page.locator('[role="application"]').count()).toBe(0);
    for (const box of await page.locator('.chart-box').all()) {
      expect(await box.getAttribute('role')).toBe('img');
      expect(await box.getAttribute('aria-label')).toMatch(/points/);
    }
  });

  it('draws a legend swatch per line in its colour and dash, heavy and light lines told apart, and lists absent series as absent', async () => {
    const page = await open();
    const disk = chart(page, 'Disk used and memory available');
    const swatches = await disk
      .locator('.legend .line-swatch line')
      .evaluateAll((ls) =>
        ls.map(
          (l) =>
            `${l.getAttribute('stroke')}|${l.getAttribute('stroke-dasharray') ?? 'solid'}|${l.getAttribute('stroke-width')}`,
        ),
      );
    expect(new Set(swatches).size).toBe(swatches.length);
    // The drawn curves look like their swatches.
    const curves = await disk
      .locator('.chart-series path.chart-curve')
      .evaluateAll((ps) =>
        ps.map(
          (p) =>
            `${p.getAttribute('stroke')}|${p.getAttribute('stroke-dasharray') ?? 'solid'}|${p.getAttribute('stroke-width')}`,
        ),
      );
    for (const c of curves) expect(swatches).toContain(c);
    const absent = disk.locator('.legend li.legend-absent');
    expect(await absent.allTextContents()).toEqual([
      'Bheem (uma) · demo disk used — no data in this range',
      'Bheem (uma) · demo memory available — no data in this range',
    ]);
    await screenshot(page, 'trend-charts-legend');
  });

  it('draws a single warnings reading as a dot instead of leaving the chart empty', async () => {
    const page = await open((r) => {
      const last = r.series.warningsWarning?.at(-1);
      const one: HistoryPoint[] = last ? [{ t: last.t, v: 5 }] : [];
      return { ...r, series: { ...r.series, warningsWarning: one, warningsCritical: [] } };
    });
    const warnings = chart(page, 'Warnings');
    await expect.poll(() => warnings.locator('circle.chart-dot').count()).toBe(2);
    expect(Number((await yTicks(page, 'Warnings')).at(-1))).toBeGreaterThanOrEqual(5);
  });

  it('at 90 days draws each line as a min/max band with its mean, and the hover read-out reads 24-hour time', async () => {
    const page = await open((r) => ({
      ...r,
      series: Object.fromEntries(
        Object.entries(r.series).map(([k, pts]) => [
          k,
          pts!.map((p) => (p.v === null ? p : { ...p, min: p.v * 0.5, max: p.v * 1.5 + 1 })),
        ]),
      ),
    }));
    await page.getByRole('button', { name: '90 d' }).click();
    const disk = chart(page, 'Disk used and memory available');
    await expect.poll(() => disk.locator('path.chart-band').count()).toBeGreaterThan(0);
    const box = (await disk.locator('.chart-box').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
    const readout = disk.locator('.chart-tooltip');
    await readout.waitFor();
    const time = (await readout.locator('.muted').first().textContent()) ?? '';
    expect(time).toMatch(/\b([01]\d|2[0-3]):[0-5]\d\b/);
    expect(time).not.toMatch(/AM|PM|\d\/\d/);
    expect(await readout.textContent()).toMatch(/\(\d+(\.\d+)?–\d+(\.\d+)?\)/);
    await screenshot(page, 'trend-charts-90d-band');
  });

  it('offers each chart as a table: latest, lowest, highest and mean per line, absent lines said so', async () => {
    const page = await open();
    const backup = chart(page, 'Backup age');
    await backup.getByText('Show backup age as a table').click();
    const table = backup.getByRole('table');
    await table.waitFor();
    const rows = await table.locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^Vijay.*\d+\.\d+ h/);
    expect(await backup.locator('.chart-table .muted').count()).toBe(0);
  });
});
