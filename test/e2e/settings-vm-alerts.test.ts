// Settings → VM-side alerts in Debian's Chromium: what the real exporter reports about its alerts (a
// generated Hermes home with the alerts cron job, `hermes-exporter alerts` and `run --once` from the built
// bundle) shown per instance, and the per-instance delivery choice saved through the bridge.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify as toYaml } from 'yaml';
import type { VmAlertsStatus } from '../../common/contract/snapshot-alerts.js';
import type { AppState, MissionControlService, Settings } from '../../preload/ipc-contract.js';
import { buildHermesHome } from '../fixtures/hermes-home/build-hermes-home.js';
import { createFixtureService, FIXED_NOW } from './fixtures/fixture-service.js';
import { screenshot } from './helpers/browser.js';
import { useChromiumWindow } from './helpers/chromium-window.js';
import { expectAccessible } from './helpers/expect-accessible.js';

const execFileP = promisify(execFile);
const BUNDLE = fileURLToPath(new URL('../../out/exporter/hermes-exporter.mjs', import.meta.url));
const chromium = useChromiumWindow();
let base: string;
/** snapshot.alerts exactly as the exporter wrote it. */
let reported: VmAlertsStatus;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'hmc-settings-vmalerts-'));
  // The exporter's clock a minute before the window's, so "last run 1 min ago".
  const at = new Date(FIXED_NOW - 60_000);
  const fx = await buildHermesHome(join(base, 'home'), { now: at });
  try {
    await writeFile(
      join(fx.hermesHome, 'cron/jobs.json'),
      JSON.stringify({
        jobs: [
          {
            id: 'f00dfeed0001',
            name: 'Mission Control alerts',
            schedule: { kind: 'cron', expr: '*/5 * * * *', display: '*/5 * * * *' },
            schedule_display: '*/5 * * * *',
            enabled: true,
            state: 'scheduled',
            script: 'mission-control-alerts.sh',
            no_agent: true,
            last_run_at: at.toISOString(),
            last_status: 'ok',
            last_error: null,
            last_delivery_error: null,
            next_run_at: new Date(at.getTime() + 300_000).toISOString(),
            deliver: 'telegram',
          },
        ],
      }),
    );
    const config = join(base, 'vijay.yaml');
    await writeFile(
      config,
      toYaml({
        instance: { id: 'vijay', label: 'Vijay (root)' },
        hermesHome: fx.hermesHome,
        installDir: fx.installDir,
        outDir: join(base, 'out'),
      }),
    );
    const now = ['--now', at.toISOString()];
    await execFileP(process.execPath, [BUNDLE, 'run', '--once', '--config', config, ...now]);
    await execFileP(process.execPath, [BUNDLE, 'alerts', '--config', config, ...now]);
    await execFileP(process.execPath, [BUNDLE, 'run', '--once', '--config', config, ...now]);
    const snapshot = JSON.parse(await readFile(join(base, 'out/snapshot.json'), 'utf8'));
    reported = snapshot.alerts;
  } finally {
    await fx.close();
  }
}, 120_000);

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

/** The demo fleet with Vijay's snapshot carrying what the exporter reported; Bheem's exporter reports none. */
function withReportedAlerts(state: AppState): AppState {
  return {
    ...state,
    instances: state.instances.map((i) => {
      if (!i.snapshot) return i;
      if (i.id === 'vijay') return { ...i, snapshot: { ...i.snapshot, alerts: reported } };
      // The demo snapshots carry alerts; Bheem's stands for an older exporter that has no such field.
      const { alerts: _none, ...older } = i.snapshot;
      return { ...i, snapshot: older };
    }),
  };
}

describe('Settings → VM-side alerts', () => {
  it('shows per instance whether VM-side alerts work, and saves who tells the person', async () => {
    expect(reported.hermesCron).toMatchObject({
      job: { name: 'Mission Control alerts', lastStatus: 'ok' },
      lastError: null,
    });
    const fx = createFixtureService();
    const service: MissionControlService = {
      ...fx.service,
      'app:get-state': async (p) => withReportedAlerts(await fx.service['app:get-state'](p)),
    };
    const server = await chromium.serve(service, {
      onState: (listener) => fx.onState((s) => listener(withReportedAlerts(s))),
    });
    const p = await chromium.open(server.url, { now: FIXED_NOW });
    await p.locator('#pane-tab-settings').click();
    const section = p.getByRole('region', { name: 'VM-side alerts' });
    await section.waitFor();

    const vijay = section.locator('tr[data-instance="vijay"]');
    const hermesCron = vijay.locator('td[data-path="hermes-cron"]');
    expect(await hermesCron.getAttribute('data-health')).toBe('working');
    expect(await hermesCron.textContent()).toMatch(
      /^Working · Mission Control alerts.*Last run 1 min ago · last message never$/,
    );
    expect(await vijay.locator('td[data-path="direct"]').textContent()).toMatch(
      /^Not installed.*Off: no alerts\.telegram in the exporter config\.Last delivery never$/,
    );
    const bheem = section.locator('tr[data-instance="bheem"]');
    expect(await bheem.locator('td[data-path="hermes-cron"]').getAttribute('data-health')).toBe('unknown');

    // Telegram only for Vijay: saved on its own, at once.
    await section.getByLabel('Who tells you about Vijay (root) · demo').selectOption('telegram');
    await expect
      .poll(() => section.getByRole('status').textContent())
      .toBe('Saved: Vijay (root) · demo — Telegram only.');
    const saves = fx.calls.filter((c) => c.channel === 'settings:save').map((c) => c.payload as Settings);
    expect(saves.at(-1)?.notifications.deliveryByInstance).toEqual({ vijay: 'telegram' });
    expect(await vijay.getByRole('note').count()).toBe(0);

    // Telegram only for Bheem, whose VM reports no alerts: the desktop keeps telling, and says so.
    await section.getByLabel('Who tells you about Bheem (uma) · demo').selectOption('telegram');
    await expect
      .poll(() => bheem.getByRole('note').textContent())
      .toBe('The VM-side alerts are not working, so the desktop still tells everything.');
    expect(
      fx.calls
        .filter((c) => c.channel === 'settings:save')
        .map((c) => (c.payload as Settings).notifications.deliveryByInstance)
        .at(-1),
    ).toEqual({ vijay: 'telegram', bheem: 'telegram' });
    await expectAccessible(p, 'settings with VM-side alerts');
    await screenshot(p, 'settings-vm-alerts');
  });
});
