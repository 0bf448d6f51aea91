/** The built `hermes-mc web` as a real subprocess, for e2e tests that drive it in Chromium. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ROOT } from './build-renderer.js';

/** Start the built `hermes-mc web` and resolve with the URL it prints first. */
export function startWebCommand(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ url: string; proc: ChildProcess }> {
  const proc = spawn(process.execPath, [join(ROOT, 'out/cli/hermes-mc.mjs'), 'web', ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  proc.stderr!.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    createInterface({ input: proc.stdout! }).once('line', (url) => resolve({ url, proc }));
    proc.once('exit', (code) => reject(new Error(`hermes-mc web exited ${code}: ${stderr}`)));
  });
}

/** Stops the command and waits for it: it writes history until it exits (SIGKILL after 5 s). */
export function stopWebCommand(proc: ChildProcess): Promise<void> {
  return new Promise<void>((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
    const force = setTimeout(() => proc.kill('SIGKILL'), 5000);
    proc.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    proc.kill('SIGTERM');
  });
}
