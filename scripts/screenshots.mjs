#!/usr/bin/env node
// `npm run screenshots`: every pane of the demo fleet, light and dark, as PNGs in docs/screenshots/, so
// the README's pictures stay current. The window is what `hermes-mc web --demo` serves: the real app
// service in demo mode behind the real web server and bridge (test/bench/renderer-fleet.mjs wires them the
// same way), the renderer built for production, a week of demo history so Trends has lines, one poll so
// every pane has a snapshot. Debian's Chromium via playwright-core, 1440×900, UTC.
/* global document -- the waitForFunction callback runs in the page */
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PANES } from '../renderer/src/store/ui-slice.ts';
import { launchChromium } from '../test/e2e/helpers/browser.ts';
import { startBenchServer } from '../test/bench/renderer-fleet.mjs';
import { buildProductionRenderer } from '../test/bench/build-production-renderer.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(root, 'docs', 'screenshots');
const VIEWPORT = { width: 1440, height: 900 };

const staticDir = await buildProductionRenderer();
const server = await startBenchServer({ staticDir, seedDays: 7 });
await server.poll(60_000);
const browser = await launchChromium();
await mkdir(OUT, { recursive: true });
const written = [];
try {
  for (const colorScheme of ['light', 'dark']) {
    const context = await browser.newContext({
      viewport: VIEWPORT,
      timezoneId: 'UTC',
      locale: 'en-GB',
      colorScheme,
    });
    const page = await context.newPage();
    // The page runs on the service's simulated clock (its poll moved it a minute ahead of real time), so
    // ages read as the app shows them, not "in 13 s".
    await page.clock.setFixedTime(server.clock.now());
    await page.goto(server.url);
    await page.locator('#scope-tab-vijay').waitFor();
    for (const { id } of PANES) {
      await page.locator(`#pane-tab-${id}`).click();
      await page.waitForFunction(() => !document.querySelector('[role="status"][aria-label^="Loading"]'));
      if (id === 'trends') await page.locator('.chart-series').first().waitFor();
      await page.mouse.move(0, 0);
      const file = join(OUT, `${id}-${colorScheme}.png`);
      await page.screenshot({ path: file });
      written.push(file);
    }
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
  await rm(staticDir, { recursive: true, force: true });
}
console.log(`wrote ${written.length} screenshots to ${OUT}`);
