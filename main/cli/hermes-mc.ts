/**
 * `hermes-mc`: the headless Mission Control command (built to out/cli/hermes-mc.mjs). Plain Node, no
 * Electron. This file only wires the real process to runCli.
 */
import { runCli } from './run-cli.js';

const interrupted = new Promise<void>((resolve) => {
  process.once('SIGINT', () => resolve());
  process.once('SIGTERM', () => resolve());
});

// Last line of defence (issue 11 §3): if the event loop ever empties while the command is still waiting
// (a promise nothing will settle), Node would exit 13 with no output. Say so, with the documented code.
let finished = false;
process.once('beforeExit', () => {
  if (finished) return;
  process.stderr.write(
    'hermes-mc: internal error (a bug, please report it): the command stopped waiting for an answer that can never come.\n',
    () => process.exit(70),
  );
});

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  interrupted,
});
finished = true;
// Let pending writes flush, then leave even if a socket or timer is still referenced.
process.stdout.write('', () => process.exit(code));
