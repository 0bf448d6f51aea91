/** The real fleet behind `hermes-mc cron` (one poll of the configured fleet or the demo), as for `warnings`. */
import { thresholdsSchema } from '../../../preload/ipc-contract.js';
import type { CliCommand } from '../command.js';
import { openFleet } from '../fleet-session.js';
import { createCronCommand } from './cron.js';

export function cronCliCommand(): CliCommand {
  return createCronCommand({
    loadFleet: async (options, io) => {
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
    },
  });
}
