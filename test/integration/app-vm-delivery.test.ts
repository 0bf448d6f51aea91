/**
 * "Telegram only" end to end: a real Hermes home whose backup job fails and whose Hermes cron runs
 * `hermes-exporter alerts`; the built exporter writing the snapshot (with `alerts`) into a real sshd's
 * chroot; the real app core reading it over SSH. With "Telegram only" for the instance the desktop does
 * not notify what the VM tells; with "both" it does; what only the laptop sees always notifies.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationToShow } from '../../common/notify/notification-policy.js';
import { createAppService } from '../../main/core/app-service.js';
import { buildHermesHome, type HermesHomeFixture } from '../fixtures/hermes-home/index.js';
import { isolatedHomeEnv } from '../helpers/isolated-home.js';
import { startSshd, type SshdHandle } from '../helpers/sshd.js';
import { sshdHostEntry, writeClientKnownHosts } from '../helpers/sshd-client.js';

const execFileP = promisify(execFile);
const BUNDLE = fileURLToPath(new URL('../../out/exporter/hermes-exporter.mjs', import.meta.url));
const BACKUP_FAILING = 'vijay:cron.backup-job-failing';

let sshd: SshdHandle;
let fx: HermesHomeFixture;
let base: string;

const iso = (s: number) => new Date(Date.now() + s * 1000).toISOString();
const job = (id: string, name: string, status: 'ok' | 'error', deliver: string) => ({
  id,
  name,
  schedule: { kind: 'interval', minutes: 5, display: 'every 5m' },
  schedule_display: 'every 5m',
  enabled: true,
  state: 'scheduled',
  last_run_at: iso(-60),
  last_status: status,
  last_error: status === 'error' ? 'git push rejected' : null,
  last_delivery_error: null,
  next_run_at: iso(240),
  deliver,
});

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'hmc-app-vmdelivery-'));
  sshd = await startSshd();
  fx = await buildHermesHome(join(base, 'fx'), { now: new Date() });
  await writeFile(
    join(fx.hermesHome, 'cron/jobs.json'),
    JSON.stringify({
      jobs: [
        job('b2b2b2b2b2b2', 'Nightly backup sync', 'error', 'local'),
        job('d4d4d4d4d4d4', 'Health watchdog', 'ok', 'telegram'),
        job('f00dfeed0001', 'Mission Control alerts', 'ok', 'telegram'),
      ],
    }),
  );
  const out = join(sshd.chrootDir, 'vijay');
  await mkdir(out, { recursive: true, mode: 0o755 });
  const flags = ['--instance', 'vijay', '--label', 'Vijay (root)', '--hermes-home', fx.hermesHome];
  const install = fx.installDir ? ['--install-dir', fx.installDir] : [];
  // Hermes's cron ran the alerts job (path 1 works), then the exporter's timer wrote the snapshot.
  await execFileP(process.execPath, [BUNDLE, 'alerts', ...flags, ...install, '--out', out]);
  await execFileP(process.execPath, [BUNDLE, 'run', '--once', ...flags, ...install, '--out', out]);
  await chmod(out, 0o755);
}, 60_000);

afterAll(async () => {
  await fx?.close();
  await sshd?.stop();
  await rm(base, { recursive: true, force: true });
});

/** The app core with this delivery choice for vijay: the notifications it shows over two polls. */
async function desktopNotifications(
  name: string,
  choice: 'telegram' | 'both',
): Promise<NotificationToShow[]> {
  const home = join(base, `home-${name}`);
  await writeClientKnownHosts(home, '');
  const configFile = join(base, `config-${name}.json`);
  await writeFile(
    configFile,
    JSON.stringify({
      hosts: [sshdHostEntry(sshd)],
      notifications: { holdPolls: 1, deliveryByInstance: { vijay: choice } },
    }),
  );
  const app = await createAppService({
    configFile,
    dataDir: join(base, `appdata-${name}`),
    env: isolatedHomeEnv(home),
    autoStart: false,
    tailscale: false,
  });
  const shown: NotificationToShow[] = [];
  app.onNotification((n) => shown.push(n));
  try {
    await app.service['poll:refresh'](undefined);
    await app.service['hostkey:decide']({
      hostName: 'test-vm',
      fingerprint: sshd.hostKeyFingerprint,
      accept: true,
    });
    const state = await app.service['poll:refresh'](undefined);
    const vijay = state.instances.find((i) => i.id === 'vijay')!;
    expect(vijay.state).toBe('live');
    expect(vijay.snapshot?.alerts?.hermesCron.job?.name).toBe('Mission Control alerts');
    expect(state.warnings.map((w) => w.id)).toContain(BACKUP_FAILING);
    return shown;
  } finally {
    await app.close();
  }
}

describe('the per-instance delivery choice, against a real VM over SSH', () => {
  it('Telegram only: the desktop does not notify what the VM tells, but still what only it sees', async () => {
    const shown = await desktopNotifications('telegram', 'telegram');
    expect(shown.flatMap((n) => n.warningIds)).not.toContain(BACKUP_FAILING);
    // The unknown host key (the laptop's own view) still notified.
    expect(shown.flatMap((n) => n.warningIds)).toContain('vijay:data.unreachable');
  });

  it('both: the desktop notifies it too', async () => {
    const shown = await desktopNotifications('both', 'both');
    expect(shown.flatMap((n) => n.warningIds)).toContain(BACKUP_FAILING);
  });
});
