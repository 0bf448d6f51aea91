/** Every `hermes-mc` subcommand, in `help` order. Add a command: one file in this folder + one line here. */
import type { CliCommand } from '../command.js';

import { fingerprintCommand } from './fingerprint.js';
import { createIncidentsCommand } from './incidents.js';
import { createMaintenanceCommand } from './maintenance.js';
import { cronCliCommand, spendCliCommand, warningsCliCommand, webCliCommand } from './registered.js';
import { statusCommand } from './status.js';

export const COMMANDS: CliCommand[] = [
  statusCommand,
  warningsCliCommand(),
  cronCliCommand(),
  spendCliCommand(),
  webCliCommand(),
  fingerprintCommand,
  createIncidentsCommand(),
  createMaintenanceCommand(),
];
