// The Incidents pane in Debian's Chromium over the REAL app service in demo mode (its incident log in a
// throwaway data folder): the demo's week of incidents plus what its first poll recorded, filtered by
// kind (keyboard only), instance tab and window; the loading and empty states; and the timeline kept
// when the app is closed and opened again on the same folder.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppService, type AppServiceHandle } from '../../main/core/app-service.js';
import type { MissionControlService } from '../../preload/ipc-contract.js';
import { screenshot } from './helpers/browser.js';
import { useChromiumWindow } from './helpers/chromium-window.js';
import { expectAccessible } from './helpers/expect-accessible.js';

const chromium = useChromiumWindow();
let base: string;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'hmc-incidents-e2e-'));
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

/** Lets a test hold the incidents answer back, to look at the pane while it loads. */
function holdable(service: MissionControlService) {
  let gate: Promise<void> | null = null;
  let release = () => undefined as void;
  const list = service['incidents:list'];
  return {
    service: {
      ...service,
      'incidents:list': async (q: Parameters<typeof list>[0]) => {
        await gate;
        return list(q);
      },
    } as MissionControlService,
    hold() {
      gate = new Promise<void>((r) => (release = r));
    },
    release: () => release(),
  };
}

async function openDemo(
  dataDir: string,
): Promise<{ page: Page; app: AppServiceHandle; gate: ReturnType<typeof holdable> }> {
  const app = await createAppService({ demo: true, dataDir, autoStart: false, tailscale: false });
  chromium.afterTest(() => app.close());
  await app.service['poll:refresh'](undefined);
  const gate = holdable(app.service);
  const server = await chromium.serve(gate.service, { onState: app.onState });
  const page = await chromium.open(server.url, { now: Date.now() });
  return { page, app, gate };
}

const items = (page: Page) => page.getByRole('list', { name: 'Incidents' }).locator(':scope > li');
const titles = (page: Page) => items(page).locator('.incident-title').allTextContents();

describe('Incidents pane', () => {
  it('shows the demo week newest first with durations, a restart’s class and what the first poll saw; filters by kind with the keyboard, by instance tab and by window', async () => {
    const { page, gate } = await openDemo(join(base, 'one'));
    gate.hold();
    await page.locator('#pane-tab-incidents').click();
    await page.getByRole('status', { name: 'Loading incidents' }).waitFor();
    gate.release();
    await items(page).first().waitFor();

    const all = await titles(page);
    expect(all.some((t) => /Gateway down/.test(t))).toBe(true);
    expect(all.some((t) => /Unreachable \(TAILSCALE_DOWN\)/.test(t))).toBe(true);
    // Bheem's demo warnings were open at the first poll: ongoing incidents recorded by this app.
    const ongoing = page.locator('.incident.is-ongoing');
    expect(await ongoing.count()).toBeGreaterThan(0);
    await expect.poll(() => ongoing.first().textContent()).toMatch(/ongoing/);
    const down = items(page).filter({ hasText: 'Gateway down' });
    await expect.poll(() => down.textContent()).toMatch(/4 min/);
    const crash = items(page).filter({ hasText: 'Gateway restarted (was down)' });
    expect(await crash.locator('.badge', { hasText: 'crash' }).count()).toBe(1);
    await expectAccessible(page, 'incidents pane');
    await screenshot(page, 'incidents-demo');

    // Kind filter, keyboard only: Tab to "Restarts", Space presses it.
    const restarts = page.getByRole('button', { name: 'Restarts', exact: true });
    await restarts.focus();
    await page.keyboard.press('Space');
    await expect.poll(() => restarts.getAttribute('aria-pressed')).toBe('true');
    await expect
      .poll(
        async () =>
          (await titles(page)).every((t) => /Gateway restarted/.test(t)) && (await titles(page)).length,
      )
      .toBe(2);
    await page.keyboard.press('Space');

    // Instance tab: only Vijay's.
    await page.getByRole('tab', { name: /^Vijay/ }).click();
    await expect
      .poll(async () =>
        (await items(page).locator('.incident-meta').allTextContents()).every((m) => m.startsWith('Vijay')),
      )
      .toBe(true);
    expect(await titles(page)).toContainEqual(expect.stringMatching(/Gateway restarted \(hermes update\)/));

    // 24 h: the planned restart three days ago falls out of the window.
    await page.getByRole('button', { name: '24 h' }).click();
    await expect.poll(async () => (await titles(page)).some((t) => /hermes update/.test(t))).toBe(false);

    // A kind nothing happened in: the empty state says so, and why it might be empty.
    await page.getByRole('button', { name: 'Maintenance', exact: true }).click();
    await page.getByText('No incidents in the last 24 h').waitFor();
    await expectAccessible(page, 'incidents empty');
  });

  it('keeps what it recorded when the app is closed and opened again on the same data folder', async () => {
    const dir = join(base, 'two');
    const first = await createAppService({ demo: true, dataDir: dir, autoStart: false, tailscale: false });
    await first.service['poll:refresh'](undefined);
    const before = await first.service['incidents:list']({ kinds: ['warning'] });
    expect(before.incidents.length).toBeGreaterThan(0);
    await first.close();

    const { page } = await openDemo(dir);
    await page.locator('#pane-tab-incidents').click();
    await page.getByRole('button', { name: 'Warnings', exact: true }).click();
    await expect.poll(async () => (await titles(page)).length).toBe(before.incidents.length);
    // Still the same incidents, started at the first run, not re-opened by the second.
    const ids = await page
      .locator('.incident time')
      .evaluateAll((ts) => ts.map((t) => t.getAttribute('datetime')));
    expect(ids.sort()).toEqual(before.incidents.map((i) => i.startedAt).sort());
  });
});
