/**
 * The BUILT `out/cli/hermes-mc.mjs` (vitest's global setup builds it), run as a real subprocess with a
 * throwaway HOME, piped (so not a TTY).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CLI = join(process.cwd(), 'out/cli/hermes-mc.mjs');
let home: string;

function run(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { env: { PATH: process.env.PATH ?? '', HOME: home, ...env }, timeout: 20_000 },
      (err, stdout, stderr) => {
        const code = err ? ((err as { code?: number }).code ?? 1) : 0;
        resolve({ code: typeof code === 'number' ? code : 1, stdout, stderr });
      },
    );
  });
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'hmc-cli-home-'));
});
afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('hermes-mc (built bundle)', () => {
  it('status --demo --json prints both demo instances in the documented shape; exit code says Bheem needs attention', async () => {
    const { code, stdout } = await run(['status', '--demo', '--json']);
    const doc = JSON.parse(stdout) as { demo: boolean; instances: Record<string, unknown>[] };
    expect(doc.demo).toBe(true);
    expect(doc.instances.map((i) => i['id'])).toEqual(['vijay', 'bheem']);
    for (const i of doc.instances) {
      for (const key of ['id', 'label', 'state', 'reason', 'generatedAt', 'fetchedAt', 'snapshot'])
        expect(i).toHaveProperty(key);
      expect(i['state']).toBe('live');
      expect(String(i['label'])).toMatch(/demo/);
    }
    // Bheem carries warnings (failing cron job, backup timer inactive…): degraded, not healthy.
    expect(code).toBe(1);
  });

  it('with no config file at all, shows the demo fleet, clearly labelled, with no colour codes when piped', async () => {
    const { stdout } = await run(['status']);
    expect(stdout).toMatch(/DEMO FLEET/);
    expect(stdout).toMatch(/Vijay \(root\) · demo\s+OK\s+live/);
    expect(stdout).not.toContain('\x1b[');
  });

  it('stays colourless with NO_COLOR even on a colour-capable TERM', async () => {
    const { stdout } = await run(['status', '--demo'], { NO_COLOR: '1', TERM: 'xterm-256color' });
    expect(stdout).not.toContain('\x1b[');
  });

  it('refuses a config with a bad field, naming the field and the file (config error, 78)', async () => {
    const file = join(home, 'bad-config.json');
    await writeFile(
      file,
      JSON.stringify({
        hosts: [
          {
            name: 'vm',
            host: '127.0.0.1',
            port: 'twenty-two',
            user: 'root',
            instances: [{ id: 'vijay', label: 'Vijay' }],
          },
        ],
      }),
    );
    const { code, stdout, stderr } = await run(['status', '--config', file]);
    expect(code).toBe(78);
    expect(stderr).toContain(file);
    expect(stderr).toMatch(/hosts\[0\]\.port/);
    expect(stdout).not.toMatch(/DEMO FLEET/);
  });

  it('says which command it does not know, and lists the ones it does', async () => {
    const { code, stderr } = await run(['stauts']);
    expect(code).toBe(64);
    expect(stderr).toMatch(/unknown command "stauts"/);
    expect(stderr).toMatch(/status\s+Show the verdict and health/);
  });
});
