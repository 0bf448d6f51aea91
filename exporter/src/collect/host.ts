/**
 * Host collector (only where config.host_probes.enabled, i.e. the root exporter): disk use of `/`, of the
 * Hermes home's filesystem and of configured mounts (one entry per filesystem), memory available, load,
 * uptime, CPU count, the Tailscale IPv4 and the named Docker containers. No subprocess: statfs, /proc,
 * os.networkInterfaces() and the Docker socket.
 */
import { readFile, stat, statfs } from 'node:fs/promises';
import os from 'node:os';
import { join, resolve } from 'node:path';
import type { HostInfo } from '../../../common/contract/snapshot.js';
import type { CollectContext } from './context.js';
import { collectContainers } from './docker.js';
import { classifyIPv4, parseIPv4 } from './lib/ip-address.js';
import type { PartialResult } from './lib/partial-probe.js';

export interface HostDeps {
  networkInterfaces: () => NodeJS.Dict<os.NetworkInterfaceInfo[]>;
  cpuCount: () => number;
  dockerTimeoutMs: number;
}

export const defaultHostDeps: HostDeps = {
  networkInterfaces: () => os.networkInterfaces(),
  cpuCount: () =>
    typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length,
  dockerTimeoutMs: 2000,
};

type Disk = HostInfo['disks'][number];

/** Host info, plus the container probe's problems kept apart (they get their own probe). */
export interface HostResult {
  host: PartialResult<HostInfo>;
  docker: PartialResult<HostInfo['containers']> | null;
}

export async function collectHost(
  ctx: CollectContext,
  deps: HostDeps = defaultHostDeps,
): Promise<HostResult | null> {
  const cfg = ctx.config.host_probes;
  if (!cfg.enabled) return null;
  const problems: string[] = [];
  const soft = async <T>(what: string, fn: () => Promise<T>): Promise<T | null> => {
    try {
      return await fn();
    } catch (err) {
      problems.push(
        `${what}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`.slice(0, 160),
      );
      return null;
    }
  };

  const targets = [
    { path: '/', label: 'root' },
    { path: ctx.hermesHome, label: 'hermes-home' },
    ...cfg.disks.map((d) => ({ path: d, label: d })),
  ];
  const [disks, memory, load, uptime, docker] = await Promise.all([
    readDisks(ctx.procRoot, targets, problems),
    soft('meminfo', () => readMemory(ctx.procRoot)),
    soft('loadavg', () => readLoad(ctx.procRoot)),
    soft('uptime', () => readUptime(ctx.procRoot)),
    cfg.containers.length > 0
      ? collectContainers(cfg.dockerSocket, cfg.containers, deps.dockerTimeoutMs)
      : null,
  ]);
  const cpuCount = await soft('cpu count', async () => deps.cpuCount());
  const tailscaleIPv4 = await soft('interfaces', async () => tailscaleAddress(deps.networkInterfaces()));

  return {
    host: {
      value: {
        disks,
        memory,
        load,
        uptimeSeconds: uptime,
        cpuCount: cpuCount !== null && cpuCount > 0 ? cpuCount : null,
        tailscaleIPv4,
        containers: docker?.value ?? [],
      },
      problems,
    },
    docker,
  };
}

/** statfs each target, one entry per filesystem (same device → labels merged). */
async function readDisks(
  procRoot: string,
  targets: { path: string; label: string }[],
  problems: string[],
): Promise<Disk[]> {
  const mounts = await readMountPoints(procRoot).catch(() => [] as string[]);
  const byDevice = new Map<number, Disk & { labels: string[] }>();
  const results = await Promise.all(
    targets.map(async (t) => {
      try {
        const [st, fsInfo] = await Promise.all([stat(t.path), statfs(t.path)]);
        return { t, dev: st.dev, fsInfo };
      } catch (err) {
        problems.push(`statfs ${t.label}: ${(err as NodeJS.ErrnoException).code ?? 'failed'}`);
        return null;
      }
    }),
  );
  for (const r of results) {
    if (!r) continue;
    const existing = byDevice.get(r.dev);
    if (existing) {
      if (!existing.labels.includes(r.t.label)) existing.labels.push(r.t.label);
      continue;
    }
    const { bsize, blocks, bfree, bavail } = r.fsInfo;
    const used = (blocks - bfree) * bsize;
    const avail = bavail * bsize;
    byDevice.set(r.dev, {
      mount: mountPointOf(resolve(r.t.path), mounts),
      label: r.t.label,
      labels: [r.t.label],
      totalBytes: blocks * bsize,
      freeBytes: avail,
      // As df computes Use%: space reserved for root counts neither as used nor as available.
      usedPct: used + avail > 0 ? Math.round((used / (used + avail)) * 1000) / 10 : 0,
    });
  }
  return [...byDevice.values()].map(({ labels, ...disk }) => ({ ...disk, label: labels.join(', ') }));
}

/** Mount points from <procRoot>/self/mountinfo (field 5, octal escapes decoded). */
async function readMountPoints(procRoot: string): Promise<string[]> {
  const text = await readFile(join(procRoot, 'self', 'mountinfo'), 'utf8');
  return text
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((m): m is string => !!m)
    .map((m) => m.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8))));
}

/** The longest mount point containing `path` ('/' when mountinfo is unavailable). */
export function mountPointOf(path: string, mounts: string[]): string {
  let best = '/';
  for (const m of mounts) {
    const inside = m === '/' || path === m || path.startsWith(`${m}/`);
    if (inside && m.length > best.length) best = m;
  }
  return best;
}

async function readMemory(procRoot: string): Promise<HostInfo['memory']> {
  const text = await readFile(join(procRoot, 'meminfo'), 'utf8');
  const kb = (key: string) => {
    const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text);
    return m ? Number(m[1]) * 1024 : null;
  };
  const total = kb('MemTotal');
  const available = kb('MemAvailable');
  if (total === null || available === null || total <= 0) throw new Error('MemTotal/MemAvailable missing');
  return {
    totalBytes: total,
    availableBytes: available,
    availablePct: Math.round((available / total) * 1000) / 10,
  };
}

async function readLoad(procRoot: string): Promise<[number, number, number]> {
  const parts = (await readFile(join(procRoot, 'loadavg'), 'utf8'))
    .trim()
    .split(/\s+/)
    .slice(0, 3)
    .map(Number);
  if (parts.length !== 3 || parts.some((n) => !Number.isFinite(n))) throw new Error('unparseable');
  return [parts[0]!, parts[1]!, parts[2]!];
}

async function readUptime(procRoot: string): Promise<number> {
  const first = Number((await readFile(join(procRoot, 'uptime'), 'utf8')).trim().split(/\s+/)[0]);
  if (!Number.isFinite(first) || first < 0) throw new Error('unparseable');
  return first;
}

/** The IPv4 in 100.64.0.0/10 on tailscale0, else on any interface; null when there is none. */
export function tailscaleAddress(ifaces: NodeJS.Dict<os.NetworkInterfaceInfo[]>): string | null {
  const candidates: { name: string; address: string }[] = [];
  for (const [name, addrs] of Object.entries(ifaces)) {
    for (const a of addrs ?? []) {
      if (a.family !== 'IPv4') continue;
      const bytes = parseIPv4(a.address);
      if (bytes && classifyIPv4(bytes) === 'tailscale') candidates.push({ name, address: a.address });
    }
  }
  return (candidates.find((c) => c.name === 'tailscale0') ?? candidates[0])?.address ?? null;
}
