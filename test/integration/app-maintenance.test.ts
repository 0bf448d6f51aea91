/**
 * Timed maintenance through the real app service (demo fleet, real data folder, an injected clock):
 * Bheem's notifications held for 30 min while Vijay's would still come, the window ending on its own with
 * ONE summary of what is still wrong, the window on the incident timeline, and a window written by
 * `hermes-mc maintenance` (the same file) picked up at the next poll.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startMaintenance, emptyMaintenance } from '../../common/model/maintenance.js';
import type { NotificationToShow } from '../../common/notify/notification-policy.js';
import { createAppService, type AppServiceHandle } from '../../main/core/app-service.js';
import { createMaintenanceStore } from '../../main/core/maintenance/maintenance-store.js';

let dir: string;
let app: AppServiceHandle | null = null;
const clock = { now: Date.parse('2026-06-01T14:00:00Z') };
const timers = { now: () => clock.now, setTimeout: () => 0, clearTimeout: () => undefined };

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hmc-app-maint-'));
  clock.now = Date.parse('2026-06-01T14:00:00Z');
});
afterEach(async () => {
  await app?.close();
  app = null;
  await rm(dir, { recursive: true, force: true });
});

async function start() {
  app = await createAppService({ demo: true, dataDir: dir, autoStart: false, tailscale: false, timers });
  const shown: NotificationToShow[] = [];
  app.onNotification((n) => shown.push(n));
  const poll = async (minutes: number) => {
    for (let i = 0; i < minutes; i++) {
      clock.now += 60_000;
      await app!.service['poll:refresh'](undefined);
    }
  };
  return { app, shown, poll };
}

const aboutBheem = (n: NotificationToShow) =>
  n.instanceId === 'bheem' || n.warningIds.some((id) => id.startsWith('bheem:'));

describe('maintenance in the app', () => {
  it('holds Bheem for 30 min, says so in state, ends on its own with one summary, and lands on the timeline', async () => {
    const { app, shown, poll } = await start();
    const windows = await app.service['maintenance:set']({
      instanceId: 'bheem',
      minutes: 30,
      source: 'window',
    });
    expect(windows['bheem']).toMatchObject({ until: '2026-06-01T14:30:00.000Z', source: 'window' });
    await poll(29);
    expect(app.state().maintenance?.['bheem']?.until).toBe('2026-06-01T14:30:00.000Z');
    expect(app.state().warnings.some((w) => w.instanceId === 'bheem' && w.status === 'active')).toBe(true);
    expect(shown.filter(aboutBheem)).toEqual([]);

    await poll(1); // 14:30
    const bheem = shown.filter(aboutBheem);
    expect(bheem).toHaveLength(1);
    expect(bheem[0]!.title).toMatch(/^Bheem \(uma\) · demo: maintenance over, \d+ still wrong$/);
    expect(app.state().maintenance).toEqual({});
    await poll(20);
    expect(shown.filter(aboutBheem)).toHaveLength(1);

    const timeline = await app.service['incidents:list']({ kinds: ['maintenance'] });
    expect(timeline.incidents).toMatchObject([
      {
        instanceId: 'bheem',
        durationSeconds: 30 * 60,
        ongoing: false,
        startedAt: '2026-06-01T14:00:00.000Z',
      },
    ]);
  });

  it('a window written to the same file by `hermes-mc maintenance` is honoured from the next poll', async () => {
    const { app, shown, poll } = await start();
    await poll(1);
    const store = createMaintenanceStore(join(dir, 'demo'));
    await store.save(startMaintenance(emptyMaintenance(), 'bheem', 60, new Date(clock.now), 'cli'));
    await poll(1);
    // Read back after that poll's decision, and shown at once (the hold applies from the next poll).
    await expect.poll(() => app.state().maintenance?.['bheem']?.source).toBe('cli');
    const before = shown.length;
    await poll(30);
    expect(shown.slice(before).filter(aboutBheem)).toEqual([]);
    await app.service['maintenance:set']({ instanceId: 'bheem', minutes: null, source: 'window' });
    await poll(1);
    expect(
      shown
        .slice(before)
        .filter(aboutBheem)
        .map((n) => n.title),
    ).toEqual([expect.stringMatching(/maintenance over/)]);
  });

  it('refuses an instance that is not in the fleet, and a window longer than 12 h', async () => {
    const { app } = await start();
    await expect(
      app.service['maintenance:set']({ instanceId: 'nobody', minutes: 30, source: 'window' }),
    ).rejects.toMatchObject({ code: 'UNKNOWN_INSTANCE' });
    const { dispatchRequest } = await import('../../main/ipc/dispatch-request.js');
    const r = await dispatchRequest(app.service, 'maintenance:set', { instanceId: 'bheem', minutes: 721 });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
  });
});
