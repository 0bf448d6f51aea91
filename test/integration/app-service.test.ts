/**
 * The composed core (main/core/app-service.ts) as the window and the tray see it: the demo fleet with
 * warnings, history and commands; notification choices that survive a restart; and a real VM path —
 * the real exporter bundle writing a snapshot into a real sshd's chroot, read by the restricted account
 * after the trust-on-first-use decision.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppService, type AppServiceHandle } from '../../main/core/app-service.js';
import { buildHermesHome, type HermesHomeFixture } from '../fixtures/hermes-home/index.js';
import { exportSnapshotIntoSshd } from '../helpers/exporter-run.js';
import { isolatedHomeEnv } from '../helpers/isolated-home.js';
import { startSshd, type SshdHandle } from '../helpers/sshd.js';
import { sshdHostEntry, writeClientKnownHosts } from '../helpers/sshd-client.js';

describe('app service on the demo fleet', () => {
  let dataDir: string;
  let app: AppServiceHandle;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'hmc-app-demo-'));
    app = await createAppService({ demo: true, dataDir, autoStart: false, tailscale: false });
    await app.service['poll:refresh'](undefined);
  });
  afterAll(async () => {
    await app?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('shows both demo instances live, labelled as demo, with Bheem warnings', async () => {
    const state = await app.service['app:get-state'](undefined);
    expect(state.demo).toBe(true);
    expect(state.instances.map((i) => [i.id, i.state])).toEqual([
      ['vijay', 'live'],
      ['bheem', 'live'],
    ]);
    const bheem = state.warnings.filter((w) => w.instanceId === 'bheem' && w.status === 'active');
    expect(bheem.length).toBeGreaterThan(0);
    expect(bheem.every((w) => w.id.startsWith('bheem:') && w.title.length > 0)).toBe(true);
  });

  it('lists runbook commands filled from the snapshot for each instance', async () => {
    const commands = await app.service['commands:list']({ instanceId: 'bheem' });
    const restart = commands.find((c) => c.id === 'gateway-restart');
    expect(restart?.command).toMatch(/systemctl --user restart uma-hermes-gateway/);
    expect(restart?.command).toMatch(/XDG_RUNTIME_DIR=\/run\/user\/\d+/);
    await expect(app.service['commands:list']({ instanceId: 'nobody' })).rejects.toMatchObject({
      code: 'UNKNOWN_INSTANCE',
    });
  });

  it('answers a 30-day trend query with at most the requested number of points', async () => {
    const result = await app.service['history:query']({
      instanceId: 'vijay',
      range: '30d',
      series: ['diskUsedPct', 'backupAge'],
      maxPoints: 200,
    });
    const disk = result.series.diskUsedPct ?? [];
    expect(disk.length).toBeGreaterThan(50);
    expect(disk.length).toBeLessThanOrEqual(200);
    const span = disk[disk.length - 1]!.t - disk[0]!.t;
    expect(span).toBeGreaterThan(20 * 24 * 3600);
  });

  it('keeps a snooze across an app restart', async () => {
    const state = app.state();
    const target = state.warnings.find((w) => w.status === 'active')!;
    const status = await app.service['warnings:snooze']({ warningId: target.id, duration: '4h' });
    expect(Object.keys(status.snoozed)).toContain(target.id);
    await app.close();

    app = await createAppService({ demo: true, dataDir, autoStart: false, tailscale: false });
    const again = await app.service['app:get-state'](undefined);
    expect(Object.keys(again.notifications.snoozed)).toContain(target.id);
  });
});

describe('app service against a real VM over SSH', () => {
  let sshd: SshdHandle;
  let fx: HermesHomeFixture;
  let base: string;
  let app: AppServiceHandle | null = null;

  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'hmc-app-ssh-'));
    sshd = await startSshd();
    fx = await buildHermesHome(join(base, 'fx'), { now: new Date() });
    await exportSnapshotIntoSshd(sshd, fx);
  });
  afterAll(async () => {
    await app?.close();
    await fx?.close();
    await sshd?.stop();
    await rm(base, { recursive: true, force: true });
  });

  it('asks before trusting an unknown host key, then reads the snapshot through the restricted account', async () => {
    const home = join(base, 'home');
    // No knownHostsFile in the config: the app's default, ~/.ssh/known_hosts, is this empty one.
    await writeClientKnownHosts(home, '');
    const configFile = join(base, 'config.json');
    await writeFile(configFile, JSON.stringify({ pollIntervalSeconds: 60, hosts: [sshdHostEntry(sshd)] }));
    const env = isolatedHomeEnv(home);
    app = await createAppService({
      configFile,
      dataDir: join(base, 'appdata'),
      env,
      autoStart: false,
      tailscale: false,
    });

    const first = await app.service['poll:refresh'](undefined);
    expect(first.demo).toBe(false);
    const vijay = first.instances.find((i) => i.id === 'vijay')!;
    expect(vijay.state).toBe('unreachable');
    expect(vijay.snapshot).toBeNull();
    expect(first.hostKeyPrompts).toEqual([
      expect.objectContaining({ hostName: 'test-vm', fingerprint: sshd.hostKeyFingerprint, kind: 'unknown' }),
    ]);

    await app.service['hostkey:decide']({
      hostName: 'test-vm',
      fingerprint: sshd.hostKeyFingerprint,
      accept: true,
    });
    const after = await app.service['poll:refresh'](undefined);
    const live = after.instances.find((i) => i.id === 'vijay')!;
    expect(live.state).toBe('live');
    expect(live.snapshot?.instance.id).toBe('vijay');
    expect(after.hostKeyPrompts).toEqual([]);
    // Runbook commands for a real host name the configured account and host.
    const commands = await app.service['commands:list']({ instanceId: 'vijay' });
    expect(commands.find((c) => c.id === 'dashboard-tunnel')?.command ?? '').not.toMatch(/undefined|null/);
  });
});
