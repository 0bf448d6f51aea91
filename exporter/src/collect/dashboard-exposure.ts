/**
 * Private-dashboard exposure: which addresses the dashboard port is bound to, read from
 * <procRoot>/net/tcp and tcp6 (no `ss` subprocess). A public or wildcard bind is the seeds' hardest
 * guardrail; the expected binding is the Tailscale address (or loopback behind a tunnel).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DashboardInfo } from '../../../common/contract/snapshot.js';
import type { CollectContext } from './context.js';
import { worstExposure } from './lib/ip-address.js';
import type { PartialResult } from './lib/partial-probe.js';
import { parseListeners, type ListenBinding } from './lib/proc-net-tcp.js';

/** The value when nothing could be read: port known, exposure unknown. */
export function unknownDashboard(port: number | null): DashboardInfo {
  return { port, bindings: [], exposure: null };
}

/**
 * Reads the bindings of config.dashboard.port. Either table may be missing (IPv6 disabled); both
 * missing means exposure unknown (null), never a guessed `none`.
 */
export async function collectDashboardExposure(ctx: CollectContext): Promise<PartialResult<DashboardInfo>> {
  const port = ctx.config.dashboard?.port ?? null;
  if (port === null) return { value: unknownDashboard(null), problems: [] };

  const tables = [
    { file: join(ctx.procRoot, 'net', 'tcp'), family: 'ipv4' as const },
    { file: join(ctx.procRoot, 'net', 'tcp6'), family: 'ipv6' as const },
  ];
  const reads = await Promise.all(
    tables.map(async (t) => {
      try {
        return {
          ok: true as const,
          bindings: parseListeners(await readFile(t.file, 'utf8'), t.family, port),
        };
      } catch (err) {
        return {
          ok: false as const,
          why: `${t.file}: ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}`,
        };
      }
    }),
  );
  const readable = reads.filter((r) => r.ok);
  if (readable.length === 0) {
    return { value: unknownDashboard(port), problems: reads.map((r) => (r.ok ? '' : r.why)) };
  }

  const seen = new Set<string>();
  const bindings: ListenBinding[] = [];
  // SO_REUSEPORT servers show one line per socket: report each address once.
  for (const b of readable.flatMap((r) => r.bindings)) {
    const key = `${b.family}/${b.address}`;
    if (seen.has(key)) continue;
    seen.add(key);
    bindings.push(b);
  }
  return { value: { port, bindings, exposure: worstExposure(bindings.map((b) => b.class)) }, problems: [] };
}
