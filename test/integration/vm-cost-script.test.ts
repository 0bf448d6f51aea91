/**
 * test/bench/vm-cost.mjs is what the founder runs on the VM to measure issue 2's cost ratios where the naive
 * checks cost what they really cost. It cannot be measured here (no Hermes CLI, systemd not PID 1), so this
 * checks that the script works end to end against a fixture instance: it learns the instance from the
 * exporter's own --print snapshot, runs the naive fan-out with the Hermes CLI calls the old backend made,
 * prints the three medians and both ratios, and writes nothing into the exporter's output folder.
 * (Only its output format is asserted, never a timing.)
 */
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify as toYaml } from 'yaml';
import { buildHermesHome, type HermesHomeFixture } from '../fixtures/hermes-home/build-hermes-home.js';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const script = join(repoRoot, 'test/bench/vm-cost.mjs');
let tmp: string;
let fx: HermesHomeFixture;
let config: string;
let hermesLog: string;
let hermesStandIn: string;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'hmc-vm-cost-'));
  mkdirSync(join(tmp, 'fx'));
  fx = await buildHermesHome(join(tmp, 'fx'));
  hermesLog = join(tmp, 'hermes-calls.log');
  // Records each call (arguments and the HERMES_HOME it was given) the way the real CLI would be called.
  hermesStandIn = join(tmp, 'hermes');
  writeFileSync(hermesStandIn, `#!/bin/sh\necho "$HERMES_HOME $*" >> '${hermesLog}'\n`);
  chmodSync(hermesStandIn, 0o755);
  config = join(tmp, 'bheem.yaml');
  writeFileSync(
    config,
    toYaml({
      instance: { id: 'bheem', label: 'Bheem (uma)' },
      hermesHome: fx.hermesHome,
      installDir: fx.installDir,
      outDir: join(tmp, 'out'),
      systemd: { scope: 'user', gatewayUnit: 'uma-hermes-gateway.service' },
      python: '/usr/bin/python3',
    }),
  );
}, 60_000);

afterAll(async () => {
  await fx?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('vm-cost.mjs (run on the VM to measure the exporter against the naive fan-out)', () => {
  it('prints the medians and both ratios, calls the Hermes CLI per instance, and writes nothing', async () => {
    const bundle = join(repoRoot, 'out/exporter/hermes-exporter.mjs');
    const { stdout } = await run(
      process.execPath,
      [script, '--exporter', bundle, '--config', config, '--runs', '1', '--hermes', hermesStandIn],
      { timeout: 60_000 },
    );
    expect(stdout).toMatch(/^instance bheem /);
    expect(stdout).toMatch(/\(a\) node -e ''\s+\d+\.\d ms/);
    expect(stdout).toMatch(/\(b\) exporter run\s+\d+\.\d ms/);
    expect(stdout).toMatch(/\(c\) naive fan-out\s+\d+\.\d ms\s+[\d.]+ ms\s+\d+ subprocesses/);
    expect(stdout).toMatch(/^b\/a = \d+\.\d\d {2}\(target <= 2\.5: (met|NOT met)\)$/m);
    expect(stdout).toMatch(/^c\/b = \d+\.\d\d {2}\(target >= 5: (met|NOT met)\)$/m);
    expect(stdout).not.toContain('WARNING');
    // The user unit is asked with --user, as the old backend's Bheem check did.
    expect(stdout).toContain('systemctl --user is-active');

    const calls = readFileSync(hermesLog, 'utf8').trim().split('\n');
    // One warm-up plus one measured fan-out, each with the three CLI calls against this instance's home.
    expect(calls).toEqual(
      Array(2)
        .fill(['sessions stats', 'cron list', 'status --all'])
        .flat()
        .map((a) => `${fx.hermesHome} ${a}`),
    );
    expect(existsSync(join(tmp, 'out'))).toBe(false);
  }, 90_000);

  it('says plainly when no Hermes CLI is found, because (c) is then too cheap', async () => {
    const bundle = join(repoRoot, 'out/exporter/hermes-exporter.mjs');
    const { stdout } = await run(
      process.execPath,
      [script, '--exporter', bundle, '--config', config, '--runs', '1'],
      { timeout: 60_000, env: { ...process.env, PATH: '/usr/bin:/bin', HOME: tmp } },
    );
    expect(stdout).toContain('WARNING: no `hermes` CLI found');
  }, 90_000);

  it('refuses to run without the exporter and config, with its usage', async () => {
    await expect(run(process.execPath, [script])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('usage: node vm-cost.mjs --exporter'),
    });
  });
});
