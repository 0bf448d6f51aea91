// The window's first screen (issue 15 §2): what a cold load of `hermes-mc web --demo`'s page moves and
// how soon it paints, today's build against a baseline — BENCH_BASELINE_REF (default abb8c66, the last
// commit before the renderer was minified, split and served compressed) built the way it shipped then
// (electron-vite's renderer defaults: unminified, one script) and fetched the way it was served then
// (no compression, no-store: every load moves everything).
// Both pages are served by today's real `hermes-mc web` server over the real demo app service; the baseline
// page asks for no compression (Accept-Encoding: identity) and runs with the cache off (no-store).
// Per round and page, in a fresh browser context: bytes on the wire for the first screen (CDP
// Network.loadingFinished encodedDataLength), first-contentful-paint, and the same for a reload.
// Medians over BENCH_RUNS (default 7) rounds, interleaved; loopback, and with the network emulated at
// 20 Mbit/s and 20 ms (a remote desktop over a tailnet, say). Rewrites "## First screen" of docs/benchmarks.md.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RENDERER_BUILD } from '../../renderer/build-options.ts';
import { launchChromium } from '../e2e/helpers/browser.ts';
import { startBenchServer } from './renderer-fleet.mjs';
import { writeBenchSection } from './bench-docs.mjs';
import { median } from './bench-stats.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const BASELINE_REF = process.env.BENCH_BASELINE_REF ?? 'abb8c66';
const NETWORKS = {
  loopback: null,
  '20 Mbit/s, 20 ms': {
    offline: false,
    latency: 20,
    downloadThroughput: 2_500_000,
    uploadThroughput: 2_500_000,
  },
};

async function viteBuild(rendererRoot, outDir, build) {
  process.env.NODE_ENV = 'production';
  const [{ build: run }, { default: react }] = await Promise.all([
    import('vite'),
    import('@vitejs/plugin-react'),
  ]);
  await run({
    configFile: false,
    root: rendererRoot,
    base: './',
    mode: 'production',
    logLevel: 'error',
    plugins: [react()],
    build: { ...build, outDir, emptyOutDir: true },
  });
}

/** The baseline's sources (renderer, common, preload) at BASELINE_REF, built as electron-vite built them. */
async function buildBaseline() {
  const src = await mkdtemp(join(tmpdir(), 'hmc-bench-first-screen-src-'));
  const tar = execFileSync('git', ['-C', root, 'archive', BASELINE_REF, 'renderer', 'common', 'preload']);
  execFileSync('tar', ['-x', '-C', src], { input: tar });
  await symlink(join(root, 'node_modules'), join(src, 'node_modules'));
  const out = await mkdtemp(join(tmpdir(), 'hmc-bench-first-screen-before-'));
  await viteBuild(join(src, 'renderer'), out, { minify: false, reportCompressedSize: false });
  return { src, out };
}

async function buildCurrent() {
  const out = await mkdtemp(join(tmpdir(), 'hmc-bench-first-screen-now-'));
  await viteBuild(join(root, 'renderer'), out, RENDERER_BUILD);
  return out;
}

/** One cold load and one reload in a fresh context: bytes on the wire and FCP for each. */
async function load(browser, server, { baseline, network }) {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, timezoneId: 'UTC' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  if (baseline) {
    await cdp.send('Network.setExtraHTTPHeaders', { headers: { 'Accept-Encoding': 'identity' } });
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  }
  if (network) await cdp.send('Network.emulateNetworkConditions', network);
  let bytes = 0;
  cdp.on('Network.loadingFinished', (e) => (bytes += e.encodedDataLength));
  const once = async (go) => {
    bytes = 0;
    await go();
    await page.locator('#scope-tab-vijay').waitFor();
    const fcp = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const seen = performance.getEntriesByName('first-contentful-paint')[0];
          if (seen) return resolve(seen.startTime);
          new PerformanceObserver((list) => resolve(list.getEntries()[0].startTime)).observe({
            type: 'paint',
            buffered: true,
          });
        }),
    );
    // Wait for the chart chunk the page prefetches once idle, so the reload's count is not cut short.
    await page.waitForLoadState('networkidle');
    return { bytes, fcp };
  };
  const cold = await once(() => page.goto(server.url));
  const reload = await once(() => page.reload());
  await context.close();
  return { cold, reload };
}

const kB = (n) => `${(n / 1024).toFixed(1)} kB`;
const ms = (n) => `${n.toFixed(0)} ms`;

const { src, out: beforeDir } = await buildBaseline();
const nowDir = await buildCurrent();
const before = await startBenchServer({ staticDir: beforeDir });
const now = await startBenchServer({ staticDir: nowDir });
const browser = await launchChromium();
const version = browser.version();
const results = {};
try {
  for (const [name, network] of Object.entries(NETWORKS)) {
    const rounds = { before: [], now: [] };
    for (let i = 0; i < RUNS; i++) {
      const order = i % 2 === 0 ? ['before', 'now'] : ['now', 'before'];
      for (const which of order) {
        rounds[which].push(
          await load(browser, which === 'before' ? before : now, { baseline: which === 'before', network }),
        );
      }
    }
    const m = (which, pick) => median(rounds[which].map(pick));
    results[name] = Object.fromEntries(
      ['before', 'now'].map((w) => [
        w,
        {
          coldBytes: m(w, (r) => r.cold.bytes),
          coldFcp: m(w, (r) => r.cold.fcp),
          reloadBytes: m(w, (r) => r.reload.bytes),
          reloadFcp: m(w, (r) => r.reload.fcp),
        },
      ]),
    );
  }
} finally {
  await browser.close();
  await before.close();
  await now.close();
  await Promise.all([src, beforeDir, nowDir].map((d) => rm(d, { recursive: true, force: true })));
}

const rows = [];
for (const [name, r] of Object.entries(results)) {
  rows.push(
    `| ${name} | cold load: bytes on the wire | ${kB(r.before.coldBytes)} | ${kB(r.now.coldBytes)} |`,
    `| | cold load: first contentful paint | ${ms(r.before.coldFcp)} | ${ms(r.now.coldFcp)} |`,
    `| | reload: bytes on the wire | ${kB(r.before.reloadBytes)} | ${kB(r.now.reloadBytes)} |`,
    `| | reload: first contentful paint | ${ms(r.before.reloadFcp)} | ${ms(r.now.reloadFcp)} |`,
  );
}
const section = `## First screen

Measured by \`npm run bench\` (test/bench/first-screen.bench.mjs) on ${new Date().toISOString().slice(0, 10)}: the Overview
of \`hermes-mc web --demo\` in Debian Chromium ${version}, medians of ${RUNS} fresh-context loads. Before: ${BASELINE_REF}
as it shipped (unminified, one script, uncompressed, no-store); now: minified, chart panes in their own chunk,
brotli, hashed assets immutable.

| network | | before | now |
|---|---|---:|---:|
${rows.join('\n')}

Bytes include the prefetched chart chunk; a reload moves only index.html now, because every script is
immutable under its content hash.
`;
console.log(section);
if (process.env.BENCH_DOCS === '0') console.log('(BENCH_DOCS=0: docs/benchmarks.md left as it is)');
else writeBenchSection('First screen', section);
