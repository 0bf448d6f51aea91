/**
 * Builds the renderer into out/renderer when the build is missing or older than any renderer source or
 * contract file. Uses vite directly with the same settings as electron.vite.config.ts's renderer entry, so
 * the e2e tests do not depend on the main/preload Electron entries compiling.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { build } from 'vite';
import { RENDERER_BUILD } from '../../../renderer/build-options.js';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const RENDERER_OUT = join(ROOT, 'out/renderer');

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

const SOURCES = ['renderer', 'preload/ipc-contract.ts', 'common'];

export function rendererBuildIsFresh(): boolean {
  const index = join(RENDERER_OUT, 'index.html');
  if (!existsSync(index)) return false;
  const built = statSync(index).mtimeMs;
  return SOURCES.every((s) => newestMtime(join(ROOT, s)) <= built);
}

let pending: Promise<void> | null = null;

/**
 * Builds once per process; later callers share the same build. A production build even under vitest
 * (NODE_ENV=test): vite picks React's development build from NODE_ENV, not from `mode`, and out/renderer
 * is what `hermes-mc web` and the app serve afterwards.
 */
export function ensureRendererBuilt(): Promise<void> {
  if (rendererBuildIsFresh()) return Promise.resolve();
  pending ??= (async () => {
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await build({
        configFile: false,
        mode: 'production',
        root: join(ROOT, 'renderer'),
        base: './',
        logLevel: 'error',
        plugins: [react()],
        build: { ...RENDERER_BUILD, outDir: RENDERER_OUT, emptyOutDir: true },
      });
    } finally {
      process.env.NODE_ENV = previous;
    }
  })();
  return pending;
}
