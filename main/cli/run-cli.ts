/** Dispatch `hermes-mc <command> …` to the command registry; help and version live here. */
import type { CliIo } from './command.js';
import { COMMANDS } from './commands/index.js';

declare const __APP_VERSION__: string | undefined;
const VERSION = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : '0.0.0-dev';

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'hermes-mc: Hermes Mission Control from the terminal (read-only).',
    '',
    'Usage: hermes-mc <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `hermes-mc <command> --help` for its options.',
    '',
  ].join('\n');
}

/** Run the CLI; resolves with the exit code. Never throws for user errors. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.stdout.write(help());
    return 0;
  }
  if (name === '--version' || name === 'version') {
    io.stdout.write(`hermes-mc ${VERSION}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`hermes-mc: unknown command "${name}"\n\n${help()}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    io.stderr.write(`hermes-mc ${name}: internal error: ${(err as Error).message}\n`);
    return 2;
  }
}
