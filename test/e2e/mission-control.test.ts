// The Mission Control window in Debian's Chromium, served by `hermes-mc web`'s server over a fixture
// service: what the founder sees and does every morning, pane by pane, with screenshots and an axe scan.
import { describe, expect, it } from 'vitest';
import type { Warning } from '../../common/model/warning.js';
import type { Page } from 'playwright-core';
import {
  createFixtureService,
  FIXED_NOW,
  TOFU_PROMPT,
  type FixtureService,
  type Scenario,
} from './fixtures/fixture-service.js';
import {
  activeElementLabel,
  activeElementText,
  focusIsInDialog,
  readClipboard,
  screenshot,
} from './helpers/browser.js';
import { useChromiumWindow } from './helpers/chromium-window.js';
import { expectAccessible } from './helpers/expect-accessible.js';

const chromium = useChromiumWindow();
let fx: FixtureService;
let page: Page;

const PANES = [
  'overview',
  'health',
  'cron',
  'backups',
  'sessions',
  'agent-config',
  'host',
  'trends',
  'incidents',
  'commands',
  'settings',
] as const;

/** A fresh fixture, server and page per test: no state leaks between tests. */
async function start(scenario: Scenario = 'demo', colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  fx = createFixtureService({ scenario });
  const server = await chromium.serve(fx.service, { onState: fx.onState, onFocusWarning: fx.onFocusWarning });
  page = await chromium.open(server.url, { now: FIXED_NOW, colorScheme });
  return page;
}

const tab = (name: string | RegExp) => page.getByRole('tab', { name });
const calls = (channel: string) =>
  fx.calls.filter((c) => c.channel === channel).map((c) => c.payload as Record<string, unknown>);

describe('Mission Control in the browser', () => {
  it('shows both instances side by side with the honest data-age line and the demo banner', async () => {
    await start();
    await expect.poll(() => page.locator('.as-of').textContent()).toContain('as of 14:06, 1 min ago');
    const columns = page.locator('section.column');
    expect(await columns.count()).toBe(2);
    expect(await columns.nth(0).locator('.instance-name').textContent()).toContain('Vijay');
    expect(await columns.nth(1).locator('.instance-name').textContent()).toContain('Bheem');
    expect(await page.getByRole('region', { name: 'Demo mode' }).textContent()).toContain('Demo fleet');
    // Relative times carry the absolute time on hover.
    expect(await page.locator('.data-age').first().getAttribute('title')).toMatch(/2026/);
    // Parity differences are on the first screen.
    expect(await page.locator('.parity-summary li.differs').count()).toBeGreaterThan(0);
  });

  it('renders every pane, in light and dark, with no serious or critical accessibility violations', async () => {
    await start();
    for (const pane of PANES) {
      await page.locator(`#pane-tab-${pane}`).click();
      await expect
        .poll(() => page.locator('[role="status"][aria-label^="Loading"]').count(), { timeout: 10_000 })
        .toBe(0);
      if (pane === 'trends') await page.locator('.chart-series').first().waitFor();
      await screenshot(page, `pane-${pane}`);
      await expectAccessible(page, `pane ${pane}`);
    }
    await start('demo', 'dark');
    await screenshot(page, 'pane-overview-dark');
    await expectAccessible(page, 'overview (dark)');
    // Eleven axe scans and full-page screenshots: ~10 s alone, 20–30 s on the shared two-core machine.
  }, 90_000);

  it('switches instance tabs with the mouse and arrow keys, and remembers the tab after a reload', async () => {
    // The page clock paused: no animation frame runs unless the test runs the clock, so focus must follow
    // the arrow key in the key event itself (it once waited for a frame, and this test failed 1 run in 3).
    fx = createFixtureService();
    const server = await chromium.serve(fx.service, { onState: fx.onState });
    page = await chromium.open(server.url, { now: FIXED_NOW, clock: 'manual' });
    await page.clock.pauseAt(FIXED_NOW + 60_000);
    await tab(/^Bheem/).click();
    expect(await page.locator('section.column').count()).toBe(1);
    expect(await page.locator('section.column .instance-name').textContent()).toContain('Bheem');
    await screenshot(page, 'tab-bheem');

    await tab(/^Bheem/).focus();
    await page.keyboard.press('ArrowLeft');
    expect(await activeElementText(page)).toContain('Vijay');
    await expect.poll(() => tab(/^Vijay/).getAttribute('aria-selected')).toBe('true');
    await page.locator('#pane-tab-cron').click();

    await page.reload();
    await page.locator('.instance-header').first().waitFor();
    expect(await tab(/^Vijay/).getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('#pane-tab-cron').getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('section.column').count()).toBe(1);
  });

  it('filters the warnings feed by severity and instance, and snoozes and acknowledges warnings', async () => {
    await start();
    const items = page.locator('.warning-list > li');
    const filters = page.getByRole('group', { name: 'Warning filters' });
    const all = await items.count();
    expect(all).toBeGreaterThan(1);
    const bheemOnly = fx.state().warnings.filter((w) => w.instanceId === 'bheem').length;
    await filters.getByLabel('Instance').selectOption('bheem');
    await expect.poll(() => items.count()).toBe(bheemOnly);
    const criticalBheem = fx
      .state()
      .warnings.filter((w) => w.instanceId === 'bheem' && w.severity === 'critical').length;
    await filters.getByLabel('Severity').selectOption('critical');
    await expect
      .poll(() => page.locator('.warning-list > li, .warnings-feed .empty-state').count())
      .toBeGreaterThan(0);
    expect(await items.count()).toBe(criticalBheem);
    await filters.getByLabel('Severity').selectOption('all');
    await filters.getByLabel('Instance').selectOption('all');
    await expect.poll(() => items.count()).toBe(all);

    const first = items.first();
    const id = (await first.getAttribute('data-warning-id'))!;
    await first.getByLabel(/Snooze duration/).selectOption('4h');
    await first.getByRole('button', { name: /^Snooze/ }).click();
    await expect.poll(() => items.count()).toBe(all - 1);
    expect(calls('warnings:snooze')).toEqual([{ warningId: id, duration: '4h' }]);
    expect(await page.locator(`[data-warning-id="${CSS_escape(id)}"]`).count()).toBe(0);

    await items
      .first()
      .getByRole('button', { name: /^Acknowledge/ })
      .click();
    await expect.poll(() => items.count()).toBe(all - 2);
    expect(
      await page.getByLabel(/Show acknowledged and snoozed/).evaluate((el) => el.parentElement?.textContent),
    ).toContain('(2)');
    await page.getByLabel(/Show acknowledged and snoozed/).check();
    await expect.poll(() => items.count()).toBe(all);
    await screenshot(page, 'warnings-snoozed-shown');
  });

  it("lists warnings in main's one order: severity, then active before unknown, then instance, then title", async () => {
    const warn = (
      instanceId: string,
      title: string,
      severity: Warning['severity'],
      status: Warning['status'] = 'active',
    ): Warning => ({
      // Ids sort against the titles (Zulu's first), so a second sort by id in the window would show.
      id: `${instanceId}:${String(90 - title.charCodeAt(0)).padStart(2, '0')}-${severity}`,
      instanceId,
      check: title.toLowerCase(),
      severity,
      title,
      facts: [],
      since: null,
      status,
      commands: [],
    });
    fx = createFixtureService({
      warnings: [
        warn('bheem', 'Alpha', 'warning', 'unknown'),
        warn('bheem', 'Zulu', 'warning'),
        warn('vijay', 'Yankee', 'warning'),
        warn('bheem', 'Info note', 'info'),
        warn('vijay', 'Mike', 'critical'),
        warn('bheem', 'Bravo', 'warning'),
        warn('vijay', 'Alpha', 'info'),
      ],
    });
    const server = await chromium.serve(fx.service, { onState: fx.onState });
    page = await chromium.open(server.url, { now: FIXED_NOW });
    const titles = () =>
      page
        .locator('.warning-list > li')
        .evaluateAll((els) =>
          els.map(
            (e) =>
              `${e.getAttribute('data-warning-id')!.split(':')[0]} ${e.querySelector('.warning-title')!.textContent}`,
          ),
        );
    expect(await titles()).toEqual([
      'vijay Mike',
      'bheem Bravo',
      'bheem Zulu',
      'vijay Yankee',
      'bheem Alpha',
      'bheem Info note',
      'vijay Alpha',
    ]);
    // The same order when filtered to one instance.
    await page.getByRole('group', { name: 'Warning filters' }).getByLabel('Instance').selectOption('vijay');
    await expect.poll(titles).toEqual(['vijay Mike', 'vijay Yankee', 'vijay Alpha']);
  });

  it('opened without its token, says which URL to open and leaves no skeleton spinning', async () => {
    fx = createFixtureService();
    const server = await chromium.serve(fx.service, { onState: fx.onState });
    const bare = new URL(server.url);
    bare.search = '';
    page = await chromium.open(bare.href, { now: FIXED_NOW, ready: '.failure-bridge' });
    const alert = page.getByRole('alert', { name: 'Cannot load Mission Control' });
    expect(await alert.textContent()).toContain('Open the exact URL printed by hermes-mc web');
    expect(await alert.locator('code').textContent()).toBe('hermes-mc web');
    expect(await page.locator('[role="status"][aria-label^="Loading"]').count()).toBe(0);
    expect(fx.calls).toEqual([]);
  });

  it('copies a runbook command with visible feedback and the exact text on the clipboard', async () => {
    await start();
    await page.locator('#pane-tab-commands').click();
    const vijay = page.getByRole('region', { name: /Vijay.* commands/ });
    await vijay.locator('.command-card').first().waitFor();
    const card = vijay.locator('.command-card').first();
    const firstLabel = await card.locator('.command-head strong').textContent();
    const expected = (await fx.service['commands:list']({ instanceId: 'vijay' })).find(
      (c) => c.label === firstLabel,
    )!;
    await card.getByRole('button', { name: /^Copy/ }).click();
    await expect.poll(() => card.locator('.copy-feedback').textContent()).toBe('Copied');
    expect(await readClipboard(page)).toBe(expected.command);
    await screenshot(page, 'commands-copied');
  });

  it('opens the command palette with Ctrl+K, searches, copies with Enter and closes with Esc', async () => {
    await start();
    const opener = page.getByRole('tab', { name: 'Overview' });
    await opener.focus();
    await page.keyboard.press('Control+k');
    const dialog = page.getByRole('dialog', { name: 'Command palette' });
    await dialog.waitFor();
    expect(await activeElementLabel(page)).toBe('Search commands and panes');
    const restart = (await fx.service['commands:list']({ instanceId: 'bheem' })).find(
      (c) => /restart/i.test(c.label) && /gateway/i.test(c.command),
    )!;
    await page.keyboard.type(`bheem ${restart.label}`);
    await expect.poll(() => dialog.getByRole('option').first().textContent()).toContain(restart.label);
    await screenshot(page, 'palette');
    await expectAccessible(page, 'palette');
    await page.keyboard.press('Enter');
    await expect.poll(() => dialog.locator('.copy-feedback').first().textContent()).toBe('Copied');
    expect(await readClipboard(page)).toBe(restart.command);
    // Tab stays inside the dialog.
    for (let i = 0; i < 4; i++) await page.keyboard.press('Tab');
    expect(await focusIsInDialog(page)).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await activeElementText(page)).toBe('Overview');
  });

  it('refreshes open trends after each poll, keeping the charts on screen meanwhile', async () => {
    await start();
    await page.locator('#pane-tab-trends').click();
    await page.locator('.chart-series').first().waitFor();
    // Once drawn, the pane fetches the other four ranges of both instances in the background.
    await expect.poll(() => calls('history:query').length).toBe(2 + 8);
    const before = calls('history:query').length;
    fx.poll();
    await expect.poll(() => calls('history:query').length).toBe(before + 2);
    expect(
      calls('history:query')
        .slice(before)
        .every((c) => c.range === '24h'),
    ).toBe(true);
    // A quiet refresh: the charts stayed, no loading skeleton took their place.
    expect(await page.locator('.chart-series').count()).toBeGreaterThan(0);
    expect(await page.locator('.skeleton').count()).toBe(0);
    // Nothing new → nothing fetched: a state push without a newer snapshot does not re-query. (A query it
    // caused would reach the service before the ones the later click sends, over the same socket.)
    await fx.service['notifications:mute']({ duration: '1h' });
    await page.getByRole('button', { name: '7 d' }).click();
    // Two 7-day answers from the background fetch, two from the click's quiet refresh.
    await expect.poll(() => calls('history:query').filter((c) => c.range === '7d').length).toBe(4);
    expect(calls('history:query').length).toBe(before + 4);
  });

  it('re-queries history when the trend range changes and draws the returned points', async () => {
    await start();
    await page.locator('#pane-tab-trends').click();
    await page.locator('.chart-series').first().waitFor();
    expect(
      calls('history:query')
        .slice(0, 2)
        .every((c) => c.range === '24h'),
    ).toBe(true);
    await expect.poll(() => calls('history:query').length).toBe(2 + 8);
    const before = calls('history:query').length;
    await page.getByRole('button', { name: '7 d' }).click();
    await expect.poll(() => calls('history:query').length).toBe(before + 2);
    const latest = calls('history:query').slice(before);
    expect(latest.map((c) => [c.instanceId, c.range]).sort()).toEqual([
      ['bheem', '7d'],
      ['vijay', '7d'],
    ]);
    expect(latest[0]!.maxPoints).toBeLessThanOrEqual(2000);
    expect(await page.getByRole('button', { name: '7 d' }).getAttribute('aria-pressed')).toBe('true');
    const chart = page.getByRole('figure', { name: 'Disk used and memory available chart' });
    await expect.poll(async () => Number(await chart.getAttribute('data-points'))).toBeGreaterThan(100);
    // Vijay's disk and memory lines; the fixture's Bheem has no host probes, its two lines are listed as absent.
    expect(await chart.locator('path.chart-curve').count()).toBe(2);
    expect(await chart.locator('.legend li.legend-absent').count()).toBe(2);
    await screenshot(page, 'trends-7d');
  });

  it('asks to trust a new host key, shows the fingerprint and verify command, and sends the decision', async () => {
    await start('tofu');
    const dialog = page.getByRole('dialog', { name: 'Trust hermes-vm?' });
    await dialog.waitFor();
    expect(await dialog.locator('.fingerprint').textContent()).toBe(TOFU_PROMPT.fingerprint);
    expect(await dialog.locator('.verify-copy code').textContent()).toBe(TOFU_PROMPT.verifyCommand);
    await screenshot(page, 'first-run-trust-host-key');
    await expectAccessible(page, 'trust dialog');
    await dialog.getByRole('button', { name: 'Copy the verify command' }).click();
    expect(await readClipboard(page)).toBe(TOFU_PROMPT.verifyCommand);
    await dialog.getByRole('button', { name: /^Fingerprints match/ }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect(calls('hostkey:decide')).toEqual([
      { hostName: 'hermes-vm', fingerprint: TOFU_PROMPT.fingerprint, accept: true },
    ]);
    await expect.poll(() => page.locator('.freshness.state-live').count()).toBe(2);
  });

  it('shows settings validation errors at the field and saves valid settings', async () => {
    await start();
    await page.locator('#pane-tab-settings').click();
    await page.getByRole('button', { name: 'Edit host hermes-vm' }).click();
    const form = page.getByRole('form', { name: 'Edit host hermes-vm' });
    await form.getByLabel('Port').fill('70000');
    await form.getByRole('button', { name: 'Save host' }).click();
    const port = form.getByLabel('Port');
    expect(await port.getAttribute('aria-invalid')).toBe('true');
    const errId = (await port.getAttribute('aria-describedby'))!;
    expect(await page.locator(`[id="${errId}"]`).textContent()).toBe('Must be at most 65535');
    await screenshot(page, 'settings-invalid-port');
    await expectAccessible(page, 'settings with errors');
    expect(calls('settings:save')).toEqual([]);

    await form.getByRole('button', { name: 'Cancel' }).click();
    await page.getByLabel('Poll interval (seconds)').fill('5');
    await page.getByRole('button', { name: 'Save settings' }).click();
    expect(await page.getByLabel('Poll interval (seconds)').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('.field.has-error .field-error').first().textContent()).toBe(
      'Must be at least 10',
    );
    expect(calls('settings:save')).toEqual([]);

    await page.getByLabel('Poll interval (seconds)').fill('120');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => calls('settings:save').length).toBe(1);
    expect(calls('settings:save')[0]).toMatchObject({
      pollIntervalSeconds: 120,
      hosts: [{ name: 'hermes-vm', port: 22 }],
    });
    await expect.poll(() => page.locator('.form-actions [role="status"]').last().textContent()).toBe('Saved');
  });

  it('"Add your VM" opens the new-host form, whose connection test reports the fingerprint', async () => {
    await start();
    await page.getByRole('button', { name: 'Add your VM' }).click();
    const form = page.getByRole('form', { name: 'Add a host' });
    await form.waitFor();
    // "Add your VM" put focus in the form, on its first field.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('name');
    await form.getByLabel('Name', { exact: true }).fill('my-vm');
    await form.getByLabel('Host or Tailscale address').fill('100.87.53.10');
    await form.getByLabel('SSH user').fill('monitor');
    await form.getByLabel('Instance 1 id').fill('vijay');
    await form.getByLabel('Instance 1 label').fill('Vijay (root)');
    await form.getByRole('button', { name: 'Add instance' }).click();
    await form.getByLabel('Instance 2 id').fill('Bheem Bad Id');
    await form.getByLabel('Instance 2 label').fill('Bheem');
    await form.getByRole('button', { name: 'Test connection' }).click();
    expect(await form.getByLabel('Instance 2 id').getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByLabel('Instance 1 id').getAttribute('aria-invalid')).not.toBe('true');
    await form.getByLabel('Instance 2 id').fill('bheem');
    await form.getByLabel('Instance 2 label').fill('Bheem (uma)');
    await form.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => form.locator('[role="status"]').last().textContent()).toContain('Connected');
    expect(calls('hosts:test-connection')).toMatchObject([
      { name: 'my-vm', port: 22, instances: [{ id: 'vijay' }, { id: 'bheem' }] },
    ]);
  });

  const FAILURES: { scenario: Scenario; kind: string; title: RegExp; next: RegExp }[] = [
    { scenario: 'unreachable', kind: 'unreachable', title: /Can’t reach hermes-vm/, next: /Tailscale/ },
    { scenario: 'host-key-mismatch', kind: 'host-key-mismatch', title: /host key changed/, next: /console/ },
    { scenario: 'auth-failed', kind: 'auth-failed', title: /refused our SSH login/, next: /authorized_keys/ },
    { scenario: 'stale', kind: 'stale', title: /stopped writing/, next: /timer/ },
    {
      scenario: 'incompatible',
      kind: 'incompatible',
      title: /newer than this app/,
      next: /Update Hermes Mission Control/,
    },
  ];

  it('shows a clear screen with what to do next for every failure state', async () => {
    await start();
    for (const f of FAILURES) {
      fx.setScenario(f.scenario);
      const screen = page.locator(`[data-failure="${f.kind}"]`);
      await screen.waitFor();
      expect(await screen.locator('.failure-title').textContent()).toMatch(f.title);
      expect(await screen.textContent()).toContain('What to do next');
      expect(await screen.locator('.failure-next').textContent()).toMatch(f.next);
      // Not-current data is labelled and greyed, and the top bar says so.
      expect(await page.locator('section.column.is-old').count()).toBe(1);
      expect(await page.locator('.as-of').textContent()).toContain('some data is not current');
      await screenshot(page, `failure-${f.kind}`);
      await expectAccessible(page, `failure ${f.kind}`);
    }
    expect(await page.locator('[data-failure="unreachable"]').count()).toBe(0);
    fx.setScenario('unreachable');
    await expect
      .poll(() => page.locator('[data-failure="unreachable"]').textContent())
      .toContain('Reconnecting in 8 s');
    expect(await page.locator('section.column.is-old .old-label').textContent()).toBe(
      'Last known data — not current',
    );
  });
});

/** CSS.escape for attribute selectors built in node. */
function CSS_escape(s: string): string {
  return s.replace(/["\\]/g, '\\$&');
}
