/**
 * Pure command-line parsing for `hermes-exporter` (node:util parseArgs, strict). Returns a command or a
 * usage error that names the offending flag; never exits, never prints.
 */
import { parseArgs } from 'node:util';
import type { ConfigFlags } from './config-load.js';

export const HELP = `hermes-exporter — sanitised health snapshots of one Hermes Agent instance

Usage:
  hermes-exporter run --once --config <file> [--print] [--stats]
  hermes-exporter run --once --instance <id> --hermes-home <path> --out <dir> [options]
  hermes-exporter run --config <file>            loop every intervalSeconds (without a systemd timer)
  hermes-exporter check (--config <file> | --instance … ) [--snapshot <file>]
  hermes-exporter maintenance --instance <id> --for <30m|2h|off>   hold the VM's alerts (see its --help)
  hermes-exporter alerts (--config <file> | --instance … )
  hermes-exporter --version | --help

Commands:
  run        collect, validate and write snapshot.json, history and state.json into the output folder
  check      exit 0 healthy, 1 degraded, 2 critical or failed; one line per problem, silent when healthy.
             Collects afresh and writes nothing; with --snapshot, judges that file instead (and its age)
  alerts     for a Hermes no_agent cron job: prints only what to tell now (new, escalated, recovered),
             nothing while healthy or unchanged; keeps its state in the output folder (docs/operations.md)

Options:
  --config <file>           per-instance YAML/JSON config (docs/examples/exporter-vijay.yaml)
  --once                    one run, then exit (what the systemd timer uses)
  --print                   print the validated snapshot to stdout and write nothing
  --stats                   one line on stderr: subprocesses started, duration, probes ok
  --instance <id>           instance id, e.g. vijay            (without --config)
  --label <text>            human label (default: the id)
  --hermes-home <path>      HERMES_HOME, e.g. /root/.hermes
  --out <dir>               output folder, e.g. /var/lib/hermes-exporter/vijay
  --install-dir <path>      Hermes code checkout (default: auto-detect)
  --systemd-scope <scope>   system | user (default system)
  --host <label>            host label used in copied commands (e.g. the Tailscale IP)
  --host-probes             also report disks, memory, load, Tailscale IP (the root exporter)
  --interval <seconds>      expected run interval (default 60)
  --gateway-unit <unit>     --dashboard-unit <unit>   --dashboard-port <port>
  --backup-repo <path>      --backup-timer <unit>     --prometheus-file <path>
                            (units are asked of the --systemd-scope manager; for units under two
                            managers, use --config with { name, scope } entries)
  --snapshot <file>         (check) judge an existing snapshot.json
  --now <ISO time>          freeze the clock (tests, replays)

Exit codes: run: 0 written, 1 run failed (nothing written), 2 bad flags or config.`;

const options = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
  once: { type: 'boolean' },
  print: { type: 'boolean' },
  stats: { type: 'boolean' },
  config: { type: 'string' },
  instance: { type: 'string' },
  label: { type: 'string' },
  'hermes-home': { type: 'string' },
  out: { type: 'string' },
  'install-dir': { type: 'string' },
  'systemd-scope': { type: 'string' },
  host: { type: 'string' },
  'host-probes': { type: 'boolean' },
  interval: { type: 'string' },
  'gateway-unit': { type: 'string' },
  'dashboard-unit': { type: 'string' },
  'dashboard-port': { type: 'string' },
  'backup-repo': { type: 'string' },
  'backup-timer': { type: 'string' },
  'prometheus-file': { type: 'string' },
  snapshot: { type: 'string' },
  now: { type: 'string' },
} as const;

/** Where the config comes from: a file, or flags for a single instance. */
export type ConfigSource = { kind: 'file'; file: string } | { kind: 'flags'; flags: ConfigFlags };

export type CliCommand =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'run'; source: ConfigSource; once: boolean; print: boolean; stats: boolean; now: Date | null }
  | { kind: 'check'; source: ConfigSource | null; snapshotFile: string | null; now: Date | null }
  | { kind: 'alerts'; source: ConfigSource; now: Date | null }
  | { kind: 'usage-error'; message: string };

const INSTANCE_FLAGS = [
  'instance',
  'label',
  'hermes-home',
  'out',
  'install-dir',
  'systemd-scope',
  'host',
  'host-probes',
  'interval',
  'gateway-unit',
  'dashboard-unit',
  'dashboard-port',
  'backup-repo',
  'backup-timer',
  'prometheus-file',
] as const;

/** Parses argv (without node and script). */
export function parseCliArgs(argv: string[]): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    return { kind: 'usage-error', message: describeParseError(err) };
  }
  const v = parsed.values;
  if (v.help) return { kind: 'help' };
  if (v.version) return { kind: 'version' };

  const [command, ...extra] = parsed.positionals;
  if (!command) return { kind: 'usage-error', message: 'missing command: run, check or alerts (see --help)' };
  if (command !== 'run' && command !== 'check' && command !== 'alerts')
    return { kind: 'usage-error', message: `unknown command "${command}": expected run, check or alerts` };
  if (extra.length > 0) return { kind: 'usage-error', message: `unexpected argument "${extra[0]}"` };

  let now: Date | null = null;
  if (v.now !== undefined) {
    now = new Date(v.now);
    if (!/^\d{4}-\d\d-\d\dT/.test(v.now) || Number.isNaN(now.getTime())) {
      return {
        kind: 'usage-error',
        message: `--now: "${v.now}" is not an ISO 8601 time like 2026-07-18T12:00:00Z`,
      };
    }
  }

  const flagsGiven = INSTANCE_FLAGS.filter((f) => v[f] !== undefined);
  if (v.config !== undefined && flagsGiven.length > 0) {
    return {
      kind: 'usage-error',
      message: `--config cannot be combined with --${flagsGiven[0]}: put it in the config file`,
    };
  }
  const source: ConfigSource | null =
    v.config !== undefined
      ? { kind: 'file', file: v.config }
      : flagsGiven.length > 0
        ? {
            kind: 'flags',
            flags: {
              instance: v.instance,
              label: v.label,
              hermesHome: v['hermes-home'],
              out: v.out,
              installDir: v['install-dir'],
              systemdScope: v['systemd-scope'],
              host: v.host,
              hostProbes: v['host-probes'],
              interval: v.interval,
              gatewayUnit: v['gateway-unit'],
              dashboardUnit: v['dashboard-unit'],
              dashboardPort: v['dashboard-port'],
              backupRepo: v['backup-repo'],
              backupTimer: v['backup-timer'],
              prometheusFile: v['prometheus-file'],
            },
          }
        : null;

  if (command === 'check') {
    for (const f of ['once', 'print', 'stats'] as const) {
      if (v[f]) return { kind: 'usage-error', message: `--${f} does not apply to check` };
    }
    if (!source && v.snapshot === undefined) {
      return {
        kind: 'usage-error',
        message: 'check needs --config <file>, the instance flags, or --snapshot <file>',
      };
    }
    return { kind: 'check', source, snapshotFile: v.snapshot ?? null, now };
  }

  if (v.snapshot !== undefined) return { kind: 'usage-error', message: '--snapshot only applies to check' };
  if (command === 'alerts') {
    for (const f of ['once', 'print', 'stats'] as const) {
      if (v[f]) return { kind: 'usage-error', message: `--${f} does not apply to alerts` };
    }
    if (!source)
      return {
        kind: 'usage-error',
        message: 'alerts needs --config <file> or --instance/--hermes-home/--out',
      };
    return { kind: 'alerts', source, now };
  }
  if (!source)
    return { kind: 'usage-error', message: 'run needs --config <file> or --instance/--hermes-home/--out' };
  return {
    kind: 'run',
    source,
    once: Boolean(v.once),
    print: Boolean(v.print),
    stats: Boolean(v.stats),
    now,
  };
}

function describeParseError(err: unknown): string {
  const e = err as { code?: string; message?: string };
  const message = e.message ?? String(err);
  const flag = /'(-{1,2}[^' ]+)/.exec(message)?.[1];
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown flag ${flag ?? ''} (see --help)`.replace('  ', ' ');
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (!flag) return message.split('\n')[0]!;
      return message.includes('does not take an argument')
        ? `${flag} takes no value`
        : `${flag} needs a value`;
    default:
      return message.split('\n')[0]!;
  }
}
