/**
 * systemd collector: the instance's gateway, dashboard, backup timer, watchdog, emergency upload timer
 * and extra units, read with exactly ONE `systemctl show` per run (`--user` for a user instance).
 */
import type { SystemdInfo } from '../contract/snapshot.js';
import type { ExporterConfig } from '../config.js';
import type { CollectContext } from './context.js';
import { firstLine, type PartialResult } from './lib/partial-probe.js';
import {
  matchBlocks,
  parseSystemctlShowBlocks,
  SYSTEMD_PROPERTIES,
  toUnitInfo,
  unknownUnit,
  type ClockReading,
  type RequestedUnit,
} from './lib/systemd-show.js';

export interface SystemdDeps {
  /** Wall clock and CLOCK_MONOTONIC (µs, what systemd's `*USecMonotonic` values count), read together. */
  clock: () => ClockReading;
  /** uid of this process, for the user bus path when XDG_RUNTIME_DIR is missing. */
  uid: number | null;
}

export const defaultSystemdDeps: SystemdDeps = {
  // libuv's hrtime is CLOCK_MONOTONIC on Linux.
  clock: () => ({ now: new Date(), monotonicUs: Number(process.hrtime.bigint() / 1000n) }),
  uid: typeof process.getuid === 'function' ? process.getuid() : null,
};

/** Configured units with their roles, de-duplicated (first role wins), in a stable order. */
export function configuredUnits(config: ExporterConfig): RequestedUnit[] {
  const s = config.systemd;
  const candidates: [string | undefined, RequestedUnit['role']][] = [
    [s.gatewayUnit, 'gateway'],
    [s.dashboardUnit, 'dashboard'],
    [s.backupTimer, 'backup-timer'],
    [s.watchdogUnit, 'watchdog'],
    [s.emergencyUploadTimer, 'emergency-upload-timer'],
    ...s.extraUnits.map((u): [string, 'other'] => [u, 'other']),
  ];
  const seen = new Set<string>();
  const units: RequestedUnit[] = [];
  for (const [name, role] of candidates) {
    if (!name || seen.has(name)) continue;
    seen.add(name);
    units.push({ name, role });
  }
  return units;
}

/** The exact argument vector of the single `systemctl` call. */
export function systemctlArgs(scope: 'system' | 'user', units: RequestedUnit[]): string[] {
  return [
    ...(scope === 'user' ? ['--user'] : []),
    'show',
    '--no-pager',
    `--property=${SYSTEMD_PROPERTIES.join(',')}`,
    ...units.map((u) => u.name),
  ];
}

/** Every configured unit with unknown state: the value when systemctl cannot be used at all. */
export function unknownSystemd(config: ExporterConfig): SystemdInfo {
  return { scope: config.systemd.scope, units: configuredUnits(config).map(unknownUnit) };
}

/**
 * Reads the units' state. No configured units → no subprocess. A failed call leaves every unit's fields
 * null (unknown) and reports the reason.
 */
export async function collectSystemd(
  ctx: CollectContext,
  deps: SystemdDeps = defaultSystemdDeps,
): Promise<PartialResult<SystemdInfo>> {
  const scope = ctx.config.systemd.scope;
  const units = configuredUnits(ctx.config);
  if (units.length === 0) return { value: { scope, units: [] }, problems: [] };

  const env: NodeJS.ProcessEnv = {
    ...ctx.env,
    TZ: 'UTC',
    LC_ALL: 'C',
    SYSTEMD_PAGER: '',
    SYSTEMD_COLORS: '0',
  };
  if (scope === 'user' && !env.XDG_RUNTIME_DIR && deps.uid !== null)
    env.XDG_RUNTIME_DIR = `/run/user/${deps.uid}`;

  const result = await ctx.exec('systemctl', systemctlArgs(scope, units), { timeoutMs: 5000, env });
  const blocks = parseSystemctlShowBlocks(result.stdout);
  if (result.timedOut || blocks.length === 0) {
    const why = result.timedOut ? 'timed out' : firstLine(result.stderr) || `exit ${result.code}`;
    return { value: unknownSystemd(ctx.config), problems: [`systemctl show: ${why}`] };
  }

  const clock = deps.clock();
  const matched = matchBlocks(units, blocks);
  const problems: string[] = [];
  const infos = units.map((unit, i) => {
    const props = matched[i];
    if (!props) {
      problems.push(`systemctl show printed nothing for ${unit.name}`);
      return unknownUnit(unit);
    }
    return toUnitInfo(unit, props, clock);
  });
  return { value: { scope, units: infos }, problems };
}
