/**
 * systemd collector: the instance's gateway, dashboard, backup timer, watchdog, emergency upload timer
 * and extra units, read with ONE `systemctl show` per manager in use (`--user` for the user manager).
 * Most instances use one manager; Bheem's gateway is a user unit while its dashboard and backup timer are
 * system units, so it takes two calls, run concurrently. A manager that cannot be asked leaves only its
 * own units unknown.
 *
 * Timestamps are asked for with `--timestamp=us+utc` (systemd ≥ 248), so unit start times keep their
 * microseconds like the monotonic next-trigger times do. An older systemctl (Debian 11 has 247) rejects
 * the option: that call is repeated once without it, and the refusal is remembered in the exporter's
 * state for a day, so old systemd pays the extra call once a day and new systemd never does.
 */
import type { SystemdInfo, SystemdScope, UnitInfo } from '../../../common/contract/snapshot.js';
import type { ExporterConfig, UnitRef } from '../config.js';
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

/** A unit given by name alone belongs to the instance's manager. */
function resolveUnitRef(ref: UnitRef, defaultScope: SystemdScope): { name: string; scope: SystemdScope } {
  return typeof ref === 'string' ? { name: ref, scope: defaultScope } : ref;
}

/**
 * Configured units with their roles and managers, de-duplicated (first role wins), in a stable order.
 * The same name under two managers is two units: each manager has its own unit namespace.
 */
export function configuredUnits(config: ExporterConfig): RequestedUnit[] {
  const s = config.systemd;
  const candidates: [UnitRef | undefined, RequestedUnit['role']][] = [
    [s.gatewayUnit, 'gateway'],
    [s.dashboardUnit, 'dashboard'],
    [s.backupTimer, 'backup-timer'],
    [s.watchdogUnit, 'watchdog'],
    [s.emergencyUploadTimer, 'emergency-upload-timer'],
    ...s.extraUnits.map((u): [UnitRef, 'other'] => [u, 'other']),
  ];
  const seen = new Set<string>();
  const units: RequestedUnit[] = [];
  for (const [ref, role] of candidates) {
    if (!ref) continue;
    const { name, scope } = resolveUnitRef(ref, s.scope);
    const key = `${scope}:${name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    units.push({ name, role, scope });
  }
  return units;
}

/** The units grouped by manager, managers in the order of their first configured unit. */
export function unitsByScope(units: RequestedUnit[]): Map<SystemdScope, RequestedUnit[]> {
  const groups = new Map<SystemdScope, RequestedUnit[]>();
  for (const unit of units) {
    const group = groups.get(unit.scope);
    if (group) group.push(unit);
    else groups.set(unit.scope, [unit]);
  }
  return groups;
}

/** Microseconds, UTC: the format the parser reads best, and the same precision for every timestamp. */
export const TIMESTAMP_STYLE_ARG = '--timestamp=us+utc';

/**
 * The exact argument vector of one manager's `systemctl` call; `timestampStyle: false` for a systemctl
 * that does not know `--timestamp=`.
 */
export function systemctlArgs(scope: SystemdScope, units: RequestedUnit[], timestampStyle = true): string[] {
  return [
    ...(scope === 'user' ? ['--user'] : []),
    'show',
    '--no-pager',
    ...(timestampStyle ? [TIMESTAMP_STYLE_ARG] : []),
    `--property=${SYSTEMD_PROPERTIES.join(',')}`,
    ...units.map((u) => u.name),
  ];
}

/**
 * Whether systemctl refused `--timestamp=us+utc` itself, as opposed to failing for another reason (no
 * bus, not booted with systemd) that a retry without it would not fix. systemd 247's getopt says
 * "unrecognized option '--timestamp=us+utc'"; a systemctl that knew the option but not the value would
 * say "Invalid value: us+utc.".
 */
export function rejectedTimestampStyle(stderr: string): boolean {
  return /--timestamp|us\+utc/.test(stderr);
}

/** Where the refusal is remembered (ctx.state is persisted in outDir/state.json). */
export const TIMESTAMP_STYLE_STATE_KEY = 'systemctlTimestampStyle';
/** A systemd upgrade is noticed within a day, at the price of one refused call a day on old systemd. */
const TIMESTAMP_STYLE_RECHECK_MS = 24 * 3600 * 1000;

function timestampStyleKnownUnsupported(ctx: CollectContext): boolean {
  const cached = ctx.state[TIMESTAMP_STYLE_STATE_KEY] as
    { supported?: unknown; checkedAt?: unknown } | undefined;
  if (cached?.supported !== false || typeof cached.checkedAt !== 'string') return false;
  // An unreadable date gives NaN: not "known", so the option is tried again.
  const age = ctx.now.getTime() - Date.parse(cached.checkedAt);
  return age >= 0 && age < TIMESTAMP_STYLE_RECHECK_MS;
}

/** Every configured unit with unknown state: the value when systemctl cannot be used at all. */
export function unknownSystemd(config: ExporterConfig): SystemdInfo {
  return { scope: config.systemd.scope, units: configuredUnits(config).map(unknownUnit) };
}

/**
 * Reads the units' state. No configured units → no subprocess. A failed call leaves the fields of that
 * manager's units null (unknown) and reports the reason, naming the manager.
 */
export async function collectSystemd(
  ctx: CollectContext,
  deps: SystemdDeps = defaultSystemdDeps,
): Promise<PartialResult<SystemdInfo>> {
  const scope = ctx.config.systemd.scope;
  const units = configuredUnits(ctx.config);
  if (units.length === 0) return { value: { scope, units: [] }, problems: [] };

  const shown = await Promise.all(
    [...unitsByScope(units)].map(([managerScope, group]) => showUnits(ctx, deps, managerScope, group)),
  );
  const byUnit = new Map<RequestedUnit, UnitInfo>();
  const problems: string[] = [];
  for (const result of shown) {
    for (const [unit, info] of result.infos) byUnit.set(unit, info);
    problems.push(...result.problems);
  }
  return { value: { scope, units: units.map((u) => byUnit.get(u) ?? unknownUnit(u)) }, problems };
}

/** One `systemctl show` against one manager, for that manager's units. Never throws. */
async function showUnits(
  ctx: CollectContext,
  deps: SystemdDeps,
  scope: SystemdScope,
  units: RequestedUnit[],
): Promise<{ infos: Map<RequestedUnit, UnitInfo>; problems: string[] }> {
  const label = `systemctl show (${scope} manager)`;
  const unknown = (why: string) => ({
    infos: new Map(units.map((u) => [u, unknownUnit(u)])),
    problems: [`${label}: ${why}`],
  });
  const env: NodeJS.ProcessEnv = {
    ...ctx.env,
    TZ: 'UTC',
    LC_ALL: 'C',
    SYSTEMD_PAGER: '',
    SYSTEMD_COLORS: '0',
  };
  if (scope === 'user' && !env.XDG_RUNTIME_DIR && deps.uid !== null)
    env.XDG_RUNTIME_DIR = `/run/user/${deps.uid}`;

  let result;
  try {
    const show = (timestampStyle: boolean) =>
      ctx.exec('systemctl', systemctlArgs(scope, units, timestampStyle), { timeoutMs: 5000, env });
    const timestampStyle = !timestampStyleKnownUnsupported(ctx);
    result = await show(timestampStyle);
    if (timestampStyle && result.code !== 0 && !result.timedOut && rejectedTimestampStyle(result.stderr)) {
      ctx.state[TIMESTAMP_STYLE_STATE_KEY] = { supported: false, checkedAt: ctx.now.toISOString() };
      result = await show(false);
    } else if (timestampStyle && result.code === 0) {
      delete ctx.state[TIMESTAMP_STYLE_STATE_KEY];
    }
  } catch (err) {
    // The other manager's call may still succeed: keep this failure to this manager's units.
    return unknown(firstLine(err instanceof Error ? err.message : String(err)) || 'failed');
  }
  const blocks = parseSystemctlShowBlocks(result.stdout);
  if (result.timedOut || blocks.length === 0) {
    return unknown(result.timedOut ? 'timed out' : firstLine(result.stderr) || `exit ${result.code}`);
  }

  const clock = deps.clock();
  const matched = matchBlocks(units, blocks);
  const problems: string[] = [];
  const infos = new Map<RequestedUnit, UnitInfo>();
  units.forEach((unit, i) => {
    const props = matched[i];
    if (!props) problems.push(`${label} printed nothing for ${unit.name}`);
    infos.set(unit, props ? toUnitInfo(unit, props, clock) : unknownUnit(unit));
  });
  return { infos, problems };
}
