/**
 * What the built exporter runs: the CLI with the real collectors and signal handling. Kept apart from
 * cli.ts (which tests drive with injected collectors) and loaded by loader.ts through the code cache.
 */
// First, before any module that builds a zod schema (see zod-jitless.ts).
import './zod-jitless.js';
import { collectHermes } from './collect/hermes.js';
import { collectSystem } from './collect/system.js';
import { parseCliArgs } from './cli-args.js';
import { main } from './cli.js';

/** Runs the exporter with this process's arguments and streams; resolves with the exit code. */
export function start(argv: string[], codeCache?: 'hit' | 'miss' | 'off'): Promise<number> {
  const controller = new AbortController();
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => controller.abort());
  return main(
    argv,
    { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) },
    { collectors: { collectHermes, collectSystem }, signal: controller.signal, codeCache },
  );
}

/**
 * Whether this invocation should write the code cache: only the collecting commands (`run`, `check`), so
 * the cache holds the functions a timer run needs rather than what `--version` happened to compile.
 */
export function savesCodeCache(argv: string[]): boolean {
  const kind = parseCliArgs(argv).kind;
  return kind === 'run' || kind === 'check';
}
