/**
 * The app service's settings life cycle around the edges the Settings pane reaches: a broken config file
 * (demo fleet plus a visible error, file untouched until a save replaces it) and removing the last host
 * (demo fleet again, every other saved setting kept).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppService, type AppServiceHandle } from '../../../main/core/app-service.js';
import { settingsSchema, type Settings } from '../../../preload/ipc-contract.js';

let base: string;
let app: AppServiceHandle | null = null;

beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'hmc-app-settings-'));
});
afterEach(async () => {
  await app?.close();
  app = null;
  await rm(base, { recursive: true, force: true });
});

const env = () => ({ HOME: base, XDG_CONFIG_HOME: join(base, 'config'), XDG_DATA_HOME: join(base, 'data') });
const start = (configFile: string) =>
  createAppService({
    configFile,
    env: env(),
    dataDir: join(base, 'app'),
    autoStart: false,
    tailscale: false,
  });

/** One host on a loopback port nobody listens on; polling is never started, so nothing connects. */
const oneHostConfig = {
  pollIntervalSeconds: 120,
  thresholds: { backupMaxAgeMinutes: 90 },
  hosts: [
    {
      name: 'test-vm',
      host: '127.0.0.1',
      port: 1,
      user: 'monitor',
      instances: [{ id: 'vijay', label: 'Vijay (root)' }],
    },
  ],
};

describe('app service settings', () => {
  it('shows the demo fleet and an error naming the file when the config is broken, and leaves the file alone', async () => {
    const file = join(base, 'broken.json');
    await writeFile(file, '{ "hosts": [ }\n');
    app = await start(file);
    const state = app.state();
    expect(state.demo).toBe(true);
    expect(state.configError).toContain(file);
    expect(state.configError).toMatch(/not valid JSON \(syntax error at line 1/);
    expect(await readFile(file, 'utf8')).toBe('{ "hosts": [ }\n');
  });

  it('clears the config error once Settings saves a valid file in its place', async () => {
    const file = join(base, 'broken.json');
    await writeFile(file, '{ "pollInterval": 60 }\n');
    app = await start(file);
    expect(app.state().configError).toMatch(/pollInterval/);
    const next: Settings = { ...settingsSchema.parse({}), pollIntervalSeconds: 90 };
    await app.service['settings:save'](next);
    expect(app.state().configError ?? null).toBeNull();
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ pollIntervalSeconds: 90, hosts: [] });
  });

  it('goes back to the demo fleet when the last host is removed, keeping every other saved setting', async () => {
    const file = join(base, 'config.json');
    await writeFile(file, JSON.stringify(oneHostConfig));
    app = await start(file);
    expect(app.state().demo).toBe(false);
    const current = await app.service['settings:get'](undefined);

    const saved = await app.service['settings:save']({ ...current, hosts: [] });
    expect(app.state().demo).toBe(true);
    expect(app.state().instances.map((i) => i.id)).toEqual(['vijay', 'bheem']);
    expect(saved.hosts).toEqual([]);
    expect(saved.pollIntervalSeconds).toBe(120);
    expect(saved.thresholds.backupMaxAgeMinutes).toBe(90);

    // After a restart, the host-less file still provides the settings the form shows.
    await app.close();
    app = await start(file);
    expect(app.state().demo).toBe(true);
    const reloaded = await app.service['settings:get'](undefined);
    expect(reloaded.pollIntervalSeconds).toBe(120);
    expect(reloaded.thresholds.backupMaxAgeMinutes).toBe(90);
  });
});
