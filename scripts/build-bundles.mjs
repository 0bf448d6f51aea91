#!/usr/bin/env node
// Builds the two plain-node bundles with esbuild:
//  - out/exporter/hermes-exporter.mjs: the VM exporter, every dependency inlined, so it runs with plain
//    `node` >= 20.19 and no node_modules (it is copied to the VM as one file).
//  - out/cli/hermes-mc.mjs: the headless Mission Control command; dependencies stay external because it
//    runs from the installed package.
// Why esbuild and not a fourth electron-vite entry: electron-vite's entries are Electron-shaped (main,
// preload, renderer); a single self-contained node ESM file is one esbuild call and builds in ~100 ms.
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

// ESM output of CommonJS dependencies needs a real `require` for node built-ins.
const requireShim =
  "import { createRequire as __hmcCreateRequire } from 'node:module'; const require = __hmcCreateRequire(import.meta.url);";

const targets = [
  {
    entry: 'exporter/src/cli.ts',
    outfile: 'out/exporter/hermes-exporter.mjs',
    external: [],
    // Minified: the VM parses this file every 60 s; a smaller file starts measurably faster.
    minify: true,
  },
  {
    entry: 'main/cli/hermes-mc.ts',
    outfile: 'out/cli/hermes-mc.mjs',
    packagesExternal: true,
  },
];

// zod re-exports ~50 message locales from `locales/index.js`; the exporter only ever speaks English, and
// parsing those ~360 kB on every 60-second run on the VM is measurable. Resolve the index to English only.
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /locales\/index\.js$/ }, (args) => {
      if (!args.importer.includes(`${join('node_modules', 'zod')}`)) return undefined;
      return { path: args.importer, namespace: 'zod-locales' };
    });
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(join(dirname(args.path), '..', 'locales', 'en.js'))};`,
      resolveDir: root,
    }));
  },
};

export async function buildBundles({ quiet = false } = {}) {
  const built = [];
  for (const t of targets) {
    const entry = join(root, t.entry);
    if (!existsSync(entry)) continue;
    await build({
      entryPoints: [entry],
      outfile: join(root, t.outfile),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20.19',
      sourcemap: false,
      minify: t.minify ?? false,
      legalComments: 'none',
      packages: t.packagesExternal ? 'external' : undefined,
      plugins: t.packagesExternal ? [] : [zodEnglishOnly],
      banner: { js: `#!/usr/bin/env node\n${requireShim}` },
      define: { __APP_VERSION__: JSON.stringify(pkg.version) },
      logLevel: quiet ? 'error' : 'info',
    });
    built.push(t.outfile);
  }
  return built;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const built = await buildBundles();
  console.log(`built ${built.join(', ') || 'nothing'}`);
}
