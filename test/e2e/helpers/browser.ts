/**
 * Debian's Chromium driven by playwright-core (no downloaded browsers here), plus the page helpers every
 * e2e test uses: a pinned clock and time zone, clipboard permissions, screenshots and an axe-core scan.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ROOT } from './build-renderer.js';

export const SCREENSHOT_DIR = join(ROOT, 'test-results/screenshots');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A context with the clipboard granted for `origin`, UTC, and a desktop-sized viewport. */
export async function newContext(
  browser: Browser,
  origin: string,
  colorScheme: 'light' | 'dark' = 'light',
): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: 1360, height: 900 },
    timezoneId: 'UTC',
    locale: 'en-GB',
    colorScheme,
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  return context;
}

const uncaught = new WeakMap<Page, string[]>();

/** Uncaught exceptions the page has thrown since it was opened. */
export function uncaughtErrors(page: Page | undefined): string[] {
  return (page && uncaught.get(page)) ?? [];
}

// In-page reads as expressions (this file compiles without the DOM lib).
export const readClipboard = (page: Page) => page.evaluate<string>('navigator.clipboard.readText()');
export const activeElementText = (page: Page) =>
  page.evaluate<string | null>('document.activeElement && document.activeElement.textContent');
export const activeElementLabel = (page: Page) =>
  page.evaluate<string | null>("document.activeElement && document.activeElement.getAttribute('aria-label')");
export const focusIsInDialog = (page: Page) =>
  page.evaluate<boolean>('!!(document.activeElement && document.activeElement.closest(\'[role="dialog"]\'))');

/**
 * The page's clock from `now`: 'fixed' reads `now` at all times while timers fire as usual; 'manual'
 * installs Playwright's fake timers, so the test can run the clock forward (`page.clock.runFor`) and fire
 * the app's timers on demand.
 */
export type AppClock = 'fixed' | 'manual';

/** Opens the app with the browser clock at `now`, recording uncaught page errors (see uncaughtErrors). */
export async function openApp(
  context: BrowserContext,
  url: string,
  now: number,
  clock: AppClock = 'fixed',
): Promise<Page> {
  const page = await context.newPage();
  if (clock === 'fixed') await page.clock.setFixedTime(now);
  else await page.clock.install({ time: now });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  uncaught.set(page, errors);
  await page.goto(url);
  return page;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

const require = createRequire(import.meta.url);
let axeSource: string | null = null;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Runs axe-core on the page; returns only serious and critical violations. */
export async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const loaded = await page.evaluate<boolean>("typeof window.axe !== 'undefined'");
  // Evaluated over CDP rather than page.addScriptTag: the app's strict CSP (script-src 'self') rightly
  // blocks injected inline scripts, and we test with that CSP in force.
  if (!loaded) await page.evaluate(axeSource);
  const result = await page.evaluate<AxeViolation[]>(
    "window.axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)",
  );
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export function describeViolations(vs: AxeViolation[]): string {
  return vs
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(', ')}`,
    )
    .join('\n');
}
