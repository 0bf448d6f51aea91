/**
 * Pure parsing of `systemctl show --property=… unit…` output into the contract's UnitInfo.
 * `systemctl show` prints one block of `Key=Value` lines per unit, in argument order, blocks separated
 * by a blank line; properties come in D-Bus introspection order (type-specific first), not in the
 * order asked for, and a property the unit type lacks (NRestarts on a timer) is simply absent.
 */
import type { SystemdScope, UnitInfo, UnitRole } from '../../../../common/contract/snapshot.js';
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
  // systemctl prints LastTriggerUSec and NextElapseUSecRealtime in whole seconds whatever --timestamp=
  // says (only *Timestamp properties follow it, systemd 252); the monotonic twin of the last trigger
  // carries its microseconds (see lastTrigger()).
  'LastTriggerUSec',
  'LastTriggerUSecMonotonic',
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
    lastTriggerAt: lastTrigger(props, clock),
    nextTriggerAt: nextTrigger(props, clock),
  };
}

/** Wall-clock time (ms) of a CLOCK_MONOTONIC instant, by the offset between the two clocks now. */
function wallClockMs(monotonicUs: number, clock: ClockReading): number {
  return Math.floor(clock.now.getTime() + (monotonicUs - clock.monotonicUs) / 1000);
}

/**
 * How far the offset between the clocks, read by us now and by systemd at the trigger, may differ before
 * the monotonic reading is no longer trusted to refine the recorded second (rounding of two readings).
 */
const CLOCK_OFFSET_SLACK_MS = 2;

/**
 * The last trigger as systemd recorded it on the wall clock, to the millisecond. systemctl prints
 * LastTriggerUSec in whole seconds; LastTriggerUSecMonotonic, recorded at the same instant, has the
 * microseconds. It only refines the recorded second: when it falls outside that second (the wall clock
 * was stepped since, or a Persistent= timer's trigger dates from before this boot, where the monotonic
 * value is 0), the whole second stands.
 */
function lastTrigger(props: Record<string, string>, clock: ClockReading): string | null {
  const realtime = parseSystemdTimestamp(props.LastTriggerUSec);
  if (realtime === null) return null;
  const recordedMs = Date.parse(realtime);
  const secondMs = Math.floor(recordedMs / 1000) * 1000;
  const monoUs = parseSystemdTimespanUs(props.LastTriggerUSecMonotonic);
  // A systemctl that already printed sub-seconds needs no refinement.
  if (recordedMs !== secondMs || monoUs === null) return realtime;
  const derivedMs = wallClockMs(monoUs, clock);
  if (derivedMs < secondMs - CLOCK_OFFSET_SLACK_MS || derivedMs >= secondMs + 1000 + CLOCK_OFFSET_SLACK_MS)
    return realtime;
  return new Date(Math.min(Math.max(derivedMs, secondMs), secondMs + 999)).toISOString();
}

function nextTrigger(props: Record<string, string>, clock: ClockReading): string | null {
  const realtime = parseSystemdTimestamp(props.NextElapseUSecRealtime);
  const monoUs = parseSystemdTimespanUs(props.NextElapseUSecMonotonic);
  const monotonic = monoUs === null ? null : new Date(wallClockMs(monoUs, clock)).toISOString();
  // A timer with both kinds of trigger fires at whichever comes first (as `systemctl list-timers` shows).
  if (realtime && monotonic) return realtime < monotonic ? realtime : monotonic;
  return realtime ?? monotonic;
}
