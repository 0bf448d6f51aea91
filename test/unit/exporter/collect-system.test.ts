import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectSystem, type SystemDeps } from '../../../exporter/src/collect/system.js';
import type { ExecFn, ExporterState } from '../../../exporter/src/collect/context.js';
import {
  backupSchema,
  dashboardSchema,
  hostSchema,
  systemdSchema,
} from '../../../common/contract/snapshot.js';
import {
  buildBackupRepo,
  CANARY_GITHUB,
  CANARY_TELEGRAM,
} from '../../fixtures/system/backup-repo-fixture.js';
import { FIXED_NOW, makeContext } from '../../fixtures/system/context.js';
import { writeFakeSystemctl } from '../../fixtures/system/fake-systemctl.js';
import { realExec, recordingExec } from '../../fixtures/system/real-exec.js';

const SYSTEM_OUTPUT = fileURLToPath(
  new URL('../../fixtures/system/systemctl-show-system.txt', import.meta.url),
);

let tmp: string;
let procRoot: string;
let bin: string;
let repo: string;
let dockerSocket: string;
let docker: Server;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'hmc-system-'));
  procRoot = join(tmp, 'proc');
  await mkdir(join(procRoot, 'net'), { recursive: true });
  await mkdir(join(procRoot, 'self'), { recursive: true });
  await writeFile(
    join(procRoot, 'net', 'tcp'),
    '  sl  local_address rem_address   st\n   0: 0A355764:239F 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1 1\n',
  );
  await writeFile(join(procRoot, 'meminfo'), 'MemTotal: 4000000 kB\nMemAvailable: 1000000 kB\n');
  await writeFile(join(procRoot, 'loadavg'), '0.10 0.20 0.30 1/100 1\n');
  await writeFile(join(procRoot, 'uptime'), '1000.00 1500.00\n');
  await writeFile(join(procRoot, 'self', 'mountinfo'), '22 1 8:1 / / rw - ext4 /dev/sda1 rw\n');
  bin = join(tmp, 'bin');
  await writeFakeSystemctl(bin, SYSTEM_OUTPUT, join(tmp, 'systemctl.log'));
  repo = (await buildBackupRepo(join(tmp, 'git'))).repo;
  dockerSocket = join(tmp, 'docker.sock');
  docker = createServer((_req, res) =>
    res.end(JSON.stringify([{ Names: ['/caddy'], State: 'running', Status: 'Up' }])),
  );
  await new Promise<void>((resolve) => docker.listen(dockerSocket, resolve));
});
afterAll(async () => {
  await new Promise<void>((resolve) => docker.close(() => resolve()));
  await rm(tmp, { recursive: true, force: true });
});

const deps: Partial<SystemDeps> = {
  systemd: { clock: () => ({ now: FIXED_NOW, monotonicUs: 1000e6 }), uid: 0 },
  host: { networkInterfaces: () => ({}), cpuCount: () => 2, dockerTimeoutMs: 1000 },
};

function vijay(exec: ExecFn, state: ExporterState, proc = procRoot) {
  return makeContext(
    {
      hermesHome: tmp,
      systemd: {
        scope: 'system',
        gatewayUnit: 'hermes-gateway.service',
        dashboardUnit: 'hermes-root-dashboard.service',
        backupTimer: 'hermes-root-backup.timer',
        watchdogUnit: 'hermes-watchdog.service',
        emergencyUploadTimer: 'hermes-emergency-drive-upload.timer',
        extraUnits: ['caddy-legacy.service'],
      },
      dashboard: { port: 9119 },
      backup: { repo },
      host_probes: { enabled: true, disks: [], containers: ['caddy'], dockerSocket },
    },
    { exec, state, procRoot: proc, env: { PATH: `${bin}:${process.env.PATH}` } },
  );
}

describe('collectSystem', () => {
  it('collects everything with two subprocesses per run once the backup HEAD is cached', async () => {
    const state: ExporterState = {};
    await collectSystem(vijay(realExec(), state), deps);
    const persisted = JSON.parse(JSON.stringify(state)) as ExporterState;

    const { exec, calls } = recordingExec(realExec());
    const result = await collectSystem(vijay(exec, persisted), deps);

    expect(
      calls.map((c) => `${c.file} ${c.args.find((a) => a === 'show' || a === 'status')}`).sort(),
    ).toEqual(['git status', 'systemctl show']);
    expect(result.probes.map((p) => [p.name, p.ok, p.error])).toEqual([
      ['systemd', true, null],
      ['dashboard', true, null],
      ['backup', true, null],
      ['host', true, null],
      ['host.docker', true, null],
    ]);
    // Every part satisfies the snapshot contract.
    systemdSchema.parse(result.systemd);
    dashboardSchema.parse(result.dashboard);
    backupSchema.parse(result.backup);
    hostSchema.parse(result.host);
    expect(result.systemd.units).toHaveLength(6);
    expect(result.dashboard.exposure).toBe('tailscale');
    expect(result.backup!.secretScan!.hits.length).toBeGreaterThan(0);
    expect(result.host!.containers).toEqual([{ name: 'caddy', running: true, status: 'Up' }]);
    const text = JSON.stringify(result);
    expect(text).not.toContain(CANARY_TELEGRAM);
    expect(text).not.toContain(CANARY_GITHUB);
  });

  it('never throws: a broken exec and a missing /proc give nulls and failed probes', async () => {
    const broken: ExecFn = async () => {
      throw new Error('spawn EAGAIN');
    };
    const result = await collectSystem(vijay(broken, {}, join(tmp, 'no-proc')), deps);

    const probes = Object.fromEntries(result.probes.map((p) => [p.name, p]));
    expect(probes.systemd).toMatchObject({
      ok: false,
      error: 'systemctl show (system manager): spawn EAGAIN',
    });
    expect(probes.backup).toMatchObject({ ok: false, error: 'spawn EAGAIN' });
    expect(probes.dashboard!.ok).toBe(false);
    expect(probes.host!.ok).toBe(false);
    expect(result.systemd.units.map((u) => u.activeState)).toEqual([null, null, null, null, null, null]);
    expect(result.dashboard).toEqual({ port: 9119, bindings: [], exposure: null });
    expect(result.backup).toMatchObject({ repoPath: repo, head: null, dirty: null, secretScan: null });
    expect(result.host!.memory).toBeNull();
  });

  it('records no probe and starts no subprocess for what is not configured', async () => {
    const { exec, calls } = recordingExec(realExec());
    const result = await collectSystem(makeContext({}, { exec }), deps);
    expect(calls).toEqual([]);
    expect(result).toEqual({
      systemd: { scope: 'system', units: [] },
      dashboard: { port: null, bindings: [], exposure: null },
      backup: null,
      host: null,
      probes: [],
    });
  });
});
