/**
 * `hermes-mc incidents` through the BUILT bundle (vitest's global setup builds it) on a fixture data
 * folder written by the real incident log: polls where a warning began and ended and the data went stale,
 * and a night of exporter history where Bheem's gateway went down and came back. Piped, so not a TTY.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident } from '../../common/incidents/incident-types.js';
import type { InstanceStatus } from '../../common/model/instance-status.js';
import type { Warning } from '../../common/model/warning.js';
import { openIncidentLog } from '../../main/core/history/incident-log.js';

const CLI = join(process.cwd(), 'out/cli/hermes-mc.mjs');
let home: string;

function run(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [CLI, 'incidents', ...args],
      {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: home,
          XDG_DATA_HOME: join(home, 'data'),
          TZ: 'UTC',
          ...env,
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

// Recorded relative to the real clock: the built CLI reads "now" from the machine.
const NOW = Date.now();
const ago = (min: number) => new Date(NOW - min * 60_000);
const inst = (id: string, state: InstanceStatus['state']) => ({ id, state, reason: null }) as InstanceStatus;
const warning: Warning = {
  id: 'bheem:cron.failed',
  instanceId: 'bheem',
  check: 'cron.failed',
  severity: 'warning',
  // A job name from the VM that tries to clear the screen and retitle the terminal.
  title: 'Cron job "\x1b[2J\x1b]0;pwned\x07nightly" failed',
  facts: ['exit 1'],
  since: null,
  status: 'active',
  commands: [],
};

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'hmc-incidents-'));
  const log = await openIncidentLog({
    dir: join(home, 'data', 'hermes-mission-control', 'fleet', 'incidents'),
  });
  await log.recordPoll([inst('vijay', 'live'), inst('bheem', 'live')], [], ago(3 * 24 * 60));
  await log.recordPoll([inst('vijay', 'live'), inst('bheem', 'live')], [warning], ago(2 * 24 * 60));
  await log.recordPoll([inst('vijay', 'live'), inst('bheem', 'live')], [], ago(2 * 24 * 60 - 25));
  await log.recordPoll([inst('vijay', 'stale'), inst('bheem', 'live')], [], ago(90));
  await log.recordPoll([inst('vijay', 'live'), inst('bheem', 'live')], [], ago(60));
  const t = (min: number) => Math.floor(ago(min).getTime() / 1000);
  await log.recordHistory('bheem', [
    { t: t(300), v: { gatewayUp: 1, restarts1h: 0 } },
    { t: t(299), v: { gatewayUp: 0, restarts1h: 1 } },
    { t: t(298), v: { gatewayUp: 0, restarts1h: 1 } },
    { t: t(295), v: { gatewayUp: 1, restarts1h: 1 } },
    { t: t(294), v: { gatewayUp: 1, restarts1h: 1 } },
  ]);
  await log.flush();
});
afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('hermes-mc incidents (built bundle)', () => {
  it('prints each instance’s incidents newest first with durations, inert, within 80 columns', async () => {
    const { code, stdout } = await run([]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Incidents since .* \(7 d\)/);
    const lines = stdout.trimEnd().split('\n');
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(80);
    const bheem = lines.findIndex((l) => l.startsWith('bheem'));
    const vijay = lines.findIndex((l) => l.startsWith('vijay'));
    expect(bheem).toBeGreaterThan(0);
    expect(vijay).toBeGreaterThan(0);
    expect(stdout).toMatch(/event\s+WARNING\s+Gateway restarted \(was down\)/);
    expect(stdout).toMatch(/4 min\s+CRITICAL\s+Gateway down/);
    expect(stdout).toMatch(/25 min\s+WARNING\s+Cron job "\\x1B\[2J\\x1B\]0;pwned\\x07nightly" failed/);
    expect(stdout).toMatch(/30 min\s+WARNING\s+Data stale \(exporter not writing\)/);
    expect(stdout).not.toContain('\x1b');
    expect(stdout).not.toContain('\x07');
    // Newest first within an instance: the restart (5 h ago) before the cron failure (2 d ago).
    const restart = lines.findIndex((l) => l.includes('Gateway restarted'));
    const cron = lines.findIndex((l) => l.includes('Cron job'));
    expect(restart).toBeLessThan(cron);
  });

  it('--json carries the same incidents; --since, --instance and --kind narrow them', async () => {
    const all = JSON.parse((await run(['--json'])).stdout) as { sinceSeconds: number; incidents: Incident[] };
    expect(all.sinceSeconds).toBe(7 * 86400);
    expect(all.incidents.map((i) => i.kind).sort()).toEqual(['data', 'gateway', 'restart', 'warning']);
    const gw = all.incidents.find((i) => i.kind === 'gateway')!;
    expect(gw).toMatchObject({
      instanceId: 'bheem',
      durationSeconds: 240,
      ongoing: false,
      source: 'exporter',
    });
    expect(gw.restartClass).toBeNull();

    const day = JSON.parse((await run(['--json', '--since', '24h'])).stdout) as { incidents: Incident[] };
    expect(day.incidents.map((i) => i.kind).sort()).toEqual(['data', 'gateway', 'restart']);
    const vijay = JSON.parse((await run(['--json', '--instance', 'vijay'])).stdout) as {
      incidents: Incident[];
    };
    expect(vijay.incidents.map((i) => i.title)).toEqual(['Data stale (exporter not writing)']);
    const kinds = JSON.parse((await run(['--json', '--kind', 'restart', '--kind', 'gateway'])).stdout) as {
      incidents: Incident[];
    };
    expect(kinds.incidents.map((i) => i.kind)).toEqual(['restart', 'gateway']);
  });

  it('says plainly when nothing is recorded on this machine (69), and refuses bad arguments (64)', async () => {
    const none = await run([], { XDG_DATA_HOME: join(home, 'empty') });
    expect(none.code).toBe(69);
    expect(none.stderr).toMatch(/no incident log in .*empty/);
    const since = await run(['--since', 'forever']);
    expect(since.code).toBe(64);
    expect(since.stderr).toMatch(/--since forever/);
    const kind = await run(['--kind', 'sunspots']);
    expect(kind.code).toBe(64);
    expect(kind.stderr).toMatch(/one of warning, data, gateway, restart, cron, backup, maintenance/);
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    for (const l of help.stdout.split('\n')) expect(l.length).toBeLessThanOrEqual(80);
  });

  it('--demo shows the demo fleet’s week, labelled as demo, with a restart’s class', async () => {
    const { code, stdout } = await run(['--demo']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Bheem \(uma\) · demo/);
    expect(stdout).toMatch(/Gateway restarted \(was down\) \[crash\]/);
  });
});
