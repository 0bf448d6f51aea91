/**
 * Argument parsing shared by every `hermes-mc` command (node:util parseArgs, strict): the fleet options
 * `status` and `warnings` both take, and one way to report a usage error (exit 64, the command's help
 * named). `--help` always prints the usage and exits 0.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { CliIo } from './command.js';
import { EXIT } from './exit-codes.js';
import type { FleetSessionOptions } from './fleet-session.js';
import { termOut } from './format/term-output.js';

export const FLEET_OPTIONS = {
  config: { type: 'string' },
  demo: { type: 'boolean' },
  'snapshot-root': { type: 'string' },
  'accept-host-key': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

export const FLEET_OPTIONS_HELP = `  --config FILE               Use this config file instead of the default one
  --demo                      Show the demo fleet even if hosts are configured
  --snapshot-root DIR         Read <id>/snapshot.json under DIR on this machine instead of
                              over SSH (hermes-mc run on the VM itself, or a copied folder)
  --accept-host-key SHA256:…  Trust (and pin) this exact host key the first time a host is seen
  -h, --help                  Show this help`;

type Options = NonNullable<ParseArgsConfig['options']>;

export type Parsed<V> = { ok: true; values: V; positionals: string[] } | { ok: false; code: number };

/** Parse `args`; on a usage error print it (naming `--help`) and return exit 64; on --help print usage, 0. */
export function parseCommandArgs<V>(
  command: string,
  args: string[],
  options: Options,
  usage: string,
  io: CliIo,
  allowPositionals = false,
): Parsed<V> {
  let parsed;
  try {
    parsed = parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (err) {
    const message = (err as Error).message.split('. To specify a positional')[0]!;
    return usageError(command, message, io);
  }
  if ((parsed.values as { help?: boolean }).help) {
    termOut(io.stdout, io.env).lines(
      usage
        .trimEnd()
        .split('\n')
        .map((l) => [{ text: l }]),
    );
    return { ok: false, code: EXIT.ok };
  }
  if (!allowPositionals && parsed.positionals.length > 0)
    return usageError(command, `unexpected argument "${parsed.positionals[0]}"`, io);
  return { ok: true, values: parsed.values as V, positionals: parsed.positionals };
}

export function usageError(command: string, message: string, io: CliIo): { ok: false; code: number } {
  termOut(io.stderr, io.env).lines([
    [{ text: `hermes-mc ${command}: ${message}` }],
    [{ text: `Run \`hermes-mc ${command} --help\` for its options.` }],
  ]);
  return { ok: false, code: EXIT.usage };
}

/** The fleet options from parsed values, or a usage error for combinations that make no sense. */
export function fleetOptions(
  command: string,
  values: { config?: string; demo?: boolean; 'snapshot-root'?: string; 'accept-host-key'?: string },
  io: CliIo,
): { ok: true; options: FleetSessionOptions } | { ok: false; code: number } {
  const sources = [
    values.config && '--config',
    values.demo && '--demo',
    values['snapshot-root'] && '--snapshot-root',
  ].filter(Boolean);
  if (sources.length > 1) return usageError(command, `use only one of ${sources.join(', ')}`, io);
  return {
    ok: true,
    options: {
      configFile: values.config ?? null,
      demo: values.demo,
      snapshotRoot: values['snapshot-root'] ?? null,
      acceptHostKey: values['accept-host-key'] ?? null,
      history: false,
    },
  };
}

/** The exit code and message for a fleet that could not be opened. */
export function fleetOpenFailure(
  command: string,
  failure: { kind: 'config' | 'usage'; message: string },
  io: CliIo,
): number {
  if (failure.kind === 'usage') return usageError(command, failure.message, io).code;
  termOut(io.stderr, io.env).line({ text: `hermes-mc ${command}: config error: ${failure.message}` });
  return EXIT.config;
}
