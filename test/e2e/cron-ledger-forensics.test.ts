// The cron run strip (Cron pane) and restart forensics (Health pane) in Debian's Chromium, over the
// fixture service's demo fleet: what a user reads — every expected run including missed ones, each
// with its time and outcome in words, and each restart with its class — and that both sections pass axe.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createFixtureService, FIXED_NOW } from './fixtures/fixture-service.js';
import { expectAccessible } from './helpers/expect-accessible.js';
import { useChromiumWindow } from './helpers/chromium-window.js';

const chromium = useChromiumWindow();

async function open(pane: 'cron' | 'health'): Promise<Page> {
  const fx = createFixtureService();
  const server = await chromium.serve(fx.service, { onState: fx.onState, onFocusWarning: fx.onFocusWarning });
  const page = await chromium.open(server.url, { now: FIXED_NOW, clock: 'manual' });
  await page.locator(`#pane-tab-${pane}`).click();
  return page;
}

describe('Cron ledger strip', () => {
  it('shows each job\u2019s last runs oldest first, missed runs with their cause, in words as well as colour', async () => {
    const page = await open('cron');
    const strips = page.getByRole('list', { name: /^Last 24 runs of / });
    await strips.first().waitFor();
    expect(await strips.count()).toBeGreaterThanOrEqual(2);
    const bheemCells = page.locator('[data-testid^="cron-ledger-bheem"] .ledger-cell');
    const labels = await bheemCells.evaluateAll((cells) =>
      cells.map((c) => c.getAttribute('aria-label') ?? ''),
    );
    const missed = labels.filter((l) => l.includes('missed (no run) (gateway down)'));
    expect(missed.length).toBeGreaterThanOrEqual(2);
    expect(labels.every((l) => /\d{2}:\d{2}/.test(l))).toBe(true);
    await expect(
      page
        .getByText(/2 missed · 0 failed/)
        .first()
        .isVisible(),
    ).resolves.toBe(true);
    await expectAccessible(page, 'cron pane with the run ledger');
  });
});

describe('Restart forensics', () => {
  it('lists each restart with its class and evidence, a crash marked as bad', async () => {
    const page = await open('health');
    const table = page.getByTestId('restart-forensics');
    await table.first().waitFor();
    const text = (await table.allTextContents()).join('\n');
    expect(text).toContain('planned restart (exit 75)');
    expect(text).toContain('crash (exit 1)');
    expect(text).toContain('unhandled exception; exit 1');
    expect(await page.locator('[data-testid="restart-forensics"] .text-bad').first().textContent()).toContain(
      'crash',
    );
    await expectAccessible(page, 'health pane with restart forensics');
  });
});
