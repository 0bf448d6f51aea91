/**
 * Runs the bundled exporter through V8's code cache, the way Node >= 22's `module.enableCompileCache()`
 * does for modules, but available on the Node 20 of our VMs: the exporter is a fresh process every 60 s,
 * and compiling its ~430 kB bundle (plus every function it calls) was the largest single cost of a run.
 *
 * The cache lives only where the service manager gives the exporter a private cache folder (systemd's
 * `CacheDirectory=` → `$CACHE_DIRECTORY`, mode 0700, owned by the exporter's user), never next to the
 * bundle or under HERMES_HOME. Without one, the code is compiled as usual. A cache written by another
 * build, Node or V8 is rejected by V8 itself (and by its name) and rewritten after the run; any failure to
 * read or write it only costs speed, never the run.
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Script } from 'node:vm';

/** CommonJS-shaped entry: what the wrapped bundle receives. */
export type CommonJsRequire = (id: string) => unknown;

export interface CodeCacheOptions {
  /** The bundle's source, a CommonJS body (it is wrapped in a function here). */
  source: string;
  /** Identifies the build (e.g. a hash of `source`); part of the cache file name. */
  buildId: string;
  /** Shown in stack traces. */
  filename: string;
  require: CommonJsRequire;
  /** The cache folder, or null for no cache. */
  cacheDir: string | null;
}

export interface LoadedBundle<T> {
  exports: T;
  /** 'hit' = V8 accepted the cache; 'miss' = none yet or rejected (saved after the run); 'off' = no folder. */
  cache: 'hit' | 'miss' | 'off';
  /** Writes the cache when it was missing or rejected; call after the run so lazily compiled functions are in it. Never throws. */
  save: () => void;
}

const WRAPPER_HEAD = '(function (exports, require, module, __filename, __dirname) {';
const WRAPPER_TAIL = '\n})';

/** `$CACHE_DIRECTORY` (systemd; the first entry when several are listed), else null. */
export function cacheDirFromEnv(env: NodeJS.ProcessEnv): string | null {
  const dirs = env.CACHE_DIRECTORY?.split(':').filter((d) => d.startsWith('/'));
  return dirs?.[0] ?? null;
}

/** The cache file for this build on this Node/V8 and architecture. */
export function cacheFileName(buildId: string): string {
  const runtime = `${process.version}-${process.versions.v8}-${process.arch}`.replace(/[^\w.-]/g, '_');
  return `hermes-exporter-${buildId.replace(/[^\w.-]/g, '_')}-${runtime}.v8cache`;
}

function readCache(file: string | null): Buffer | undefined {
  if (file === null) return undefined;
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Compiles and evaluates the bundle (with the cache when there is one) and returns its exports. */
export function loadBundle<T>(options: CodeCacheOptions): LoadedBundle<T> {
  const file = options.cacheDir === null ? null : join(options.cacheDir, cacheFileName(options.buildId));
  const cachedData = readCache(file);
  const script = new Script(WRAPPER_HEAD + options.source + WRAPPER_TAIL, {
    filename: options.filename,
    cachedData,
  });
  const module = { exports: {} as T };
  const fn = script.runInThisContext() as (
    exports: unknown,
    require: CommonJsRequire,
    module: { exports: T },
    filename: string,
    dirname: string,
  ) => void;
  fn(module.exports, options.require, module, options.filename, '.');

  const hit = cachedData !== undefined && script.cachedDataRejected === false;
  return {
    exports: module.exports,
    cache: file === null ? 'off' : hit ? 'hit' : 'miss',
    save: () => {
      if (file === null || hit) return;
      writeCacheFile(file, script.createCachedData());
    },
  };
}

/** Atomic and private (0600): a half-written cache would just be rejected, but a rename keeps it clean. */
function writeCacheFile(file: string, data: Buffer): void {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
    writeFileSync(tmp, data, { mode: 0o600, flag: 'wx' });
    chmodSync(tmp, 0o600);
    renameSync(tmp, file);
  } catch {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // The folder itself is unusable: nothing was written.
    }
  }
}
