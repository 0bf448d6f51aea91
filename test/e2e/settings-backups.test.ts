// Backups freshness, removing a host and a broken config file, in Debian's Chromium: the freshness timeline
// over the fixture service's history; host removal against the REAL app service and a real config file;
// and the built `hermes-mc web --config <broken file>` command in a subprocess.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppService, type AppServiceHandle } from '../../main/core/app-service.js';
import type { MissionControlService } from '../../preload/ipc-contract.js';
import { isolatedHomeEnv } from '../helpers/isolated-home.js';
import { createFixtureService, FIXED_NOW, type FixtureService } from './fixtures/fixture-service.js';
import { HERMES_VM_AND_SPARE_VM, unreachableHost } from './fixtures/unreachable-hosts.js';
import { activeElementLabel, activeElementText, focusIsInDialog, screenshot } from './helpers/browser.js';
import { useChromiumWindow } from './helpers/chromium-window.js';
import { expectAccessible } from './helpers/expect-accessible.js';
import { startWebCommandOnConfig, stopWebCommand } from './helpers/web-command.js';

const chromium = useChromiumWindow();
let base: string;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'hmc-settings-backups-'));
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

const noLoading = (p: Page) =>
  expect.poll(() => p.locator('[role="status"][aria-label^="Loading"]').count(), { timeout: 10_000 }).toBe(0);

/** `hermes-mc web` on a config file holding `configText`, stopped (and waited for) after the test. */
async function startWebForTest(home: string, configText: string): Promise<{ url: string; file: string }> {
  const { url, proc, file } = await startWebCommandOnConfig(home, configText);
  chromium.afterTest(() => stopWebCommand(proc));
  return { url, file };
}

// ---------------------------------------------------------------- backups freshness (fixture history)

describe('backup freshness timeline', () => {
  let fx: FixtureService;

  async function startFixture(
    colorScheme: 'light' | 'dark' = 'light',
    service?: MissionControlService,
  ): Promise<Page> {
    fx = createFixtureService();
    const server = await chromium.serve(service ?? fx.service, { onState: fx.onState });
    return chromium.open(server.url, { now: FIXED_NOW, colorScheme });
  }
  const historyCalls = () =>
    fx.calls
      .filter((c) => c.channel === 'history:query')
      .map((c) => c.payload as { instanceId: string; range: string; series: string[] });

  it('draws each instance’s backup age against the max age from Settings, with the stretch strip and recent commits', async () => {
    const p = await startFixture();
    await p.locator('#pane-tab-backups').click();
    await noLoading(p);
    const vijay = p.getByRole('region', { name: /^Vijay.* backups$/ });
    const chart = vijay.getByRole('figure', { name: 'Backup commit age chart' });
    // 240 fixture readings plus the two ends of the max-age line.
    await expect.poll(async () => Number(await chart.getAttribute('data-points'))).toBe(242);
    expect(await chart.locator('path.chart-curve').count()).toBe(2);
    expect(await chart.locator('.legend').textContent()).toContain('Max age 60 min (Settings)');
    // The demo repo commits every 30 minutes: always inside a 60-minute limit.
    const strip = vijay.getByRole('img', { name: /^Backup freshness:/ });
    expect(await strip.getAttribute('aria-label')).toBe(
      'Backup freshness: 48 of 48 stretches within 60 min.',
    );
    expect(await strip.locator('.stretch-fresh').count()).toBe(48);
    // Commits pinned by the readings: the latest at 13:59:30 (8 min before "now"), then every 30 minutes.
    const commits = vijay.getByRole('list', { name: /^Recent backup commits/ }).getByRole('listitem');
    expect(await commits.allTextContents()).toEqual([
      '13:59 · 8 min ago',
      '13:29 · 38 min ago',
      '12:59 · 1 h ago',
      '12:29 · 1 h ago',
      '11:59 · 2 h ago',
    ]);
    expect(await commits.first().locator('time').getAttribute('title')).toMatch(/14 May 2026, 13:59:30/);
    expect(
      historyCalls().every(
        (c) => c.range === '24h' && c.series.includes('backupAge') && c.series.includes('backupDirty'),
      ),
    ).toBe(true);
    await screenshot(p, 'backups-freshness');
    await expectAccessible(p, 'backups freshness');
  });

  it('follows a new max age from Settings and a new range from its picker', async () => {
    const p = await startFixture();
    await p.locator('#pane-tab-settings').click();
    await p.getByLabel('Backup older than (min)').fill('20');
    await p.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => p.locator('.form-actions [role="status"]').last().textContent()).toBe('Saved');

    await p.locator('#pane-tab-backups').click();
    await noLoading(p);
    const vijay = p.getByRole('region', { name: /^Vijay.* backups$/ });
    const strip = vijay.getByRole('img', { name: /^Backup freshness:/ });
    // Ages climb to 30.5 minutes before each commit: every stretch now goes over a 20-minute limit.
    expect(await strip.getAttribute('aria-label')).toBe(
      'Backup freshness: 0 of 48 stretches within 20 min; over the limit in 48 (latest ending just now).',
    );
    expect(await vijay.locator('.freshness-caption').textContent()).toContain('over the limit in 48');
    expect(await vijay.locator('.legend').first().textContent()).toContain('Max age 20 min (Settings)');
    await screenshot(p, 'backups-freshness-over-limit');

    const before = historyCalls().length;
    await p.getByRole('group', { name: 'Freshness range' }).getByRole('button', { name: '7 d' }).click();
    await expect.poll(() => historyCalls().length).toBe(before + 2);
    expect(
      historyCalls()
        .slice(before)
        .map((c) => c.range),
    ).toEqual(['7d', '7d']);
    await noLoading(p);
    expect(
      await p
        .getByRole('group', { name: 'Freshness range' })
        .getByRole('button', { name: '7 d' })
        .getAttribute('aria-pressed'),
    ).toBe('true');
    expect(await vijay.locator('.freshness-axis').textContent()).toContain('7 d ago');
  });

  it('shows a loading skeleton until history arrives, in dark mode too', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const inner = createFixtureService();
    const slow: MissionControlService = {
      ...inner.service,
      'history:query': async (req) => {
        await gate;
        return inner.service['history:query'](req);
      },
    };
    const p = await startFixture('dark', slow);
    await p.locator('#pane-tab-backups').click();
    const skeleton = p.getByRole('status', { name: /^Loading backup history for Vijay/ });
    await skeleton.waitFor();
    await screenshot(p, 'backups-freshness-loading-dark');
    await expectAccessible(p, 'backups loading (dark)');
    release();
    await skeleton.waitFor({ state: 'detached' });
    await p
      .getByRole('region', { name: /^Vijay.* backups$/ })
      .getByRole('img', { name: /^Backup freshness:/ })
      .waitFor();
    await screenshot(p, 'backups-freshness-dark');
    await expectAccessible(p, 'backups freshness (dark)');
  });

  it('says there is no backup history yet instead of drawing an empty chart', async () => {
    const empty = createFixtureService();
    const service: MissionControlService = {
      ...empty.service,
      'history:query': async (req) => ({ instanceId: req.instanceId, range: req.range, series: {} }),
    };
    const p = await startFixture('light', service);
    await p.locator('#pane-tab-backups').click();
    await noLoading(p);
    const vijay = p.getByRole('region', { name: /^Vijay.* backups$/ });
    expect(await vijay.locator('.backup-freshness').count()).toBe(0);
    expect(
      await vijay.locator('.empty-state').filter({ hasText: 'No backup history yet' }).textContent(),
    ).toContain('fills in as readings arrive');
    // The rest of the pane is still there.
    expect(await vijay.textContent()).toContain('Restore payload');
    await screenshot(p, 'backups-freshness-empty');
    await expectAccessible(p, 'backups without history');
  });
});

// ---------------------------------------------------------------- removing hosts (the real app service)

describe('removing a host in Settings', () => {
  async function startReal(
    config: object,
    wrap: (service: MissionControlService) => MissionControlService = (service) => service,
  ): Promise<{ p: Page; file: string; app: AppServiceHandle }> {
    const dir = await mkdtemp(join(base, 'real-'));
    const file = join(dir, 'config.json');
    await writeFile(file, JSON.stringify(config, null, 2));
    // Polling is never started (autoStart: false), so nothing connects to the hosts.
    const app = await createAppService({
      configFile: file,
      env: isolatedHomeEnv(dir),
      dataDir: join(dir, 'app'),
      autoStart: false,
      tailscale: false,
    });
    chromium.afterTest(() => app.close());
    const server = await chromium.serve(wrap(app.service), { onState: app.onState });
    const p = await chromium.open(server.url, { now: Date.now() });
    await p.locator('#pane-tab-settings').click();
    await p.getByRole('heading', { name: 'Hosts' }).waitFor();
    return { p, file, app };
  }
  const savedConfig = async (file: string) =>
    JSON.parse(await readFile(file, 'utf8')) as {
      hosts: { name: string; instances: { id: string; label: string }[] }[];
      pollIntervalSeconds: number;
      thresholds: { diskUsedPctWarning: number };
    };
  /** The status beside "Save settings". */
  const formStatus = (p: Page) =>
    p.locator('form[aria-labelledby="general-h"] .form-actions [role="status"]').textContent();

  it('asks first, naming the instances that go with the host, and is done with the keyboard alone', async () => {
    const { p, file, app } = await startReal({ hosts: HERMES_VM_AND_SPARE_VM });
    expect(app.state().instances.map((i) => i.id)).toEqual(['vijay', 'bheem', 'spare']);
    const remove = p.getByRole('button', { name: 'Remove host spare-vm' });
    await remove.focus();
    await p.keyboard.press('Enter');
    const dialog = p.getByRole('dialog', { name: 'Remove host spare-vm?' });
    await dialog.waitFor();
    expect(await activeElementText(p)).toBe('Cancel');
    expect(await dialog.textContent()).toContain('stops watching its instance: Spare box (spare)');
    expect(await dialog.textContent()).not.toContain('demo fleet');
    await screenshot(p, 'settings-remove-host-confirm');
    await expectAccessible(p, 'remove host dialog');

    // Esc cancels: nothing saved, focus back on the button that opened it.
    await p.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await activeElementLabel(p)).toBe('Remove host spare-vm');
    expect((await savedConfig(file)).hosts.map((h) => h.name)).toEqual(['hermes-vm', 'spare-vm']);

    // Tab stays inside; Shift+Tab from Cancel reaches the Remove button; Enter removes.
    await p.keyboard.press('Enter');
    await dialog.waitFor();
    await p.keyboard.press('Tab');
    expect(await focusIsInDialog(p)).toBe(true);
    await p.keyboard.press('Shift+Tab');
    await p.keyboard.press('Shift+Tab');
    expect(await activeElementText(p)).toBe('Remove spare-vm');
    await p.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });

    await expect.poll(() => p.locator('.host-list > li').count()).toBe(1);
    expect(await p.locator('.host-list').textContent()).toContain('hermes-vm');
    expect(await p.locator('.hosts-notice').textContent()).toBe('Removed spare-vm.');
    expect(await activeElementText(p)).toBe('Add host');
    expect((await savedConfig(file)).hosts.map((h) => h.name)).toEqual(['hermes-vm']);
    // The removed host's instance is gone from the window too; the others stay, and no demo banner shows.
    await expect.poll(() => p.getByRole('tab', { name: /^Spare box/ }).count()).toBe(0);
    expect(await p.getByRole('tab', { name: /^Vijay/ }).count()).toBe(1);
    expect(await p.getByRole('region', { name: 'Demo mode' }).count()).toBe(0);
  });

  it('goes back to the labelled demo fleet when the last host is removed, keeping the other settings', async () => {
    const { p, file, app } = await startReal({
      pollIntervalSeconds: 120,
      hosts: [unreachableHost('only-vm', [['vijay', 'Vijay (root)']])],
    });
    expect(app.state().demo).toBe(false);
    await p.getByRole('button', { name: 'Remove host only-vm' }).click();
    const dialog = p.getByRole('dialog', { name: 'Remove host only-vm?' });
    expect(await dialog.textContent()).toContain(
      'It is your only host, so the app goes back to the demo fleet until you add one.',
    );
    await dialog.getByRole('button', { name: 'Remove only-vm' }).click();
    await dialog.waitFor({ state: 'detached' });

    await p.getByRole('region', { name: 'Demo mode' }).waitFor();
    expect(await p.locator('.hosts-notice').textContent()).toBe(
      'Removed only-vm. No host is left, so the demo fleet is showing until you add one.',
    );
    expect(await p.locator('.settings .empty-state').first().textContent()).toContain('No hosts yet');
    expect(await p.getByLabel('Poll interval (seconds)').inputValue()).toBe('120');
    expect(await savedConfig(file)).toMatchObject({ hosts: [], pollIntervalSeconds: 120 });
    expect(app.state().demo).toBe(true);
    await screenshot(p, 'settings-last-host-removed');
    await expectAccessible(p, 'settings with no hosts');
  });

  it('removes only that host through `hermes-mc web`: a threshold typed but not saved stays pending, and is not saved', async () => {
    const home = await mkdtemp(join(base, 'web-remove-'));
    const initial = { pollIntervalSeconds: 120, hosts: HERMES_VM_AND_SPARE_VM };
    const { url, file } = await startWebForTest(home, JSON.stringify(initial));
    const p = await chromium.open(url, { now: Date.now() });
    await p.locator('#pane-tab-settings').click();
    const threshold = p.getByLabel('Disk used: warning at (%)');
    expect(await threshold.inputValue()).toBe('85');
    expect(await formStatus(p)).toBe('');

    await threshold.fill('70');
    expect(await formStatus(p)).toBe('Unsaved changes (1 field)');
    await p.getByRole('button', { name: 'Remove host spare-vm' }).click();
    const dialog = p.getByRole('dialog', { name: 'Remove host spare-vm?' });
    expect(await dialog.textContent()).toContain(
      'Only the host is removed: your other unsaved changes in Settings stay unsaved',
    );
    await dialog.getByRole('button', { name: 'Remove spare-vm' }).click();
    await dialog.waitFor({ state: 'detached' });

    // Saved without the host, and without the threshold.
    await expect.poll(() => p.locator('.host-list > li').count()).toBe(1);
    expect(await p.locator('.hosts-notice').textContent()).toBe(
      'Removed spare-vm. Your other changes below are still unsaved.',
    );
    const config = await savedConfig(file);
    expect(config.hosts.map((h) => h.name)).toEqual(['hermes-vm']);
    expect(config.thresholds.diskUsedPctWarning).toBe(85);
    expect(config.pollIntervalSeconds).toBe(120);
    // The edit is still in the form, still marked unsaved and still revertable.
    expect(await threshold.inputValue()).toBe('70');
    expect(await formStatus(p)).toBe('Unsaved changes (1 field)');
    expect(await p.getByRole('button', { name: 'Discard changes' }).isVisible()).toBe(true);
    await expect.poll(() => p.getByRole('tab', { name: /^Spare box/ }).count()).toBe(0);
    await screenshot(p, 'settings-host-removed-edit-pending');
    await expectAccessible(p, 'settings after removing a host with an edit pending');

    // Reopened, main has the host gone and the old threshold.
    await p.reload();
    await p.locator('#pane-tab-settings').click();
    await p.getByRole('heading', { name: 'Hosts' }).waitFor();
    expect(await p.locator('.host-list').textContent()).not.toContain('spare-vm');
    expect(await p.locator('.host-list > li').count()).toBe(1);
    expect(await p.getByLabel('Disk used: warning at (%)').inputValue()).toBe('85');
    expect(await formStatus(p)).toBe('');
  });

  it('saves only the host being edited, and keeps its open editor when another host is removed', async () => {
    const { p, file } = await startReal({
      pollIntervalSeconds: 120,
      hosts: [
        unreachableHost('hermes-vm', [['vijay', 'Vijay (root)']]),
        unreachableHost('spare-vm', [['spare', 'Spare box']]),
        unreachableHost('lab-vm', [['lab', 'lab']]),
      ],
    });
    const poll = p.getByLabel('Poll interval (seconds)');
    await poll.fill('300');
    await p.getByRole('button', { name: 'Edit host lab-vm' }).click();
    const editor = p.getByRole('form', { name: 'Edit host lab-vm' });
    await editor.getByLabel('Instance 1 label').fill('Lab box');
    expect(
      await editor.getByRole('button', { name: 'Save host' }).getAttribute('aria-describedby'),
    ).toBeTruthy();
    expect(await editor.textContent()).toContain('Saves this host only.');

    // Removing a host listed before it does not close (or shift) the editor, nor save what it holds.
    await p.getByRole('button', { name: 'Remove host hermes-vm' }).click();
    const dialog = p.getByRole('dialog', { name: 'Remove host hermes-vm?' });
    await dialog.getByRole('button', { name: 'Remove hermes-vm' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect
      .poll(async () => (await savedConfig(file)).hosts.map((h) => h.name))
      .toEqual(['spare-vm', 'lab-vm']);
    expect(await activeElementText(p)).toBe('Hosts');
    expect(await editor.getByLabel('Instance 1 label').inputValue()).toBe('Lab box');
    expect((await savedConfig(file)).hosts[1]!.instances).toEqual([{ id: 'lab', label: 'lab' }]);

    // Save host saves that host alone; the poll interval stays an unsaved edit.
    await editor.getByRole('button', { name: 'Save host' }).click();
    await editor.waitFor({ state: 'detached' });
    expect(await p.locator('.hosts-notice').textContent()).toBe(
      'Saved host lab-vm. Your other changes below are still unsaved.',
    );
    const config = await savedConfig(file);
    expect(config.hosts.map((h) => [h.name, h.instances])).toEqual([
      ['spare-vm', [{ id: 'spare', label: 'Spare box' }]],
      ['lab-vm', [{ id: 'lab', label: 'Lab box' }]],
    ]);
    expect(config.pollIntervalSeconds).toBe(120);
    expect(await poll.inputValue()).toBe('300');
    expect(await formStatus(p)).toBe('Unsaved changes (1 field)');

    // Discard goes back to what is saved.
    await p.getByRole('button', { name: 'Discard changes' }).click();
    expect(await poll.inputValue()).toBe('120');
    expect(await formStatus(p)).toBe('');
    expect(await p.getByRole('button', { name: 'Discard changes' }).count()).toBe(0);
  });

  it('removes the host even while other fields do not validate, leaving them as typed', async () => {
    const { p, file } = await startReal({
      pollIntervalSeconds: 120,
      hosts: [unreachableHost('hermes-vm', [['vijay', 'Vijay (root)']])],
    });
    await p.getByLabel('Poll interval (seconds)').fill('5');
    await p.getByRole('button', { name: 'Remove host hermes-vm' }).click();
    const dialog = p.getByRole('dialog', { name: 'Remove host hermes-vm?' });
    await dialog.getByRole('button', { name: 'Remove hermes-vm' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await savedConfig(file)).toMatchObject({ hosts: [], pollIntervalSeconds: 120 });
    expect(await p.getByLabel('Poll interval (seconds)').inputValue()).toBe('5');
    expect(await formStatus(p)).toBe('Unsaved changes (1 field)');
    // Saving the form itself still refuses the bad value at its field.
    await p.getByRole('button', { name: 'Save settings' }).click();
    expect(await p.getByLabel('Poll interval (seconds)').getAttribute('aria-invalid')).toBe('true');
    expect(await savedConfig(file)).toMatchObject({ pollIntervalSeconds: 120 });
  });

  it('keeps the host and says why when main refuses the save, with the form’s edits untouched', async () => {
    const { p, file } = await startReal(
      { hosts: [unreachableHost('hermes-vm', [['vijay', 'Vijay (root)']])] },
      (service) => ({
        ...service,
        'settings:save': async () => {
          throw Object.assign(new Error('The config file could not be written.'), {
            code: 'CONFIG_WRITE_FAILED',
          });
        },
      }),
    );
    const before = await readFile(file, 'utf8');
    await p.getByLabel('Backup older than (min)').fill('20');
    await p.getByRole('button', { name: 'Remove host hermes-vm' }).click();
    const dialog = p.getByRole('dialog', { name: 'Remove host hermes-vm?' });
    await dialog.getByRole('button', { name: 'Remove hermes-vm' }).click();
    await expect
      .poll(() => dialog.getByRole('alert').textContent())
      .toBe('Not removed: The config file could not be written.');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await p.locator('.host-list > li').count()).toBe(1);
    expect(await p.getByLabel('Backup older than (min)').inputValue()).toBe('20');
    expect(await formStatus(p)).toBe('Unsaved changes (1 field)');
    expect(await readFile(file, 'utf8')).toBe(before);

    // Save host reports a refusal inside its editor, which stays open.
    await p.getByRole('button', { name: 'Edit host hermes-vm' }).click();
    const editor = p.getByRole('form', { name: 'Edit host hermes-vm' });
    await editor.getByRole('button', { name: 'Save host' }).click();
    await expect
      .poll(() => editor.getByRole('alert').textContent())
      .toBe('Host not saved: The config file could not be written.');
    expect(await readFile(file, 'utf8')).toBe(before);
  });
});

// ---------------------------------------------------------------- a broken config file (the built command)

describe('a broken config file', () => {
  it('gets a persistent notice naming the file and field, what the app does instead and how to fix it', async () => {
    const broken = JSON.stringify({
      hosts: [
        {
          name: 'vm',
          host: '100.64.0.9',
          user: 'monitor',
          port: 70000,
          instances: [{ id: 'vijay', label: 'Vijay' }],
        },
      ],
    });
    // Stopped and waited for after the test: the server writes demo history until it exits.
    const { url, file } = await startWebForTest(join(base, 'broken-home'), broken);

    const p = await chromium.open(url, { now: Date.now() });
    const notice = p.getByRole('alert', { name: 'Your config file could not be used' });
    await notice.waitFor();
    const text = (await notice.textContent()) ?? '';
    expect(text).toContain(file);
    expect(text).toContain('hosts[0].port');
    expect(text).toContain('showing the made-up demo fleet instead');
    expect(text).toContain('The file has not been changed.');
    expect(await notice.locator('.failure-next').textContent()).toMatch(
      /text editor, then restart .*Settings and save there/,
    );
    expect(await p.getByRole('region', { name: 'Demo mode' }).textContent()).toContain(
      'Your config file could not be used',
    );
    await screenshot(p, 'config-error-notice');
    await expectAccessible(p, 'config error notice');

    // It stays while the person moves around.
    await p.locator('#pane-tab-backups').click();
    await noLoading(p);
    expect(await notice.isVisible()).toBe(true);
    expect(await readFile(file, 'utf8')).toBe(broken);

    // Open Settings from the notice and save: a valid file replaces the broken one and the notice goes.
    await notice.getByRole('button', { name: 'Open Settings' }).click();
    await p.getByRole('button', { name: 'Save settings' }).click();
    await notice.waitFor({ state: 'detached' });
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ hosts: [], pollIntervalSeconds: 60 });
    expect(await p.getByRole('region', { name: 'Demo mode' }).textContent()).toContain(
      'These instances are made up',
    );
    await screenshot(p, 'config-error-fixed');
  });
});
