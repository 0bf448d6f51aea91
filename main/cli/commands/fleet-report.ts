/**
 * What every fleet report (`warnings`, `spend`, `cron`) does around its own printing: parse its options (the
 * fleet options plus its own), open the fleet after one poll, evaluate the rules once, hand all of it to the
 * command's printer, exit with the fleet's worst verdict (main/cli/exit-codes.ts), and always close the fleet.
 */
import type { ParseArgsConfig } from 'node:util';
import { evaluateRules } from '../../../common/alerts/evaluate-rules.js';
import type { Warning } from '../../../common/model/warning.js';
import { fleetOpenFailure, fleetOptions, FLEET_OPTIONS, parseCommandArgs } from '../cli-args.js';
import type { CliIo } from '../command.js';
import { fleetExitCode } from '../exit-codes.js';
import { termOut, type TermOut } from '../format/term-output.js';
import type { LoadedFleet, LoadFleet } from './warnings.js';

/** The fleet options every report takes, as parsed. */
export interface FleetValues {
  json?: boolean;
  config?: string;
  demo?: boolean;
  'snapshot-root'?: string;
  'accept-host-key'?: string;
}

export interface FleetReport<V> {
  values: V;
  fleet: LoadedFleet;
  warnings: Warning[];
  now: Date;
  out: TermOut;
}

export async function runFleetReport<V extends FleetValues>(
  command: string,
  args: string[],
  io: CliIo,
  spec: {
    usage: string;
    loadFleet: LoadFleet;
    now?: () => Date;
    /** The command's own options beside the fleet options and `--json`. */
    options?: NonNullable<ParseArgsConfig['options']>;
  },
  print: (report: FleetReport<V>) => void,
): Promise<number> {
  const parsed = parseCommandArgs<V>(
    command,
    args,
    { ...FLEET_OPTIONS, json: { type: 'boolean' }, ...spec.options },
    spec.usage,
    io,
  );
  if (!parsed.ok) return parsed.code;
  const fleetArgs = fleetOptions(command, parsed.values, io);
  if (!fleetArgs.ok) return fleetArgs.code;
  const loaded = await spec.loadFleet(fleetArgs.options, io);
  if (!loaded.ok) return fleetOpenFailure(command, loaded, io);
  const fleet = loaded.fleet;
  try {
    const now = spec.now?.() ?? new Date();
    const warnings = evaluateRules({
      instances: fleet.instances,
      thresholds: fleet.thresholds,
      now,
      hosts: fleet.hosts,
    });
    print({ values: parsed.values, fleet, warnings, now, out: termOut(io.stdout, io.env) });
    return fleetExitCode(fleet.instances, warnings);
  } finally {
    await fleet.close?.();
  }
}
