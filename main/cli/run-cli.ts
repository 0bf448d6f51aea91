/** Dispatch `hermes-mc <command> …` to the command registry; help and version live here. */
import type { CliIo } from './command.js';
import { COMMANDS } from './commands/index.js';
import { EXIT, EXIT_STATUS_HELP } from './exit-codes.js';
import { termOut } from './format/term-output.js';

declare const __APP_VERSION__: string | undefined;
const VERSION = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : '0.0.0-dev';

function help(): string[] {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'hermes-mc: Hermes Mission Control from the terminal (read-only: it never changes the VM).',
    '',
    'Usage: hermes-mc <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `hermes-mc <command> --help` for its options.',
    '',
    ...EXIT_STATUS_HELP.trimEnd().split('\n'),
  ];
}

const asLines = (texts: string[]) => texts.map((text) => [{ text }]);

/** Run the CLI; resolves with the exit code (main/cli/exit-codes.ts). Never throws. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  const out = termOut(io.stdout, io.env);
  const err = termOut(io.stderr, io.env);
  if (name === 'help' || name === '--help' || name === '-h') {
    out.lines(asLines(help()));
    return EXIT.ok;
  }
  if (!name) {
    // Bare `hermes-mc` asked for nothing: say what it can do, and do not pass for success in a script.
    err.lines(asLines(help()));
    return EXIT.usage;
  }
  if (name === '--version' || name === 'version') {
    out.line(`hermes-mc ${VERSION}`);
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    err.lines(asLines([`hermes-mc: unknown command "${name}"`, '', ...help()]));
    return EXIT.usage;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    err.line(`hermes-mc ${name}: internal error (a bug, please report it): ${(e as Error).message}`);
    return EXIT.internal;
  }
}
