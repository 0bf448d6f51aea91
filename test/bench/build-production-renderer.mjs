// The renderer built for production into a folder of its own (vite, the settings of renderer/build-options.ts),
// checked to be a production build: for the renderer bench and `npm run screenshots`.
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RENDERER_BUILD } from '../../renderer/build-options.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Builds the renderer for production into its own folder (vite, the same settings as the e2e helper). */
export async function buildProductionRenderer() {
  // Vite picks React's development build and JSX runtime whenever NODE_ENV is not "production".
  process.env.NODE_ENV = 'production';
  const [{ build }, { default: react }] = await Promise.all([import('vite'), import('@vitejs/plugin-react')]);
  const outDir = await mkdtemp(join(tmpdir(), 'hmc-bench-renderer-build-'));
  await build({
    configFile: false,
    root: join(root, 'renderer'),
    base: './',
    mode: 'production',
    logLevel: 'error',
    plugins: [react()],
    build: { ...RENDERER_BUILD, outDir, emptyOutDir: true },
  });
  const assets = join(outDir, 'assets');
  for (const f of await readdir(assets)) {
    if (f.endsWith('.js') && (await readFile(join(assets, f), 'utf8')).includes('jsxDEV'))
      throw new Error('the renderer build is a development build; the figures would not mean anything');
  }
  return outDir;
}
