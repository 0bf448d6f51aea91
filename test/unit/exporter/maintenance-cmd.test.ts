// `hermes-exporter maintenance` on a real output folder: the state file it writes (atomically, 0644),
// what the VM's alerts read back from it (held until the end, never by a broken or foreign file), and
// `--for off`. Through the exporter's own `main`, as the bundle dispatches it.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { vmMaintenanceCommand, vmMaintenanceUntil } from '../../../common/maintenance/vm-maintenance-file.js';
import { main, type CliDeps } from '../../../exporter/src/cli.js';

let dir: string;
const now = new Date('2026-06-01T14:00:00Z');
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hmc-vm-maint-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(args: string[], at = now) {
  const out = { stdout: '', stderr: '' };
  const code = await main(
    ['maintenance', ...args],
    { stdout: (t) => (out.stdout += t), stderr: (t) => (out.stderr += t) },
    { clock: () => at } as unknown as CliDeps,
  );
  return { code, ...out };
}

describe('hermes-exporter maintenance', () => {
  it('writes maintenance.json next to the snapshot; the alerts hold until 14:30, then report again', async () => {
    const r = await run(['--instance', 'bheem', '--for', '30m', '--out', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/bheem: maintenance until 2026-06-01T14:30:00.000Z \(30 min\)/);
    const file = join(dir, 'maintenance.json');
    expect((await stat(file)).mode & 0o777).toBe(0o644);
    const text = await readFile(file, 'utf8');
    expect(vmMaintenanceUntil(text, 'bheem', new Date('2026-06-01T14:29:59Z'))).toBe(
      '2026-06-01T14:30:00.000Z',
    );
    expect(vmMaintenanceUntil(text, 'bheem', new Date('2026-06-01T14:30:00Z'))).toBeNull();
    expect(vmMaintenanceUntil(text, 'vijay', now)).toBeNull(); // another instance's file holds nothing
    expect((await run(['--instance', 'bheem', '--status', '--out', dir])).stdout).toBe(
      'bheem: maintenance until 2026-06-01T14:30:00.000Z\n',
    );
    const off = await run(['--instance', 'bheem', '--for', 'off', '--out', dir]);
    expect(off.code).toBe(0);
    await expect(stat(file)).rejects.toThrow();
    expect((await run(['--instance', 'bheem', '--status', '--out', dir])).stdout).toBe(
      'bheem: not in maintenance\n',
    );
  });

  it('a broken or implausible file never silences the alerts', async () => {
    expect(vmMaintenanceUntil('{not json', 'bheem', now)).toBeNull();
    expect(vmMaintenanceUntil(null, 'bheem', now)).toBeNull();
    const forever = JSON.stringify({
      version: 1,
      instanceId: 'bheem',
      startedAt: now.toISOString(),
      until: '2099-01-01T00:00:00Z',
      by: 'someone',
    });
    await writeFile(join(dir, 'maintenance.json'), forever);
    expect(vmMaintenanceUntil(forever, 'bheem', now)).toBeNull();
    expect((await run(['--instance', 'bheem', '--status', '--out', dir])).stdout).toBe(
      'bheem: not in maintenance\n',
    );
  });

  it('refuses bad arguments (exit 2) and a missing output folder (exit 1), writing nothing', async () => {
    expect((await run(['--for', '30m', '--out', dir])).code).toBe(2);
    expect((await run(['--instance', 'bheem', '--for', '3 days', '--out', dir])).code).toBe(2);
    expect((await run(['--instance', 'bheem', '--for', '13h', '--out', dir])).code).toBe(2);
    const missing = await run(['--instance', 'bheem', '--for', '30m', '--out', join(dir, 'nope')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no output folder/);
    expect((await run(['--help'])).stdout).toMatch(/^Usage: hermes-exporter maintenance/);
  });

  it('the command the app shows: as the instance user, quoted, or none for a user name that is not safe', () => {
    expect(vmMaintenanceCommand('bheem', 30, 'uma')).toBe(
      'sudo -u uma node /usr/local/lib/hermes-exporter/hermes-exporter.mjs maintenance --instance bheem --for 30m',
    );
    expect(vmMaintenanceCommand('vijay', null, 'root')).toBe(
      'node /usr/local/lib/hermes-exporter/hermes-exporter.mjs maintenance --instance vijay --for off',
    );
    expect(vmMaintenanceCommand('bheem', 30, 'uma; rm -rf /')).toBeNull();
  });
});
