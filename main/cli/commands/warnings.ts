/**
 * `hermes-mc warnings [--json] [fleet options]`: every warning of every instance, each with its facts and
 * the runbook commands that help (read-only ones first; the ones that change the VM marked; refused ones
 * with the reason and no command). Same exit code as `status`: the fleet's worst verdict.
 *
 * How the fleet is read (config, SSH, demo, a local folder) is injected (`loadFleet`), so this module
 * only evaluates and prints, and tests can hand it fixtures.
 */
import type { HostSettings, Thresholds } from '../../../preload/ipc-contract.js';
import type { InstanceStatus } from '../../../common/model/instance-status.js';
import { instanceVerdict } from '../../../common/model/verdict.js';
import type { Warning } from '../../../common/model/warning.js';
import { FLEET_OPTIONS_HELP } from '../cli-args.js';
import type { CliCommand, CliIo } from '../command.js';
import { runFleetReport } from './fleet-report.js';
import { EXIT_STATUS_HELP } from '../exit-codes.js';
import type { FleetSessionOptions } from '../fleet-session.js';
import { verdictJson } from '../format/status-output.js';
import { span, type Line } from '../format/term-doc.js';
import { detailLines, instanceHeading } from '../format/warning-lines.js';
import { warningToJson } from '../format/warnings-json.js';

export interface LoadedFleet {
  instances: InstanceStatus[];
  thresholds: Thresholds;
  hosts?: Pick<HostSettings, 'name' | 'host' | 'user' | 'port'>[];
  close?: () => Promise<void>;
}

/** Resolves the fleet after one poll, or a failure to report (config or usage). */
export type LoadFleet = (
  options: FleetSessionOptions,
  io: CliIo,
) => Promise<{ ok: true; fleet: LoadedFleet } | { ok: false; kind: 'config' | 'usage'; message: string }>;

const USAGE = `Usage: hermes-mc warnings [options]

Lists every warning of every instance, most severe first, with its facts and the runbook commands
that help, filled from live data: read-only commands first, then those marked CHANGES THE VM. A
command that would embed a value from the VM that cannot be quoted safely is shown as NOT SHOWN,
with the reason. Nothing is run: copy what you decide to run.

Options:
  --json                      Print {"generatedAt", "instances":[{id, label, verdict, state, warnings}]}
${FLEET_OPTIONS_HELP}

${EXIT_STATUS_HELP}`;

/** `hermes-mc warnings --json` output. */
export function warningsReport(instances: InstanceStatus[], warnings: Warning[], now: Date) {
  return {
    generatedAt: now.toISOString(),
    instances: instances.map((i) => ({
      id: i.id,
      label: i.label,
      verdict: verdictJson(i, warnings),
      state: i.state,
      warnings: warnings.filter((w) => w.instanceId === i.id).map(warningToJson),
    })),
  };
}

/** The text report: per instance its verdict heading, then each warning in full. */
export function warningsText(
  instances: InstanceStatus[],
  warnings: Warning[],
  nowMs: number,
  columns: number,
  timeZone?: string,
): Line[] {
  const lines: Line[] = [];
  instances.forEach((i, n) => {
    if (n > 0) lines.push([]);
    const mine = warnings.filter((w) => w.instanceId === i.id);
    lines.push(instanceHeading(i, instanceVerdict(i, warnings)));
    if (i.state !== 'live' && i.reason) lines.push([span('  '), span(i.reason.message)]);
    if (mine.length === 0) lines.push([span('  no warnings', 'dim')]);
    for (const w of mine) lines.push(...detailLines(w, { nowMs, timeZone, columns }));
  });
  return lines;
}

interface WarningsValues {
  json?: boolean;
  config?: string;
  demo?: boolean;
  'snapshot-root'?: string;
  'accept-host-key'?: string;
}

export function createWarningsCommand(deps: {
  loadFleet: LoadFleet;
  now?: () => Date;
  /** Time zone for clock times (default: this computer's). */
  timeZone?: string;
}): CliCommand {
  return {
    name: 'warnings',
    summary: 'List every warning with its facts and the runbook commands that help',
    usage: USAGE,
    async run(args: string[], io: CliIo): Promise<number> {
      return runFleetReport<WarningsValues>(
        'warnings',
        args,
        io,
        { usage: USAGE, loadFleet: deps.loadFleet, now: deps.now },
        ({ values, fleet, warnings, now, out }) => {
          if (values.json) out.json(warningsReport(fleet.instances, warnings, now));
          else out.lines(warningsText(fleet.instances, warnings, now.getTime(), out.columns, deps.timeZone));
        },
      );
    },
  };
}
