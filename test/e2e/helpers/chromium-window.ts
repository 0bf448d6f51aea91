/**
 * The set-up every window test file shares, registered as vitest hooks: the renderer built and one
 * Chromium for the file; per test, `hermes-mc web`'s server over a service and pages opened on it. After
 * each test every page it opened is checked for uncaught errors and closed, then what it served or
 * started is stopped, newest first.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startWebServer, type WebServer, type WebServerOptions } from '../../../main/web/web-server.js';
import type { MissionControlService } from '../../../preload/ipc-contract.js';
import { launchChromium, newContext, openApp, uncaughtErrors, type AppClock } from './browser.js';
import { ensureRendererBuilt, RENDERER_OUT } from './build-renderer.js';

export interface OpenOptions {
  /** What the page's clock reads when it opens (see `openApp` for how it moves). */
  now: number;
  colorScheme?: 'light' | 'dark';
  clock?: AppClock;
  /** What to wait for before `open` resolves; default the first instance header. */
  ready?: string;
}

export interface ChromiumWindow {
  /** Serves the built renderer over `service` on 127.0.0.1, closed after the test. */
  serve(
    service: MissionControlService,
    pushes?: Pick<WebServerOptions, 'onState' | 'onFocusWarning'>,
  ): Promise<WebServer>;
  /** Opens the window at `url` in a fresh browser context and waits for `ready` (the first instance header). */
  open(url: string, options: OpenOptions): Promise<Page>;
  /** Runs `stop` after the test, once its pages are closed (a subprocess, a real app service). */
  afterTest(stop: () => Promise<void>): void;
}

export function useChromiumWindow(): ChromiumWindow {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const pages: Page[] = [];
  const stops: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    await ensureRendererBuilt();
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  afterEach(async () => {
    const errors = pages.splice(0).flatMap((p) => uncaughtErrors(p));
    for (const c of contexts.splice(0)) await c.close();
    for (const stop of stops.splice(0).reverse()) await stop();
    expect(errors, 'uncaught errors in the page').toEqual([]);
  });

  return {
    async serve(service, pushes = {}) {
      const server = await startWebServer({ service, port: 0, staticDir: RENDERER_OUT, ...pushes });
      stops.push(() => server.close());
      return server;
    },
    async open(url, { now, colorScheme = 'light', clock = 'fixed', ready = '.instance-header' }) {
      if (!browser) throw new Error('useChromiumWindow: open() before the browser started');
      const context = await newContext(browser, new URL(url).origin, colorScheme);
      contexts.push(context);
      const page = await openApp(context, url, now, clock);
      pages.push(page);
      await page.locator(ready).first().waitFor();
      return page;
    },
    afterTest(stop) {
      stops.push(stop);
    },
  };
}
