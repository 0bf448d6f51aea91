/**
 * The entry of out/exporter/hermes-exporter.mjs. The build (scripts/build-bundles.mjs) inlines the whole
 * exporter (bin.ts and its dependencies, as one CommonJS body) into `__EXPORTER_BUNDLE__`; this file
 * evaluates it through the V8 code cache (loader/code-cache.ts) and runs it.
 */
import { createRequire } from 'node:module';
import type { savesCodeCache, start } from './bin.js';
import { cacheDirFromEnv, loadBundle } from './loader/code-cache.js';

declare const __EXPORTER_BUNDLE__: string;
declare const __EXPORTER_BUILD_ID__: string;

const bundle = loadBundle<{ start: typeof start; savesCodeCache: typeof savesCodeCache }>({
  source: __EXPORTER_BUNDLE__,
  buildId: __EXPORTER_BUILD_ID__,
  filename: 'hermes-exporter.bundle.js',
  require: createRequire(import.meta.url),
  cacheDir: cacheDirFromEnv(process.env),
});
const argv = process.argv.slice(2);
const code = await bundle.exports.start(argv, bundle.cache);
if (bundle.exports.savesCodeCache(argv)) bundle.save();
process.exitCode = code;
