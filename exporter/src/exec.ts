/**
 * The exporter's only way to start a subprocess: no shell, a hard timeout that kills the child, bounded
 * output, and a counter. The run budget is at most 4 subprocesses; the counter makes that observable
 * (`--stats` on stderr, `lastRun.subprocesses` in state.json) and testable.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { basename } from 'node:path';
import type { ExecFn, ExecResult } from './collect/context.js';

export interface ExecStats {
  /** Subprocesses started during this run (including ones that failed to spawn). */
  count: number;
  /** One entry per subprocess: the program's base name and its first argument (never full argv: args may hold paths). */
  commands: string[];
}

export interface CountingExec {
  exec: ExecFn;
  stats: () => ExecStats;
}

export interface CountingExecOptions {
  /** Used when a call does not pass its own timeout. */
  defaultTimeoutMs?: number;
  /** Used when a call does not pass its own maxBuffer (bytes per stream). */
  defaultMaxBuffer?: number;
}

/** Creates an {@link ExecFn} that counts what it starts. Never rejects: spawn errors come back as `code: null`. */
export function createCountingExec(options: CountingExecOptions = {}): CountingExec {
  const defaultTimeoutMs = options.defaultTimeoutMs ?? 5000;
  const defaultMaxBuffer = options.defaultMaxBuffer ?? 4 * 1024 * 1024;
  const commands: string[] = [];

  const exec: ExecFn = (file, args, opts = {}) => {
    commands.push([basename(file), args[0]].filter(Boolean).join(' '));
    return runChild(file, args, {
      timeoutMs: opts.timeoutMs ?? defaultTimeoutMs,
      maxBuffer: opts.maxBuffer ?? defaultMaxBuffer,
      cwd: opts.cwd,
      env: opts.env,
      input: opts.input,
    });
  };
  return { exec, stats: () => ({ count: commands.length, commands: [...commands] }) };
}

interface ChildOptions {
  timeoutMs: number;
  maxBuffer: number;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  input?: string;
}

function runChild(file: string, args: string[], opts: ChildOptions): Promise<ExecResult> {
  return new Promise((resolve) => {
    let settled = false;
    let timedOut = false;
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    const finish = (code: number | null, extraErr = ''): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8') + extraErr,
        timedOut,
      });
    };

    let child: ChildProcess;
    try {
      child = spawn(file, args, {
        shell: false,
        cwd: opts.cwd,
        env: opts.env,
        stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
        windowsHide: true,
      });
    } catch (e) {
      resolve({ code: null, stdout: '', stderr: `spawn failed: ${(e as Error).message}`, timedOut: false });
      return;
    }

    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs);

    child.stdout?.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > opts.maxBuffer) {
        child.kill('SIGKILL');
        finish(null, '\noutput exceeded maxBuffer');
        return;
      }
      out.push(chunk);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      errBytes += chunk.length;
      if (errBytes <= 64 * 1024) err.push(chunk);
    });
    child.on('error', (e) => finish(null, `spawn failed: ${e.message}`));
    child.on('close', (code) => finish(code));
    if (opts.input !== undefined && child.stdin) {
      child.stdin.on('error', () => undefined); // the child may exit before reading its input
      child.stdin.end(opts.input);
    }
  });
}
