/** The built `hermes-mc web` as a real subprocess, for e2e tests that drive it in Chromium. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { isolatedHomeEnv } from '../../helpers/isolated-home.js';
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

/**
 * `hermes-mc web --config <home>/config.json --port 0` with `configText` as that file, and HOME and the
 * XDG folders in `home` (created if missing) so nothing of the machine's own config or SSH agent is used.
 */
export async function startWebCommandOnConfig(
  home: string,
  configText: string,
): Promise<{ url: string; proc: ChildProcess; file: string }> {
  await mkdir(home, { recursive: true });
  const file = join(home, 'config.json');
  await writeFile(file, configText);
  const { url, proc } = await startWebCommand(['--config', file, '--port', '0'], isolatedHomeEnv(home));
  return { url, proc, file };
}
