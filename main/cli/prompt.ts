/** Asking a person for a secret on the terminal, without echoing it. */
import type { CliIo } from './command.js';
import { termOut } from './format/term-output.js';

/** Read one line from a TTY with echo off. Resolves null when stdin is not a TTY or input ends. */
export function promptHidden(
  io: Pick<CliIo, 'stdin' | 'stderr' | 'env'>,
  question: string,
): Promise<string | null> {
  const { stdin } = io;
  if (!stdin.isTTY || typeof stdin.setRawMode !== 'function') return Promise.resolve(null);
  const err = termOut(io.stderr, io.env);
  err.inline(question);
  return new Promise((resolve) => {
    let value = '';
    const done = (result: string | null) => {
      stdin.removeListener('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      err.line();
      resolve(result);
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done(value);
        if (ch === '\u0003' || ch === '\u0004') return done(null); // Ctrl-C / Ctrl-D
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.setRawMode?.(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}
