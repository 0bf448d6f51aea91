/** A CliIo that records what a command prints, for running commands in-process. */
import { PassThrough } from 'node:stream';
import type { CliIo } from '../../main/cli/command.js';

export interface MemoryCliIo {
  io: CliIo;
  stdout(): string;
  stderr(): string;
}

export function memoryCliIo(
  options: {
    env?: Record<string, string>;
    isTTY?: boolean;
    columns?: number;
    interrupted?: Promise<void>;
  } = {},
): MemoryCliIo {
  let out = '';
  let err = '';
  const stream = (append: (t: string) => void) => ({
    write: (t: string) => (append(t), true),
    isTTY: options.isTTY ?? false,
    ...(options.columns !== undefined ? { columns: options.columns } : {}),
  });
  return {
    io: {
      stdout: stream((t) => (out += t)),
      stderr: stream((t) => (err += t)),
      stdin: new PassThrough(),
      env: { TZ: 'UTC', ...options.env },
      interrupted: options.interrupted ?? new Promise<void>(() => undefined),
    },
    stdout: () => out,
    stderr: () => err,
  };
}
