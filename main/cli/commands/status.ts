/**
 * `hermes-mc status [--json] [--watch] [fleet options]`
 *
 * One poll of every configured instance (or the labelled demo fleet when nothing is configured), printed
 * as a table that fits the terminal or as JSON; `--watch` keeps polling and redraws. The exit code is the
 * fleet's worst verdict (main/cli/exit-codes.ts), for one-shot runs and for `--watch` stopped with Ctrl-C.
 */
import { join } from 'node:path';
import { activeMaintenance } from '../../../common/model/maintenance.js';
import { dataDir } from '../../core/config/config-paths.js';
import { createMaintenanceStore } from '../../core/maintenance/maintenance-store.js';
import { thresholdsSchema, type Thresholds } from '../../../preload/ipc-contract.js';
import { evaluateRules } from '../../../common/alerts/evaluate-rules.js';
import type { InstanceStatus } from '../../../common/model/instance-status.js';
import type { Warning } from '../../../common/model/warning.js';
import {
  fleetOpenFailure,
  fleetOptions,
  FLEET_OPTIONS,
  FLEET_OPTIONS_HELP,
  parseCommandArgs,
} from '../cli-args.js';
import type { CliCommand, CliIo } from '../command.js';
import { EXIT, EXIT_STATUS_HELP, fleetExitCode } from '../exit-codes.js';
import { openFleet } from '../fleet-session.js';
import { statusJson, statusLines } from '../format/status-output.js';
import { termOut } from '../format/term-output.js';
import { createStatusRefresher, type MaintenanceNow } from './status-refresh.js';

const USAGE = `Usage: hermes-mc status [options]

Shows each Hermes instance's verdict first (OK, Needs attention, Critical, Unknown), then how fresh its
data is, and its gateway, cron, backup, disk, memory and Telegram. The table fits the terminal (narrow
terminals drop the least important columns, and say which). Without a config file it shows the
built-in demo fleet, labelled as such.

Options:
  --json                      Print {"demo", "instances":[{id, label, verdict, state, reason, …}]}
  --watch                     Keep polling and redraw until Ctrl-C
${FLEET_OPTIONS_HELP}

${EXIT_STATUS_HELP}`;

function evaluate(instances: InstanceStatus[], thresholds: Thresholds): Warning[] {
  try {
    return evaluateRules({ instances, thresholds, now: new Date() });
  } catch {
    return []; // the verdicts still follow the data states; never a crash instead of a screen
  }
}

interface StatusValues {
  json?: boolean;
  watch?: boolean;
  config?: string;
  demo?: boolean;
  'snapshot-root'?: string;
  'accept-host-key'?: string;
}

export const statusCommand: CliCommand = {
  name: 'status',
  summary: 'Show the verdict and health of every Hermes instance (table or --json)',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const parsed = parseCommandArgs<StatusValues>(
      'status',
      args,
      { ...FLEET_OPTIONS, json: { type: 'boolean' }, watch: { type: 'boolean' } },
      USAGE,
      io,
    );
    if (!parsed.ok) return parsed.code;
    const values = parsed.values;
    const fleet = fleetOptions('status', values, io);
    if (!fleet.ok) return fleet.code;

    const opened = await openFleet(fleet.options, io);
    if (!opened.ok) return fleetOpenFailure('status', opened, io);
    const session = opened.session;
    const thresholds = session.config?.thresholds ?? thresholdsSchema.parse({});
    const out = termOut(io.stdout, io.env);
    // Timed maintenance the app (or `hermes-mc maintenance`) recorded on this machine, shown beside the
    // verdict; read again for every screen.
    const readMaintenance = () => runningMaintenance(session.demo, io);

    const render = (instances: InstanceStatus[], redraw: boolean, maintenance: MaintenanceNow): number => {
      const warnings = evaluate(instances, thresholds);
      if (values.json) {
        out.json(statusJson(instances, session.demo, warnings, maintenance), {
          compact: Boolean(values.watch),
        });
      } else {
        if (redraw) out.clearScreen();
        out.lines(
          statusLines(instances, warnings, {
            demo: session.demo,
            nowMs: Date.now(),
            columns: out.columns,
            clockSkewWarnSeconds: thresholds.clockSkewWarnSeconds,
            maintenance,
          }),
        );
      }
      return fleetExitCode(instances, warnings);
    };

    try {
      if (!values.watch) {
        const state = await session.poller.refreshNow();
        return render(state.instances, false, await readMaintenance());
      }
      let code: number = EXIT.unknown; // nothing shown yet: nothing vouched for
      let screens = 0;
      const screen = createStatusRefresher({
        readMaintenance,
        draw: (instances, maintenance) => {
          code = render(instances, screens++ > 0 || out.isTTY, maintenance);
        },
      });
      session.poller.onChange((state) => screen.refresh(state.instances));
      session.poller.start();
      // A monitor outlives every connection fault: keep the process alive until Ctrl-C even at a moment
      // when no socket or timer happens to be pending (between a dropped link and the next retry).
      const keepWatching = setInterval(() => undefined, 60_000);
      try {
        await io.interrupted;
        await screen.settled();
      } finally {
        clearInterval(keepWatching);
      }
      return code;
    } finally {
      await session.close();
    }
  },
};

async function runningMaintenance(demo: boolean, io: CliIo): Promise<Record<string, string>> {
  const folder = join(dataDir({ env: io.env as NodeJS.ProcessEnv }), demo ? 'demo' : 'fleet');
  return activeMaintenance(await createMaintenanceStore(folder).load(), new Date());
}
