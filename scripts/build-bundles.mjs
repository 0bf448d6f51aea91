#!/usr/bin/env node
// Builds the two plain-node bundles with esbuild:
//  - out/exporter/hermes-exporter.mjs: the VM exporter, every dependency inlined, so it runs with plain
//    `node` >= 20.19 and no node_modules (it is copied to the VM as one file).
//  - out/cli/hermes-mc.mjs: the headless Mission Control command; dependencies stay external because it
//    runs from the installed package.
// Why esbuild and not a fourth electron-vite entry: electron-vite's entries are Electron-shaped (main,
// preload, renderer); a single self-contained node ESM file is one esbuild call and builds in ~100 ms.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

// ESM output of CommonJS dependencies needs a real `require` for node built-ins.
const requireShim =
  "import { createRequire as __hmcCreateRequire } from 'node:module'; const require = __hmcCreateRequire(import.meta.url);";

/**
 * The exporter is built in two steps. (1) exporter/src/bin.ts and every dependency become one minified
 * CommonJS body (minified: the VM loads it every 60 s). (2) That body is inlined as a string into the
 * ESM entry exporter/src/loader.ts, which evaluates it through V8's code cache (loader/code-cache.ts):
 * compiling the bundle was the largest fixed cost of a run on Node 20, which has no
 * `module.enableCompileCache()`. Still one self-contained file that plain `node` runs.
 */
const EXPORTER_OUT = 'out/exporter/hermes-exporter.mjs';

// The headless `hermes-mc` command: dependencies stay external (it runs from the installed package).
const targets = [
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
  const logLevel = quiet ? 'error' : 'info';
  const define = { __APP_VERSION__: JSON.stringify(pkg.version) };
  const built = [];

  const exporterBody = await build({
    entryPoints: [join(root, 'exporter/src/bin.ts')],
    write: false,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20.19',
    minify: true,
    legalComments: 'none',
    plugins: [zodEnglishOnly],
    define,
    logLevel,
  });
  const body = exporterBody.outputFiles[0].text;
  await build({
    entryPoints: [join(root, 'exporter/src/loader.ts')],
    outfile: join(root, EXPORTER_OUT),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    minify: true,
    legalComments: 'none',
    banner: { js: '#!/usr/bin/env node' },
    define: {
      __EXPORTER_BUNDLE__: JSON.stringify(body),
      __EXPORTER_BUILD_ID__: JSON.stringify(
        `${pkg.version}-${createHash('sha256').update(body).digest('hex').slice(0, 16)}`,
      ),
    },
    logLevel,
  });
  built.push(EXPORTER_OUT);

  for (const t of targets) {
    await build({
      entryPoints: [join(root, t.entry)],
      outfile: join(root, t.outfile),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20.19',
      sourcemap: false,
      legalComments: 'none',
      packages: t.packagesExternal ? 'external' : undefined,
      banner: { js: `#!/usr/bin/env node\n${requireShim}` },
      define,
      logLevel,
    });
    built.push(t.outfile);
  }
  return built;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const built = await buildBundles();
  console.log(`built ${built.join(', ') || 'nothing'}`);
}
