/**
 * Adapters that give the injected-dependency commands (`warnings`, `web`) the real core and the CLI's
 * I/O shape. Kept apart from the commands so their tests can inject fixtures.
 */
import { thresholdsSchema } from '../../../preload/ipc-contract.js';
import { createAppService } from '../../core/app-service.js';
import type { CliCommand, CliIo } from '../command.js';
import { openFleet } from '../fleet-session.js';
import { createWarningsCommand } from './warnings.js';
import { createWebCommand } from './web.js';

function lineIo(io: CliIo) {
  return {
    stdout: (line: string) => void io.stdout.write(`${line}\n`),
    stderr: (line: string) => void io.stderr.write(`${line}\n`),
  };
}

function adapt(command: {
  name: string;
  describe: string;
  usage: string;
  run(argv: string[], io: ReturnType<typeof lineIo>): Promise<number>;
}): CliCommand {
  return {
    name: command.name,
    summary: command.describe,
    usage: `usage: ${command.usage}\n`,
    run: (args, io) => command.run(args, lineIo(io)),
  };
}

/** `hermes-mc warnings`: one poll of the configured fleet (or the demo), then every warning with its commands. */
export function warningsCliCommand(): CliCommand {
  let cliIo: CliIo | null = null;
  const inner = createWarningsCommand({
    loadFleet: async ({ configFile, demo }) => {
      const opened = await openFleet({ configFile, demo, history: false }, cliIo!);
      if (!opened.ok) throw Object.assign(new Error(opened.message), { code: 'CONFIG_INVALID' });
      const session = opened.session;
      const state = await session.poller.refreshNow();
      return {
        instances: state.instances,
        thresholds: session.config?.thresholds ?? thresholdsSchema.parse({}),
        hosts: session.config?.hosts,
        close: () => session.close(),
      };
    },
  });
  const adapted = adapt(inner);
  return {
    ...adapted,
    run: (args, io) => {
      cliIo = io;
      return adapted.run(args, io);
    },
  };
}

/** `hermes-mc web`: the real app service behind the loopback WebSocket bridge. */
export function webCliCommand(): CliCommand {
  const inner = createWebCommand({
    createService: async ({ configFile, demo }) => {
      const app = await createAppService({ configFile, demo });
      return {
        service: app.service,
        onState: (listener) => app.onState(listener),
        onFocusWarning: (listener) => app.onFocusWarning(listener),
        close: () => app.close(),
      };
    },
  });
  return adapt(inner);
}
