/**
 * `hermes-mc status [--json] [--watch] [--config FILE] [--demo] [--accept-host-key SHA256:…]`
 *
 * One poll of every configured instance (or the labelled demo fleet when nothing is configured), printed
 * as a table or as JSON. Exit code: 0 all live and healthy, 1 degraded or stale, 2 unreachable,
 * incompatible or critical (see statusExitCode).
 */
import { parseArgs } from 'node:util';
import { thresholdsSchema, type Thresholds } from '../../../preload/ipc-contract.js';
import { evaluateRules } from '../../../common/alerts/evaluate-rules.js';
import type { InstanceStatus } from '../../../common/model/instance-status.js';
import type { CliCommand, CliIo } from '../command.js';
import { openFleet } from '../fleet-session.js';
import { colorEnabled } from '../format/colors.js';
import { statusJson, statusText } from '../format/status-output.js';
import { statusExitCode } from '../format/status-view.js';

const USAGE = `Usage: hermes-mc status [options]

Shows each Hermes instance: state and reason, data age (VM clock), gateway, Telegram, cron, backup,
disk and memory. Without a config file it shows the built-in demo fleet, labelled as such.

Options:
  --json                      Print {"instances":[{id,label,state,reason,generatedAt,fetchedAt,snapshot}]}
  --watch                     Keep polling and redraw until Ctrl-C
  --config FILE               Use this config file instead of the default one
  --demo                      Show the demo fleet even if hosts are configured
  --accept-host-key SHA256:…  Trust (and pin) this exact host key the first time a host is seen
  -h, --help                  Show this help

Exit status: 0 all live and healthy, 1 something degraded or stale,
             2 unreachable, incompatible, or a critical warning.
`;

function evaluate(instances: InstanceStatus[], thresholds: Thresholds) {
  try {
    return evaluateRules({ instances, thresholds, now: new Date() });
  } catch {
    return []; // the state columns still tell the truth; exit codes fall back to states alone
  }
}

export const statusCommand: CliCommand = {
  name: 'status',
  summary: 'Show the health of every Hermes instance (table or --json)',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    let values;
    try {
      ({ values } = parseArgs({
        args,
        strict: true,
        allowPositionals: false,
        options: {
          json: { type: 'boolean' },
          watch: { type: 'boolean' },
          config: { type: 'string' },
          demo: { type: 'boolean' },
          'accept-host-key': { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
      }));
    } catch (err) {
      io.stderr.write(`hermes-mc status: ${(err as Error).message}\n\n${USAGE}`);
      return 2;
    }
    if (values.help) {
      io.stdout.write(USAGE);
      return 0;
    }

    const opened = await openFleet(
      {
        configFile: values.config ?? null,
        demo: values.demo,
        acceptHostKey: values['accept-host-key'] ?? null,
        history: false,
      },
      io,
    );
    if (!opened.ok) {
      io.stderr.write(`hermes-mc: ${opened.message}\n`);
      return 2;
    }
    const session = opened.session;
    const thresholds = session.config?.thresholds ?? thresholdsSchema.parse({});
    const color = colorEnabled({ isTTY: Boolean(io.stdout.isTTY), env: io.env });

    const render = (instances: InstanceStatus[], clear: boolean): number => {
      const warnings = evaluate(instances, thresholds);
      if (values.json) {
        io.stdout.write(
          JSON.stringify(statusJson(instances, session.demo, warnings), null, values.watch ? undefined : 2) +
            '\n',
        );
      } else {
        const text = statusText(instances, warnings, {
          color,
          demo: session.demo,
          now: new Date(),
          clockSkewWarnSeconds: thresholds.clockSkewWarnSeconds,
        });
        io.stdout.write((clear ? '\x1b[2J\x1b[H' : '') + text);
      }
      return statusExitCode(instances, warnings);
    };

    try {
      if (!values.watch) {
        const state = await session.poller.refreshNow();
        return render(state.instances, false);
      }
      let code = 2;
      const clear = Boolean(io.stdout.isTTY) && !values.json;
      session.poller.onChange((state) => {
        code = render(state.instances, clear);
        if (!clear && !values.json) io.stdout.write('\n');
      });
      session.poller.start();
      await io.interrupted;
      return code;
    } finally {
      await session.close();
    }
  },
};
