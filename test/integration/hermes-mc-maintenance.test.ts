/**
 * `hermes-mc maintenance` through the BUILT bundle with a throwaway HOME and data folder: starting,
 * listing and ending a window, the file the running app reads, the VM command it prints (never runs),
 * and its refusals. Piped, so not a TTY.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CLI = join(process.cwd(), 'out/cli/hermes-mc.mjs');
let home: string;

function run(args: string[]) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [CLI, 'maintenance', ...args],
      {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: home,
          XDG_DATA_HOME: join(home, 'data'),
          XDG_CONFIG_HOME: join(home, 'config'),
          TZ: 'UTC',
        },
        timeout: 20_000,
      },
      (err, stdout, stderr) => {
        const code = err ? ((err as { code?: number }).code ?? 1) : 0;
        resolve({ code: typeof code === 'number' ? code : 1, stdout, stderr });
      },
    );
  });
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'hmc-maint-cli-'));
});
afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('hermes-mc maintenance (built bundle)', () => {
  it('starts a 30 min window the app will read, prints until when and the VM command, lists it, and ends it', async () => {
    const before = Date.now();
    const r = await run(['--demo', 'bheem', '30m']);
    const after = Date.now();
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Bheem \(uma\) · demo: maintenance until \d\d:\d\d\./);
    expect(r.stdout).toContain(
      'node /usr/local/lib/hermes-exporter/hermes-exporter.mjs maintenance --instance bheem --for 30m',
    );
    for (const l of r.stdout.split('\n')) expect([...l].length).toBeLessThanOrEqual(100);
    const file = JSON.parse(
      await readFile(join(home, 'data', 'hermes-mission-control', 'demo', 'maintenance.json'), 'utf8'),
    ) as { windows: Record<string, { until: string; source: string }> };
    const until = Date.parse(file.windows['bheem']!.until);
    // 30 min from the moment the command ran, which lies between the two readings around it (however long
    // a loaded machine took to start it); the second below allows for a time cut to the second.
    expect(until).toBeGreaterThanOrEqual(before + 30 * 60_000 - 1000);
    expect(until).toBeLessThanOrEqual(after + 30 * 60_000);
    expect(file.windows['bheem']!.source).toBe('cli');

    // `hermes-mc status` says so beside Bheem's verdict.
    const status = await new Promise<string>((resolve) =>
      execFile(
        process.execPath,
        [CLI, 'status', '--demo'],
        { env: { PATH: process.env.PATH ?? '', HOME: home, XDG_DATA_HOME: join(home, 'data'), TZ: 'UTC' } },
        (_err, stdout) => resolve(stdout),
      ),
    );
    expect(status).toMatch(/^Bheem \(uma\) · demo: maintenance until \d\d:\d\d \(notifications held\)/m);

    const listed = await run(['--demo']);
    expect(listed.stdout).toMatch(
      /^Bheem \(uma\) · demo: maintenance until \d\d:\d\d \(from the terminal\)$/m,
    );
    const json = JSON.parse((await run(['--demo', '--json'])).stdout) as {
      maintenance: Record<string, unknown>;
    };
    expect(Object.keys(json.maintenance)).toEqual(['bheem']);

    const off = await run(['--demo', 'bheem', 'off']);
    expect(off.code).toBe(0);
    expect(off.stdout).toMatch(/maintenance ended/);
    expect(off.stdout).toContain('--instance bheem --for off');
    expect((await run(['--demo'])).stdout).toBe('No instance is in maintenance.\n');
  });

  it('refuses an instance not in the fleet, a bad duration and a missing one (64); an invalid config (78)', async () => {
    const nobody = await run(['--demo', 'nobody', '30m']);
    expect(nobody.code).toBe(64);
    expect(nobody.stderr).toMatch(/no instance "nobody" in this fleet \(vijay, bheem\)/);
    expect((await run(['--demo', 'bheem', '3 days'])).code).toBe(64);
    expect((await run(['--demo', 'bheem', '13h'])).code).toBe(64);
    expect((await run(['--demo', 'bheem'])).stderr).toMatch(/give a duration after bheem/);
    const bad = join(home, 'bad.json');
    await writeFile(bad, '{"hosts": 7}');
    const config = await run(['--config', bad, 'vijay', '30m']);
    expect(config.code).toBe(78);
    expect(config.stderr).toMatch(/bad\.json/);
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    for (const l of help.stdout.split('\n')) expect(l.length).toBeLessThanOrEqual(80);
  });
});
