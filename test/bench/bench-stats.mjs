// Small measuring helpers shared by the benches (and by vm-cost.mjs on the VM, so: node built-ins only).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export function median(xs) {
  const s = [...xs].sort((x, y) => x - y);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * CPU of waited-for children (and their waited-for descendants) from /proc/self/stat, in ms. 10 ms ticks,
 * so report it as a mean over all runs; on a shared machine it is steadier than wall time.
 */
export function childCpuMs() {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[13]) + Number(f[14])) * 10;
}

/** Runs node with `args` to completion; wall ms, children's CPU ms and output. Throws on a non-zero exit. */
export function timedNode(args, { env = process.env, cwd } = {}) {
  const c0 = childCpuMs();
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env, maxBuffer: 64 << 20 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { ms, cpu: childCpuMs() - c0, stdout: r.stdout, stderr: r.stderr };
}
