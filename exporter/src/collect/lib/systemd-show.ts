/**
 * Pure parsing of `systemctl show --property=… unit…` output into the contract's UnitInfo.
 * `systemctl show` prints one block of `Key=Value` lines per unit, in argument order, blocks separated
 * by a blank line; properties come in D-Bus introspection order (type-specific first), not in the
 * order asked for, and a property the unit type lacks (NRestarts on a timer) is simply absent.
 */
import type { SystemdScope, UnitInfo, UnitRole } from '../../contract/snapshot.js';
import {
  parseSystemdInt,
  parseSystemdString,
  parseSystemdTimespanUs,
  parseSystemdTimestamp,
} from './systemd-values.js';

/** The properties asked for, in one `--property=` list. Names as systemd 252 spells them. */
export const SYSTEMD_PROPERTIES = [
  'Id',
  'LoadState',
  'ActiveState',
  'SubState',
  'UnitFileState',
  'NRestarts',
  'Result',
  'ExecMainStatus',
  'ActiveEnterTimestamp',
  // Timers: LastTriggerUSec is wall-clock; the next elapse is wall-clock for OnCalendar= timers and
  // monotonic for OnUnitActiveSec=/OnBootSec= timers, so both are needed to know the next run.
  'LastTriggerUSec',
  'NextElapseUSecRealtime',
  'NextElapseUSecMonotonic',
] as const;

export interface RequestedUnit {
  name: string;
  role: UnitRole;
  /** The manager asked about it (the unit's own scope, else the instance's). */
  scope: SystemdScope;
}

/** Splits the output into per-unit property maps (first occurrence of a key wins). */
export function parseSystemctlShowBlocks(output: string): Record<string, string>[] {
  const blocks: Record<string, string>[] = [];
  let current: Record<string, string> | null = null;
  for (const rawLine of output.split('\n')) {
    const line = rawLine.replace(/\r$/, '');
    if (line.trim() === '') {
      if (current) blocks.push(current);
      current = null;
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    current ??= {};
    const key = line.slice(0, eq);
    if (!(key in current)) current[key] = line.slice(eq + 1);
  }
  if (current) blocks.push(current);
  return blocks;
}

/**
 * Pairs blocks with the requested units. Blocks come in argument order; when the counts differ (a unit
 * systemctl refused), fall back to matching on `Id`. Units without a block stay unknown (null).
 */
export function matchBlocks(
  units: RequestedUnit[],
  blocks: Record<string, string>[],
): (Record<string, string> | null)[] {
  if (blocks.length === units.length) return blocks;
  const byId = new Map<string, Record<string, string>>();
  for (const block of blocks) if (block.Id) byId.set(block.Id, block);
  return units.map((unit) => byId.get(unit.name) ?? null);
}

/** A unit whose state is unknown (systemctl failed or printed nothing for it). */
export function unknownUnit(unit: RequestedUnit): UnitInfo {
  return {
    name: unit.name,
    role: unit.role,
    scope: unit.scope,
    loadState: null,
    activeState: null,
    subState: null,
    unitFileState: null,
    nRestarts: null,
    result: null,
    execMainStatus: null,
    activeEnterAt: null,
    lastTriggerAt: null,
    nextTriggerAt: null,
  };
}

export interface ClockReading {
  /** Wall clock at the time of the reading. */
  now: Date;
  /** CLOCK_MONOTONIC in µs at the same moment (what systemd's *USecMonotonic values count). */
  monotonicUs: number;
}

/** Maps one property block to UnitInfo. */
export function toUnitInfo(
  unit: RequestedUnit,
  props: Record<string, string>,
  clock: ClockReading,
): UnitInfo {
  const loadState = parseSystemdString(props.LoadState);
  // A unit that does not exist is a stub whose Result/NRestarts/ExecMainStatus are defaults, not facts.
  const exists = loadState !== 'not-found' && loadState !== 'bad-setting' && loadState !== 'error';
  const nRestarts = parseSystemdInt(props.NRestarts);
  return {
    name: unit.name,
    role: unit.role,
    scope: unit.scope,
    loadState,
    activeState: parseSystemdString(props.ActiveState),
    subState: parseSystemdString(props.SubState),
    unitFileState: parseSystemdString(props.UnitFileState),
    nRestarts: exists && nRestarts !== null && nRestarts >= 0 ? nRestarts : null,
    result: exists ? parseSystemdString(props.Result) : null,
    execMainStatus: exists ? parseSystemdInt(props.ExecMainStatus) : null,
    activeEnterAt: parseSystemdTimestamp(props.ActiveEnterTimestamp),
    lastTriggerAt: parseSystemdTimestamp(props.LastTriggerUSec),
    nextTriggerAt: nextTrigger(props, clock),
  };
}

function nextTrigger(props: Record<string, string>, clock: ClockReading): string | null {
  const realtime = parseSystemdTimestamp(props.NextElapseUSecRealtime);
  const monoUs = parseSystemdTimespanUs(props.NextElapseUSecMonotonic);
  const monotonic =
    monoUs === null
      ? null
      : new Date(clock.now.getTime() + (monoUs - clock.monotonicUs) / 1000).toISOString();
  // A timer with both kinds of trigger fires at whichever comes first (as `systemctl list-timers` shows).
  if (realtime && monotonic) return realtime < monotonic ? realtime : monotonic;
  return realtime ?? monotonic;
}
