/**
 * The shape of a `hermes-mc` subcommand. Each lives in main/cli/commands/<name>.ts and is listed once in
 * main/cli/commands/index.ts; the entry point only dispatches. Commands get their I/O injected so tests
 * can run them in-process.
 */
export interface CliOutput {
  write(text: string): unknown;
  isTTY?: boolean;
  /** The terminal's width when it is a TTY (the stream's `columns`). */
  columns?: number;
}

export interface CliIo {
  stdout: CliOutput;
  stderr: CliOutput;
  /** For prompts (key passphrases); only used when it is a TTY. */
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  env: Record<string, string | undefined>;
  /** Resolves when the user asks to stop (Ctrl-C); used by `--watch`. */
  interrupted: Promise<void>;
}

export interface CliCommand {
  name: string;
  /** One line for `hermes-mc help`. */
  summary: string;
  /** Usage lines for `hermes-mc <name> --help`. */
  usage: string;
  /**
   * Returns the process exit code from main/cli/exit-codes.ts (the one contract every command keeps).
   * Must not throw for expected failures: print a message and return the code.
   */
  run(args: string[], io: CliIo): Promise<number>;
}
