/** Asking a person for a secret on the terminal, without echoing it. */
import type { CliIo } from './command.js';

/** Read one line from a TTY with echo off. Resolves null when stdin is not a TTY or input ends. */
export function promptHidden(io: Pick<CliIo, 'stdin' | 'stderr'>, question: string): Promise<string | null> {
  const { stdin } = io;
  if (!stdin.isTTY || typeof stdin.setRawMode !== 'function') return Promise.resolve(null);
  io.stderr.write(question);
  return new Promise((resolve) => {
    let value = '';
    const done = (result: string | null) => {
      stdin.removeListener('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      io.stderr.write('\n');
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
