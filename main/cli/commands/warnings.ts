/**
 * `hermes-mc warnings [--json] [--config FILE] [--demo]`: every warning of every instance with its
 * runbook commands; plus the formatters `hermes-mc status` uses to show warnings per instance.
 *
 * How the fleet is read (config, SSH, demo) is injected (`loadFleet`), like the `web` command's service,
 * so this module only evaluates and prints. Exit codes: 0 listed (even when there are warnings: this is a
 * report, not a probe), 1 the fleet could not be read, 2 bad arguments.
 */
import type { HostSettings, Thresholds } from '../../../preload/ipc-contract.js';
import { evaluateRules } from '../../../common/alerts/evaluate-rules.js';
import type { InstanceStatus } from '../../../common/model/instance-status.js';
import type { RunbookCommand, Severity, Warning } from '../../../common/model/warning.js';

export interface WarningsCommandIo {
  stdout(line: string): void;
  stderr(line: string): void;
}

export interface LoadedFleet {
  instances: InstanceStatus[];
  thresholds: Thresholds;
  hosts?: Pick<HostSettings, 'name' | 'host' | 'user' | 'port'>[];
  close?: () => Promise<void>;
}

export type LoadFleet = (opts: { configFile: string | null; demo: boolean }) => Promise<LoadedFleet>;

export const WARNINGS_USAGE = 'hermes-mc warnings [--json] [--config FILE] [--demo]';

/** The JSON shape of one warning (`hermes-mc status --json` and `warnings --json`). */
export interface WarningJson {
  id: string;
  check: string;
  severity: Severity;
  status: 'active' | 'unknown';
  title: string;
  since: string | null;
  facts: string[];
  commands: RunbookCommand[];
}

export function warningToJson(w: Warning): WarningJson {
  return {
    id: w.id,
    check: w.check,
    severity: w.severity,
    status: w.status,
    title: w.title,
    since: w.since,
    facts: w.facts,
    commands: w.commands,
  };
}

const SEVERITY_TAG: Record<Severity, string> = {
  critical: 'CRITICAL',
  warning: 'WARNING ',
  info: 'info    ',
};

function sinceText(since: string | null): string {
  if (!since) return '';
  const d = new Date(since);
  return Number.isNaN(d.getTime()) ? '' : `  (since ${d.toISOString().slice(0, 16).replace('T', ' ')} UTC)`;
}

/**
 * Lines for one instance's warnings, indented for `hermes-mc status` (severity, title, since).
 * With `commands: true` each warning is followed by its runbook commands.
 */
export function formatWarningsForStatus(
  instanceId: string,
  warnings: Warning[],
  options: { commands?: boolean; indent?: string } = {},
): string[] {
  const indent = options.indent ?? '  ';
  const mine = warnings.filter((w) => w.instanceId === instanceId);
  if (mine.length === 0) return [`${indent}no warnings`];
  const lines: string[] = [];
  for (const w of mine) {
    const unknown = w.status === 'unknown' ? ' [unknown: cannot check now]' : '';
    lines.push(`${indent}${SEVERITY_TAG[w.severity]}  ${w.title}${unknown}${sinceText(w.since)}`);
    if (!options.commands) continue;
    for (const c of w.commands) lines.push(`${indent}          $ ${c.command}    # ${c.label}, ${c.where}`);
  }
  return lines;
}

/** `hermes-mc warnings --json` output. */
export function warningsReport(instances: InstanceStatus[], warnings: Warning[], now: Date) {
  return {
    generatedAt: now.toISOString(),
    instances: instances.map((i) => ({
      id: i.id,
      label: i.label,
      state: i.state,
      warnings: warnings.filter((w) => w.instanceId === i.id).map(warningToJson),
    })),
  };
}

type Args = { json: boolean; configFile: string | null; demo: boolean };

export function parseWarningsArgs(argv: string[]): { ok: true; value: Args } | { ok: false; error: string } {
  const out: Args = { json: false, configFile: null, demo: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') out.json = true;
    else if (a === '--demo') out.demo = true;
    else if (a === '--config' || a.startsWith('--config=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (!v || v.startsWith('--')) return { ok: false, error: '--config needs a file path' };
      out.configFile = v;
    } else return { ok: false, error: `unknown argument ${JSON.stringify(a)}` };
  }
  return { ok: true, value: out };
}

export function createWarningsCommand(deps: { loadFleet: LoadFleet; now?: () => Date }) {
  return {
    name: 'warnings' as const,
    describe: 'List every warning of every instance with the runbook commands that help',
    usage: WARNINGS_USAGE,
    async run(argv: string[], io: WarningsCommandIo): Promise<number> {
      const parsed = parseWarningsArgs(argv);
      if (!parsed.ok) {
        io.stderr(`hermes-mc warnings: ${parsed.error}`);
        io.stderr(`usage: ${WARNINGS_USAGE}`);
        return 2;
      }
      let fleet: LoadedFleet;
      try {
        fleet = await deps.loadFleet({ configFile: parsed.value.configFile, demo: parsed.value.demo });
      } catch (err) {
        const e = err as { code?: string; message?: string };
        io.stderr(`hermes-mc warnings: ${e.code ?? 'LOAD_FAILED'}: ${e.message ?? String(err)}`);
        return 1;
      }
      try {
        const now = deps.now?.() ?? new Date();
        const warnings = evaluateRules({
          instances: fleet.instances,
          thresholds: fleet.thresholds,
          now,
          hosts: fleet.hosts,
        });
        if (parsed.value.json) {
          io.stdout(JSON.stringify(warningsReport(fleet.instances, warnings, now), null, 2));
          return 0;
        }
        for (const i of fleet.instances) {
          const reason = i.state !== 'live' && i.reason ? `: ${i.reason.message}` : '';
          io.stdout(`${i.label} (${i.id}) — ${i.state}${reason}`);
          for (const line of formatWarningsForStatus(i.id, warnings, { commands: true })) io.stdout(line);
        }
        return 0;
      } finally {
        await fleet.close?.();
      }
    },
  };
}
