/**
 * `hermes-mc`: the headless Mission Control command (built to out/cli/hermes-mc.mjs). Plain Node, no
 * Electron. This file only wires the real process to runCli.
 */
import { runCli } from './run-cli.js';

const interrupted = new Promise<void>((resolve) => {
  process.once('SIGINT', () => resolve());
  process.once('SIGTERM', () => resolve());
});

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  interrupted,
});
// Let pending writes flush, then leave even if a socket or timer is still referenced.
process.stdout.write('', () => process.exit(code));
