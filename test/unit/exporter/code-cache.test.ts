/**
 * The exporter's V8 code cache (exporter/src/loader/code-cache.ts) on small real sources: where it lives,
 * that V8 accepts what it wrote, and that a bad or foreign cache costs speed only, never the run.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cacheDirFromEnv, cacheFileName, loadBundle } from '../../../exporter/src/loader/code-cache.js';

const require = createRequire(import.meta.url);
// A CommonJS body like the built bundle's: uses require and module.exports, and has a lazily compiled function.
const SOURCE = `const { join } = require('node:path');
function later(n) { let s = 0; for (let i = 0; i < n; i++) s += i; return join('a', String(s)); }
module.exports = { later, eager: 42 };`;

let dir: string;
let source: string;
let sources = 0;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hmc-code-cache-'));
  // V8 keeps compiled scripts per process by source text; a fresh text per test makes each test see
  // what a fresh exporter process sees (the bundle test runs real fresh processes).
  source = `${SOURCE}\n// test source ${++sources}`;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function load(cacheDir: string | null, text = source, buildId = 'b1') {
  return loadBundle<{ later: (n: number) => string; eager: number }>({
    source: text,
    buildId,
    filename: 'bundle.js',
    require,
    cacheDir,
  });
}

describe('cacheDirFromEnv', () => {
  it('uses systemd CACHE_DIRECTORY (first absolute entry) and nothing else', () => {
    expect(cacheDirFromEnv({ CACHE_DIRECTORY: '/var/cache/hermes-exporter/vijay' })).toBe(
      '/var/cache/hermes-exporter/vijay',
    );
    expect(cacheDirFromEnv({ CACHE_DIRECTORY: '/a:/b' })).toBe('/a');
    expect(cacheDirFromEnv({ CACHE_DIRECTORY: 'relative' })).toBeNull();
    expect(cacheDirFromEnv({ HOME: '/root', XDG_CACHE_HOME: '/root/.cache' })).toBeNull();
  });

  it('names the file by build, Node, V8 and architecture', () => {
    const name = cacheFileName('0.1.0-abc');
    expect(name).toContain('0.1.0-abc');
    expect(name).toContain(process.version);
    expect(name).toContain(process.arch);
    expect(name).not.toContain('/');
  });
});

describe('loadBundle', () => {
  it('runs the bundle without a cache folder and writes nothing', () => {
    const b = load(null);
    expect(b.exports.eager).toBe(42);
    expect(b.exports.later(4)).toBe(join('a', '6'));
    expect(b.cache).toBe('off');
    b.save();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('misses, saves after the run (0600, no temp file), then hits with the same behaviour', () => {
    const first = load(dir);
    expect(first.cache).toBe('miss');
    first.exports.later(10);
    first.save();
    const files = readdirSync(dir);
    expect(files).toEqual([cacheFileName('b1')]);
    expect(statSync(join(dir, files[0]!)).mode & 0o777).toBe(0o600);

    const second = load(dir);
    expect(second.cache).toBe('hit');
    expect(second.exports.later(10)).toBe(join('a', '45'));
    const before = readFileSync(join(dir, files[0]!));
    second.save();
    expect(readFileSync(join(dir, files[0]!)).equals(before), 'a hit does not rewrite').toBe(true);
  });

  it('rejects a corrupt cache, still runs, and replaces it', () => {
    const file = join(dir, cacheFileName('b1'));
    writeFileSync(file, Buffer.alloc(2048, 1));
    const b = load(dir);
    expect(b.cache).toBe('miss');
    expect(b.exports.eager).toBe(42);
    b.save();
    expect(readFileSync(file).equals(Buffer.alloc(2048, 1))).toBe(false);
  });

  it('never reuses the cache of a different source under the same name', () => {
    load(dir).save();
    const other = load(dir, `${source}\nmodule.exports.eager = 7;`);
    expect(other.exports.eager).toBe(7);
    expect(other.cache).toBe('miss');
  });

  it('costs nothing but speed when the folder cannot be written', () => {
    const notADir = join(dir, 'file');
    writeFileSync(notADir, 'x');
    const b = load(join(notADir, 'cache'));
    expect(b.cache).toBe('miss');
    expect(() => b.save()).not.toThrow();
    const readOnly = join(dir, 'ro');
    mkdirSync(readOnly, { mode: 0o500 });
    expect(() => load(readOnly).save()).not.toThrow();
  });
});
