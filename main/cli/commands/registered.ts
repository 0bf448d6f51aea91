/**
 * The real core behind the injected-dependency commands (`warnings`, `spend`, `cron`, `web`). Kept apart from the
 * commands so their tests can inject fixtures.
 */
import { thresholdsSchema } from '../../../preload/ipc-contract.js';
import { createAppService } from '../../core/app-service.js';
import type { CliCommand } from '../command.js';
import { openFleet } from '../fleet-session.js';
import { createCronCommand } from './cron.js';
import { createSpendCommand } from './spend.js';
import { createWarningsCommand, type LoadFleet } from './warnings.js';
import { createWebCommand } from './web.js';

/** One poll of the configured fleet (or the demo), with the settings' thresholds. */
const pollFleetOnce: LoadFleet = async (options, io) => {
  const opened = await openFleet({ ...options, history: false }, io);
  if (!opened.ok) return opened;
  const session = opened.session;
  const state = await session.poller.refreshNow();
  return {
    ok: true,
    fleet: {
      instances: state.instances,
      thresholds: session.config?.thresholds ?? thresholdsSchema.parse({}),
      hosts: session.config?.hosts,
      close: () => session.close(),
    },
  };
};

/** `hermes-mc warnings`: one poll of the configured fleet (or the demo), then every warning with its commands. */
export function warningsCliCommand(): CliCommand {
  return createWarningsCommand({ loadFleet: pollFleetOnce });
}

/** `hermes-mc spend`: one poll, then spend per instance against its average and cap. */
export function spendCliCommand(): CliCommand {
  return createSpendCommand({ loadFleet: pollFleetOnce });
}

/** `hermes-mc cron`: one poll, then each job's 7-day ledger. */
export function cronCliCommand(): CliCommand {
  return createCronCommand({ loadFleet: pollFleetOnce });
}

/** `hermes-mc web`: the real app service behind the loopback WebSocket bridge. */
export function webCliCommand(): CliCommand {
  return createWebCommand({
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
}
