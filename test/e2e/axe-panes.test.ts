// axe-core at "moderate" and above on every pane's content, light and dark: what a screen-reader or
// keyboard user meets, checked with the app's strict CSP in force. The scan covers the pane (#main-panel);
// the page's landmarks around it (one <main>, the instance tabs inside a landmark) belong to the app
// shell and are checked with it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createFixtureService, FIXED_NOW } from './fixtures/fixture-service.js';
import { useChromiumWindow } from './helpers/chromium-window.js';

const chromium = useChromiumWindow();
const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
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
];

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

async function moderateViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate<boolean>("typeof window.axe !== 'undefined'"))) await page.evaluate(AXE);
  const vs = await page.evaluate<Violation[]>(
    "window.axe.run({ include: [['#main-panel']] }, { resultTypes: ['violations'] }).then((r) => r.violations)",
  );
  return vs
    .filter((v) => v.impact === 'moderate' || v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(', ')}`,
    );
}

describe('axe on every pane', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    it(`finds nothing moderate or worse on any pane (${colorScheme})`, async () => {
      const fx = createFixtureService();
      const server = await chromium.serve(fx.service, {
        onState: fx.onState,
        onFocusWarning: fx.onFocusWarning,
      });
      const page = await chromium.open(server.url, { now: FIXED_NOW, colorScheme });
      const found: string[] = [];
      for (const pane of PANES) {
        await page.locator(`#pane-tab-${pane}`).click();
        await page.waitForFunction(
          () => !document.querySelector('#main-panel [role="status"][aria-label^="Loading"]'),
        );
        if (pane === 'trends') await page.locator('.chart-series').first().waitFor();
        for (const v of await moderateViolations(page)) found.push(`${pane}: ${v}`);
      }
      expect(found).toEqual([]);
    });
  }
});
