/**
 * `hermes-mc maintenance [<instance> <30m|2h|off>] [--json]`: timed maintenance for one instance, from a
 * terminal. Its notifications are held until the window ends on its own (or `off`), then one summary
 * comes if something is still wrong. Writes the same file the desktop app and `hermes-mc web` read at
 * every poll (the running app picks it up within one poll); with no arguments, lists the windows running.
 * Prints the command that holds the VM's own alerts too — to run on the VM; nothing here touches the VM.
 * Exit 0 done (whatever the fleet's verdict: a setting is not a health report, exit-codes.ts); 64 bad
 * arguments or an instance not in the fleet; 78 the config file is invalid.
 */
import { join, resolve } from 'node:path';
import { vmMaintenanceCommand } from '../../../common/maintenance/vm-maintenance-file.js';
import {
  activeMaintenance,
  endMaintenance,
  maintenanceLabel,
  parseMaintenanceMinutes,
  startMaintenance,
  type MaintenanceWindow,
} from '../../../common/model/maintenance.js';
import { dataDir, resolveConfigFile } from '../../core/config/config-paths.js';
import { loadConfig } from '../../core/config/load-config.js';
import { DEMO_INSTANCES } from '../../core/demo/demo-fleet.js';
import { createMaintenanceStore } from '../../core/maintenance/maintenance-store.js';
import { parseCommandArgs, usageError } from '../cli-args.js';
import type { CliCommand, CliIo } from '../command.js';
import { EXIT, EXIT_STATUS_HELP } from '../exit-codes.js';
import { span, type Line } from '../format/term-doc.js';
import { termOut } from '../format/term-output.js';

const USAGE = `Usage: hermes-mc maintenance [<instance> <30m|90m|2h|off>] [options]

Timed maintenance for one instance (a planned restart, an update): its
notifications are held, the window says "maintenance until 14:30", it ends on
its own, and one summary comes at the end if something is still wrong. The
running app picks the change up within one poll. With no arguments, lists the
windows running now. Also prints the command that holds the VM's own alerts, to
run on the VM yourself: nothing here changes the VM.

Options:
  --json           Print {"maintenance": {<id>: {startedAt, until, source}}}
  --config FILE    Check the instance against this config file
  --demo           The demo fleet (vijay, bheem)
  --data-dir DIR   The app data folder (default: this computer's)
  -h, --help       Show this help

This command: 0 when done (or listed), whatever the fleet's verdict, so
\`hermes-mc maintenance bheem 2h && <restart>\` runs the restart; 64 for a bad
duration or an instance not in the fleet; 78 for a config error.

${EXIT_STATUS_HELP}`;

interface Values {
  json?: boolean;
  config?: string;
  demo?: boolean;
  'data-dir'?: string;
}

/** The fleet's instances (id → label), or a config failure. */
async function fleetInstances(
  v: Values,
  io: CliIo,
): Promise<{ ok: true; demo: boolean; labels: Record<string, string> } | { ok: false; message: string }> {
  const demoLabels = Object.fromEntries(DEMO_INSTANCES.map((i) => [i.id, i.label]));
  if (v.demo) return { ok: true, demo: true, labels: demoLabels };
  const file = resolveConfigFile(v.config ?? null, { env: io.env as NodeJS.ProcessEnv });
  const loaded = await loadConfig(file);
  if (!loaded.ok) return { ok: false, message: loaded.error.message };
  if (!loaded.config || loaded.config.hosts.length === 0) {
    if (v.config && !loaded.config) return { ok: false, message: `Config file ${file} does not exist.` };
    return { ok: true, demo: true, labels: demoLabels };
  }
  const labels = Object.fromEntries(
    loaded.config.hosts.flatMap((h) => h.instances.map((i) => [i.id, i.label])),
  );
  return { ok: true, demo: false, labels };
}

function windowLines(
  windows: Record<string, MaintenanceWindow>,
  labels: Record<string, string>,
  nowMs: number,
): Line[] {
  const ids = Object.keys(windows).sort();
  if (ids.length === 0) return [[span('No instance is in maintenance.', 'dim')]];
  return ids.map((id) => [
    span(labels[id] ?? id, 'bold', 80),
    span(`: ${maintenanceLabel(windows[id]!.until, nowMs)}`),
    span(` (from the ${windows[id]!.source === 'cli' ? 'terminal' : windows[id]!.source})`, 'dim'),
  ]);
}

export function createMaintenanceCommand(deps: { now?: () => Date } = {}): CliCommand {
  return {
    name: 'maintenance',
    summary: 'Hold one instance’s notifications for a while (30m, 2h, off)',
    usage: USAGE,
    async run(args: string[], io: CliIo): Promise<number> {
      const parsed = parseCommandArgs<Values>(
        'maintenance',
        args,
        {
          json: { type: 'boolean' },
          config: { type: 'string' },
          demo: { type: 'boolean' },
          'data-dir': { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
        USAGE,
        io,
        true,
      );
      if (!parsed.ok) return parsed.code;
      const v = parsed.values;
      const [instanceId, spanText, ...extra] = parsed.positionals;
      if (extra.length > 0) return usageError('maintenance', `unexpected argument "${extra[0]}"`, io).code;
      if (instanceId !== undefined && spanText === undefined)
        return usageError('maintenance', `give a duration after ${instanceId}: 30m, 2h or off`, io).code;
      if (v.demo && v.config) return usageError('maintenance', 'use only one of --config, --demo', io).code;

      const fleet = await fleetInstances(v, io);
      if (!fleet.ok) {
        termOut(io.stderr, io.env).line(`hermes-mc maintenance: config error: ${fleet.message}`);
        return EXIT.config;
      }
      const root = v['data-dir'] ? resolve(v['data-dir']) : dataDir({ env: io.env as NodeJS.ProcessEnv });
      const store = createMaintenanceStore(join(root, fleet.demo ? 'demo' : 'fleet'));
      const now = deps.now?.() ?? new Date();
      const out = termOut(io.stdout, io.env);
      let state = await store.load();
      const running = () => {
        const live = activeMaintenance(state, now);
        return Object.fromEntries(Object.keys(live).map((id) => [id, state.windows[id]!]));
      };

      if (instanceId === undefined) {
        if (v.json) out.json({ maintenance: running() });
        else out.lines(windowLines(running(), fleet.labels, now.getTime()));
        return EXIT.ok;
      }
      if (!(instanceId in fleet.labels))
        return usageError(
          'maintenance',
          `no instance "${instanceId}" in this fleet (${Object.keys(fleet.labels).join(', ')})`,
          io,
        ).code;
      const minutes = spanText === 'off' ? null : parseMaintenanceMinutes(spanText!);
      if (spanText !== 'off' && minutes === null)
        return usageError('maintenance', `${spanText}: give 30m, 90m, 2h (at most 12h) or off`, io).code;

      state =
        minutes === null
          ? endMaintenance(state, instanceId, now).state
          : startMaintenance(state, instanceId, minutes, now, 'cli');
      await store.save(state);
      if (v.json) {
        out.json({ maintenance: running() });
        return EXIT.ok;
      }
      const label = fleet.labels[instanceId]!;
      const vm = vmMaintenanceCommand(instanceId, minutes, null);
      out.lines([
        minutes === null
          ? [span(label, 'bold', 80), span(': maintenance ended; notifications as usual again.')]
          : [
              span(label, 'bold', 80),
              span(`: ${maintenanceLabel(state.windows[instanceId]!.until, now.getTime())}.`),
            ],
        ...(minutes === null
          ? [[span('A summary follows at the next poll if something is still wrong.', 'dim')]]
          : [
              [
                span(
                  'Its notifications are held; one summary at the end if something is still wrong.',
                  'dim',
                ),
              ],
            ]),
        [],
        [span('To hold the VM’s own alerts too, run on the VM as the instance’s user', 'dim')],
        [span('(prefix sudo -u <user> for a user instance):', 'dim')],
        [span('  '), span(vm ?? '', undefined, 4000)],
      ]);
      return EXIT.ok;
    },
  };
}
