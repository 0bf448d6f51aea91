// A hostile VM through the real window (issue 12 §1): the shared hostile snapshot (ESC/OSC 52, C1, DEL,
// bidi overrides and isolates, a 100,000-character name, newlines in a unit name and a repo path) as
// Bheem's live data, every pane opened in Chromium. Nothing may be interpreted, nothing may widen the page.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { HOSTILE, hostileSnapshot, unsafeCharactersIn } from '../fixtures/hostile-snapshot.js';
import {
  createFixtureService,
  FIXED_NOW,
  SNAPSHOT_AGE_MS,
  type FixtureService,
} from './fixtures/fixture-service.js';
import { readClipboard, screenshot } from './helpers/browser.js';
import { useChromiumWindow } from './helpers/chromium-window.js';

const chromium = useChromiumWindow();
const PANES = [
  'overview',
  'health',
  'cron',
  'backups',
  'sessions',
  'agent-config',
  'host',
  'trends',
  'commands',
  'settings',
] as const;

let fx: FixtureService;

async function openHostile(): Promise<Page> {
  fx = createFixtureService({
    snapshots: { bheem: hostileSnapshot(new Date(FIXED_NOW - SNAPSHOT_AGE_MS)) },
  });
  const server = await chromium.serve(fx.service, { onState: fx.onState });
  return chromium.open(server.url, { now: FIXED_NOW });
}

const pageWidth = (page: Page) =>
  page.evaluate<{ scroll: number; viewport: number }>(
    '({ scroll: document.documentElement.scrollWidth, viewport: window.innerWidth })',
  );
// textContent, not innerText: innerText adds tabs between table cells, which are layout, not data.
const mainText = (page: Page) => page.locator('main').evaluate((m) => m.textContent ?? '');

describe('the window on a hostile snapshot', () => {
  it('keeps every pane within the viewport and shows no control or bidi character raw', async () => {
    const page = await openHostile();
    const report: string[] = [];
    for (const pane of PANES) {
      await page.locator(`#pane-tab-${pane}`).click();
      await expect
        .poll(() => page.locator('[role="status"][aria-label^="Loading"]').count(), { timeout: 10_000 })
        .toBe(0);
      const { scroll, viewport } = await pageWidth(page);
      if (scroll > viewport) report.push(`${pane}: page ${scroll} px wide in a ${viewport} px window`);
      const raw = unsafeCharactersIn(await mainText(page));
      if (raw.length > 0) {
        const text = await mainText(page);
        const at = Number(/at (\d+)/.exec(raw[0]!)![1]);
        report.push(
          `${pane}: raw ${raw.slice(0, 3).join(', ')} in ${JSON.stringify(text.slice(at - 60, at + 20))}`,
        );
      }
      const tall = await page.evaluate<number>('document.documentElement.scrollHeight');
      if (tall > 20_000) report.push(`${pane}: page ${tall} px tall`);
    }
    expect(report).toEqual([]);
  });

  it('shows bidi and control characters as visible marks, so an RTL override cannot disguise a name', async () => {
    const page = await openHostile();
    const feed = page.locator('.warnings-feed');
    // exe.tnemucod with its RLO shown, not displayed as document.exe.
    expect(await feed.textContent()).toContain('⟨U+202E⟩exe.tnemucod');
    expect(await feed.textContent()).not.toContain(HOSTILE.rloName);
    await page.locator('#pane-tab-cron').click();
    const cron = page.locator('section.column').nth(1);
    expect(await cron.textContent()).toContain('x⟨U+001B⟩[2J⟨U+001B⟩]52;c;');
    expect(await cron.textContent()).toContain('⟨U+2066⟩report⟨U+2069⟩.pdf');
    expect(await cron.locator('.ctl-mark').count()).toBeGreaterThan(5);
    expect(unsafeCharactersIn(await page.title())).toEqual([]);
    await screenshot(page, 'hostile-cron');
  });

  it('cuts the 100,000-character name to a line, with the whole text a click away in a bounded box', async () => {
    const page = await openHostile();
    await page.locator('#pane-tab-cron').click();
    const cron = page.locator('section.column').nth(1);
    const more = cron.getByRole('button', { name: 'Show all 100,000 characters' });
    expect(await more.count()).toBeGreaterThan(0);
    // The button's name changes once pressed; mark its text box to keep hold of it.
    await more.first().evaluate((b) => b.parentElement!.setAttribute('data-probe', 'long-name'));
    const cell = cron.locator('[data-probe="long-name"]');
    expect((await cell.textContent())!.length).toBeLessThan(400);
    await more.first().click();
    await expect.poll(async () => (await cell.textContent())!.length).toBeGreaterThan(100_000);
    const box = await cell.boundingBox();
    expect(box!.height).toBeLessThan(400);
    const { scroll, viewport } = await pageWidth(page);
    expect(scroll).toBeLessThanOrEqual(viewport);
    await cell.getByRole('button', { name: 'Show less' }).click();
    expect((await cell.textContent())!.length).toBeLessThan(400);
  });

  it('shows a refused command as its reason with nothing to copy, and copies only inert commands', async () => {
    const page = await openHostile();
    const refusing = fx.state().warnings.filter((w) => (w.refusedCommands ?? []).length > 0);
    expect(refusing.length).toBeGreaterThan(0);
    for (const w of refusing) {
      const item = page.locator(`.warning-list > li[data-warning-id="${w.id}"]`);
      await item.locator('.warning-fix summary').click();
      for (const r of w.refusedCommands!) {
        const li = item.locator(`li[data-refused="${r.id}"]`);
        expect(await li.textContent()).toContain('No command shown:');
        expect(await li.locator('code, button').count()).toBe(0);
      }
    }
    // Every command the feed offers copies without a control or bidi character.
    const buttons = page.locator('.warning-fix').getByRole('button', { name: /^Copy / });
    await page
      .locator('.warning-fix summary')
      .evaluateAll((els) => els.forEach((e) => e.parentElement?.setAttribute('open', '')));
    const n = await buttons.count();
    expect(n).toBeGreaterThan(3);
    for (let i = 0; i < n; i++) {
      await buttons.nth(i).click();
      expect(unsafeCharactersIn(await readClipboard(page))).toEqual([]);
    }
  });
});
