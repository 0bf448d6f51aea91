import { mkdir, mkdtemp, rm, stat, statfs, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { NetworkInterfaceInfo } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collectHost,
  mountPointOf,
  tailscaleAddress,
  type HostDeps,
} from '../../../exporter/src/collect/host.js';
import { makeContext } from '../../fixtures/system/context.js';

const MEMINFO = `MemTotal:        8036884 kB
MemFree:          512000 kB
MemAvailable:     1607376 kB
Buffers:          102400 kB
`;

function iface(address: string, family: 'IPv4' | 'IPv6' = 'IPv4'): NetworkInterfaceInfo {
  return family === 'IPv4'
    ? {
        address,
        family,
        netmask: '255.255.255.0',
        mac: '00:00:00:00:00:00',
        internal: false,
        cidr: `${address}/24`,
      }
    : {
        address,
        family,
        netmask: 'ffff::',
        mac: '00:00:00:00:00:00',
        internal: false,
        cidr: `${address}/64`,
        scopeid: 0,
      };
}

const VM_INTERFACES = {
  lo: [iface('127.0.0.1')],
  eth0: [iface('93.184.14.78'), iface('2001:db8::5', 'IPv6')],
  docker0: [iface('172.17.0.1')],
  tailscale0: [iface('100.87.53.10'), iface('fd7a:115c:a1e0::1', 'IPv6')],
};

let tmp: string;
let procRoot: string;
let hermesHome: string;
let dockerServer: Server;
let dockerSocket: string;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'hmc-host-'));
  procRoot = join(tmp, 'proc');
  hermesHome = join(tmp, 'root-home', '.hermes');
  await mkdir(join(procRoot, 'self'), { recursive: true });
  await mkdir(hermesHome, { recursive: true });
  await writeFile(join(procRoot, 'meminfo'), MEMINFO);
  await writeFile(join(procRoot, 'loadavg'), '0.52 0.61 0.70 2/431 12345\n');
  await writeFile(join(procRoot, 'uptime'), '351234.56 700000.12\n');
  await writeFile(
    join(procRoot, 'self', 'mountinfo'),
    '22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n' +
      `40 22 0:40 / ${tmp.replace(/ /g, '\\040')} rw shared:20 - tmpfs tmpfs rw\n`,
  );
  dockerSocket = join(tmp, 'docker.sock');
  dockerServer = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify([{ Names: ['/caddy'], State: 'running', Status: 'Up 2 hours' }]));
  });
  await new Promise<void>((resolve) => dockerServer.listen(dockerSocket, resolve));
});
afterAll(async () => {
  await new Promise<void>((resolve) => dockerServer.close(() => resolve()));
  await rm(tmp, { recursive: true, force: true });
});

const deps: HostDeps = { networkInterfaces: () => VM_INTERFACES, cpuCount: () => 4, dockerTimeoutMs: 1000 };

function hostContext(
  extra: { disks?: string[]; containers?: string[]; socket?: string; proc?: string } = {},
) {
  return makeContext(
    {
      hermesHome,
      host_probes: {
        enabled: true,
        disks: extra.disks ?? [],
        containers: extra.containers ?? ['caddy', 'gitea-npm-registry'],
        dockerSocket: extra.socket ?? dockerSocket,
      },
    },
    { procRoot: extra.proc ?? procRoot },
  );
}

describe('host collector', () => {
  it('reports disks, memory, load, uptime, CPUs, the Tailscale IPv4 and the named containers', async () => {
    const result = await collectHost(hostContext({ disks: ['/'] }), deps);
    expect(result!.host.problems).toEqual([]);
    const host = result!.host.value;
    expect(host.memory).toEqual({
      totalBytes: 8036884 * 1024,
      availableBytes: 1607376 * 1024,
      availablePct: 20,
    });
    expect(host.load).toEqual([0.52, 0.61, 0.7]);
    expect(host.uptimeSeconds).toBe(351234.56);
    expect(host.cpuCount).toBe(4);
    expect(host.tailscaleIPv4).toBe('100.87.53.10');
    expect(host.containers).toEqual([
      { name: 'caddy', running: true, status: 'Up 2 hours' },
      { name: 'gitea-npm-registry', running: false, status: 'not found' },
    ]);
    expect(result!.docker!.problems).toEqual([]);

    // `/` listed twice (default and config) is one disk; the home is its own entry only on another filesystem.
    const sameFs = (await stat('/')).dev === (await stat(hermesHome)).dev;
    expect(host.disks).toHaveLength(sameFs ? 1 : 2);
    const root = host.disks.find((d) => d.label.split(', ').includes('root'))!;
    expect(root.mount).toBe('/');
    const real = await statfs('/');
    expect(root.totalBytes).toBe(real.blocks * real.bsize);
    expect(root.freeBytes).toBeGreaterThan(0);
    expect(root.usedPct).toBeGreaterThan(0);
    expect(root.usedPct).toBeLessThanOrEqual(100);
    const home = host.disks.find((d) => d.label.split(', ').includes('hermes-home'))!;
    expect(home.mount).toBe(sameFs ? '/' : tmp);
  });

  it('keeps what it could read and names what it could not', async () => {
    const sparse = join(tmp, 'sparse-proc');
    await mkdir(sparse, { recursive: true });
    await writeFile(join(sparse, 'uptime'), '10.00 5.00\n');
    const result = await collectHost(
      hostContext({ proc: sparse, disks: [join(tmp, 'no-such-mount')], socket: join(tmp, 'none.sock') }),
      deps,
    );
    const host = result!.host.value;
    expect(host.uptimeSeconds).toBe(10);
    expect(host.memory).toBeNull();
    expect(host.load).toBeNull();
    expect(host.disks.length).toBeGreaterThanOrEqual(1); // `/` still reported
    expect(result!.host.problems.some((p) => p.startsWith('meminfo'))).toBe(true);
    expect(result!.host.problems.some((p) => p.includes('no-such-mount: ENOENT'))).toBe(true);
    // Docker unusable → unknown, with its own reason.
    expect(host.containers.every((c) => c.running === null)).toBe(true);
    expect(result!.docker!.problems[0]).toContain('ENOENT');
  });

  it('is not collected at all unless host probes are enabled', async () => {
    expect(await collectHost(makeContext({}), deps)).toBeNull();
  });

  it('prefers tailscale0 and ignores addresses outside 100.64.0.0/10', () => {
    expect(
      tailscaleAddress({
        eth0: [iface('100.128.0.1')],
        wg0: [iface('100.101.0.2')],
        tailscale0: [iface('100.64.0.9')],
      }),
    ).toBe('100.64.0.9');
    expect(tailscaleAddress({ eth0: [iface('100.128.0.1')], wg0: [iface('100.101.0.2')] })).toBe(
      '100.101.0.2',
    );
    expect(tailscaleAddress({ eth0: [iface('10.0.0.5')] })).toBeNull();
  });

  it('finds the mount point containing a path', () => {
    const mounts = ['/', '/home', '/home/uma/data', '/var'];
    expect(mountPointOf('/home/uma/.hermes', mounts)).toBe('/home');
    expect(mountPointOf('/home/uma/data', mounts)).toBe('/home/uma/data');
    expect(mountPointOf('/homework', mounts)).toBe('/');
    expect(mountPointOf('/root/.hermes', [])).toBe('/');
  });
});
