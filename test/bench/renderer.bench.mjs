// The renderer's cost in Debian Chromium, side by side in one run (issue 6). Two real app services behind
// the real `hermes-mc web` server and WebSocket bridge (test/bench/renderer-fleet.mjs): one whose local
// history store holds 90 days of both instances, one whose store is empty (the baseline pane: same app,
// same bridge, same queries, every chart "No data"). One page per server; every figure is a median over
// BENCH_RUNS (default 5) rounds, the two pages interleaved (order swapped each round):
//   (1) data arrival → charts painted   the last history response reaching the page → every chart's SVG
//                                       curve in the DOM and a frame painted; 90 d × 2 instances
//   (2) interaction latency             click → next paint with the new charts: range 7 d → 90 d (both
//                                       instances), and switching the instance tab All → Vijay at 90 d
//                                       (→ Vijay's lines painted, → its refreshed history painted, and how
//                                       many times the pane drew in between: DOM commits, painted frames,
//                                       skeleton frames)
//   (+) clock tick                      the renderer's 15 s "now" tick with the pane open: → painted, and
//                                       the pane's DOM commits it caused; also a tick that moves the
//                                       charts' time-domain edge (which the renderer rounds per range)
//   (+b) Backups clock tick             the same two ticks with the Backups pane open at 90 d (each
//                                       instance's freshness timeline): → painted, how many of its
//                                       freshness charts the tick redrew, and the pane's DOM commits
// then (3) JS heap over an hour of simulated polling on the 90-day page: 60 polls of the demo VM one
// simulated minute apart, each pushing a new AppState to the page, one clock tick per poll, and every
// 10 simulated minutes a range flip (30 d and back to 90 d: both histories re-fetched, the charts
// rebuilt); the heap is sampled after a forced GC every 10 simulated minutes.
// Timing is taken inside the page (test/bench/renderer-page-probe.mjs); the renderer has no marks of its own.
// The renderer is built for production into a temporary folder first: React's development build (what a
// build under vitest, NODE_ENV=test, produces) was ~1.5× slower on this pane.
// Prints the figures and rewrites the "## Renderer" section of docs/benchmarks.md (other sections untouched);
// BENCH_DOCS=0 only prints them (a trial run that must not replace the published figures).
import { rm } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { TREND_SERIES } from '../../renderer/src/store/actions.ts';
import { launchChromium, newContext } from '../e2e/helpers/browser.ts';
import { HISTORY_DAYS, startBenchServer } from './renderer-fleet.mjs';
import { installRendererProbe } from './renderer-page-probe.mjs';
import { buildProductionRenderer } from './build-production-renderer.mjs';
import { writeBenchSection } from './bench-docs.mjs';
import { median } from './bench-stats.mjs';
/* global window, document -- the page.evaluate callbacks run in the page, where the probe lives on window.__bench */

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const POLL_MS = 60_000;
const SAMPLE_EVERY_MINUTES = 10;
// At least 30 simulated minutes: the verdict compares two halves after minute 10.
const HEAP_MINUTES = Math.max(30, Number(process.env.BENCH_HEAP_MINUTES ?? 60));
const MB = 1024 * 1024;

async function openTrendsPage(browser, server) {
  const context = await newContext(browser, server.origin);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(installRendererProbe);
  await page.goto(server.url);
  await page.locator('#scope-tab-vijay').waitFor();
  const cdp = await context.newCDPSession(page);
  const pane = {
    server,
    context,
    page,
    errors,
    collectGarbage: () => cdp.send('HeapProfiler.collectGarbage'),
  };
  await interact(pane, page.locator('#pane-tab-trends'), 2);
  return pane;
}

/**
 * Reloads the page on the Trends pane at 7 d (both persist), with nothing known of any other range: with
 * `firstVisit` the app's background fetch of the other ranges is dropped by the probe, so the next range
 * click is a first visit (query, answer, draw); without it the app fetches them as it does for a person,
 * and the bench waits until they are in.
 */
async function reloadTrends(pane, { firstVisit }) {
  const { page } = pane;
  await page.evaluate(
    (on) => window.sessionStorage.setItem('bench.dropBackground', on ? '1' : '0'),
    firstVisit,
  );
  await page.reload();
  await page.locator('#scope-tab-vijay').waitFor();
  await page.waitForFunction(() => {
    const b = window.__bench;
    const grid = document.querySelector('.chart-grid[data-range="7d"]');
    return (
      !!grid &&
      b.sends.length >= 2 &&
      b.arrivals.length >= b.sends.length &&
      (window.sessionStorage.getItem('bench.dropBackground') === '1' || b.backgroundSends.length >= 8) &&
      b.backgroundArrivals.length >= b.backgroundSends.length
    );
  });
}

const rangeButton = (page, label) =>
  page.getByRole('group', { name: 'Trend range' }).getByRole('button', { name: label });

/**
 * Clicks, then waits for a new, complete chart grid (`newLines`: a complete grid drawing other lines, which
 * may be the same element) and the frame after it, and for the frame after the last history response the
 * click caused. Returns the page's own timestamps as durations, and with `record` what the pane drew in
 * between. `instances` = how many history queries the click must cause.
 */
async function interact(pane, target, instances, { newLines = false, record = false } = {}) {
  const { page } = pane;
  if (process.env.BENCH_DEBUG) console.error(new Date().toISOString(), 'interact', String(target), instances);
  await page.bringToFront();
  // A poll's quiet history refresh still in flight would be counted as this click's (the hour's loop).
  await page.waitForFunction(
    () =>
      window.__bench.arrivals.length >= window.__bench.sends.length &&
      window.__bench.backgroundArrivals.length >= window.__bench.backgroundSends.length,
  );
  const mark = await page.evaluate(
    (o) => {
      const b = window.__bench;
      b.armChartsPainted({ newLines: o.newLines });
      b.armArrivals(o.instances);
      if (o.record) b.recordPane();
      return { clicks: b.clicks.length, sends: b.sends.length, arrivals: b.arrivals.length };
    },
    { newLines, record, instances },
  );
  await target.click();
  const painted = await page.evaluate(() => window.__bench.chartsPainted());
  const settled = await page.evaluate(() => window.__bench.arrivalsPainted());
  const log = record ? await page.evaluate(() => window.__bench.paneLog()) : null;
  const seen = await page.evaluate(
    (m) => ({
      clicks: window.__bench.clicks.slice(m.clicks),
      sends: window.__bench.sends.slice(m.sends),
      arrivals: window.__bench.arrivals.slice(m.arrivals),
    }),
    mark,
  );
  if (seen.clicks.length !== 1 || seen.sends.length !== instances || seen.arrivals.length !== instances) {
    throw new Error(`expected 1 click and ${instances} history queries, saw ${JSON.stringify(seen)}`);
  }
  if (pane.errors.length > 0) throw new Error(`page errors: ${pane.errors.join('; ')}`);
  const click = seen.clicks[0];
  const firstSend = Math.min(...seen.sends);
  const lastArrival = Math.max(...seen.arrivals);
  const settledAt = Math.max(painted.paintedAt, settled.paintedAt);
  return {
    clickToPainted: painted.paintedAt - click,
    arrivalToPainted: painted.paintedAt - lastArrival,
    clickToQuery: firstSend - click,
    queryRoundTrip: lastArrival - firstSend,
    clickToSettled: settledAt - click,
    refreshToPainted: settled.paintedAt - settled.arrivedAt,
    ...(log && drawsOf(log, settledAt)),
  };
}

/** How often the pane drew up to `until`: DOM commits, painted frames that changed it, skeleton frames. */
function drawsOf(log, until) {
  const frames = log.frames.filter((f) => f.at <= until);
  return {
    commits: log.commits.filter((c) => c.at <= until).length,
    frames: frames.length,
    skeletonFrames: frames.filter((f) => f.state === 'skeleton').length,
    shown: frames.map((f) => f.state.split(':')[0]),
  };
}

/** The next time the charts' rounded domain edge moves at 90 d (renderer/src/charts/chart-domain.ts, DOMAIN_STEP_MS). */
const EDGE_STEP_MS_90D = 6 * 3600_000;
const nextEdgeAt = (nowMs) =>
  Math.floor(nowMs / EDGE_STEP_MS_90D) * EDGE_STEP_MS_90D + EDGE_STEP_MS_90D + 1000;

/** One round on one page: from 7 d / All, the two measured interactions, then back; and a clock tick. */
async function round(pane) {
  const { page } = pane;
  // A range's first visit: nothing known, so the click waits for main's answer (this is where (1) is timed).
  // A poll first, as in the app between two visits: new samples, so main computes the answer afresh instead
  // of reusing the one it gave last round (main/core/history/answer-cache.ts).
  await pane.server.poll(60_000);
  await reloadTrends(pane, { firstVisit: true });
  const firstVisit = await interact(pane, rangeButton(page, '90 d'), 2, { newLines: true });
  await interact(pane, rangeButton(page, '7 d'), 2, { newLines: true });
  // As a person meets it: the other ranges fetched in the background once the pane is drawn.
  await reloadTrends(pane, { firstVisit: false });
  const range = await interact(pane, rangeButton(page, '90 d'), 2, { newLines: true });
  // The app's tick comes 15 s after anything else, when the garbage of the last draw is long collected; here
  // it would come right after the range click, and a collection landing in its frame would be timed as its.
  await pane.collectGarbage();
  const tick = await page.evaluate(() => window.__bench.tick());
  await pane.collectGarbage();
  const edgeTick = await page.evaluate(
    (atMs) => window.__bench.tick({ atMs }),
    nextEdgeAt(pane.server.clock.now()),
  );
  const scope = await interact(pane, page.locator('#scope-tab-vijay'), 1, { newLines: true, record: true });
  await interact(pane, page.locator('#scope-tab-all'), 2, { newLines: true });
  await interact(pane, rangeButton(page, '7 d'), 2, { newLines: true });
  return { firstVisit, range, scope, tick, edgeTick };
}

/** The Backups pane's body: both instances' columns, each with its freshness timeline. */
const BACKUPS_PANE = 'main .pane-body';

/**
 * Opens the Backups pane (at the range the Trends pane left) and waits until every column shows its
 * freshness timeline drawn, or its "no backup history" note, and the pane's own history queries (one per
 * instance) and settings load have been answered and painted: from then on only the clock changes anything.
 * The pane draws a column per instance snapshot, and the servers never poll on their own: one poll first,
 * a simulated minute on (the rounds polled already, so a poll at the same time would change nothing), whose
 * pushed state makes the open Trends pane refresh its history.
 */
async function openBackupsPane(pane) {
  const { page, server } = pane;
  await page.bringToFront();
  const before = await page.evaluate(() => ({
    states: window.__bench.states,
    sends: window.__bench.sends.length,
  }));
  await server.poll(60_000);
  await page.waitForFunction(
    (n) => {
      const b = window.__bench;
      return b.states > n.states && b.sends.length >= n.sends + 2 && b.arrivals.length >= b.sends.length;
    },
    before,
    { polling: 50 },
  );
  const sends = await page.evaluate(() => window.__bench.sends.length);
  await page.locator('#pane-tab-backups').click();
  await page.waitForFunction(
    (n) => {
      const b = window.__bench;
      if (b.sends.length < n + 2 || b.arrivals.length < b.sends.length) return false;
      const columns = [...document.querySelectorAll('main section.column')];
      return (
        columns.length > 0 &&
        columns.every((c) => {
          if (c.querySelector('[role="status"][aria-label^="Loading"]')) return false;
          const chart = c.querySelector('.backup-freshness figure.chart');
          if (chart)
            return [...chart.querySelectorAll('path.chart-curve')].some(
              (p) => (p.getAttribute('d') ?? '').length > 0,
            );
          return [...c.querySelectorAll('.empty-title')].some(
            (e) => e.textContent === 'No backup history yet',
          );
        })
      );
    },
    sends,
    { polling: 50 },
  );
  // The refresh's answers may still be drawing: let a few frames pass.
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
  if (pane.errors.length > 0) throw new Error(`page errors: ${pane.errors.join('; ')}`);
  return page.evaluate(() => document.querySelectorAll('main .backup-freshness figure.chart').length);
}

/** One round on the Backups pane: a clock tick, and a tick that moves the charts' time-domain edge. */
async function backupsRound(pane) {
  const { page } = pane;
  await page.bringToFront();
  await pane.collectGarbage();
  const tick = await page.evaluate((sel) => window.__bench.tick({ pane: sel }), BACKUPS_PANE);
  await pane.collectGarbage();
  const edgeTick = await page.evaluate((o) => window.__bench.tick({ atMs: o.atMs, pane: o.sel }), {
    atMs: nextEdgeAt(pane.server.clock.now()),
    sel: BACKUPS_PANE,
  });
  return { tick, edgeTick };
}

async function heapSampler(pane) {
  const cdp = await pane.context.newCDPSession(pane.page);
  const sample = async () => {
    // Twice: the first pass can leave garbage that only a finaliser released.
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    const dom = await cdp.send('Memory.getDOMCounters');
    return { usedBytes: heap.usedSize, nodes: dom.nodes, listeners: dom.jsEventListeners };
  };
  /** A heap snapshot's self sizes by kind: V8's compiled code, strings, Blink's native objects, JS. */
  sample.composition = async () => {
    const chunks = [];
    const onChunk = (e) => chunks.push(e.chunk);
    cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
    const snap = JSON.parse(chunks.join(''));
    const fields = snap.snapshot.meta.node_fields;
    const types = snap.snapshot.meta.node_types[0];
    const [typeAt, sizeAt] = [fields.indexOf('type'), fields.indexOf('self_size')];
    const kinds = { code: 0, strings: 0, native: 0, js: 0 };
    for (let i = 0; i < snap.nodes.length; i += fields.length) {
      const type = types[snap.nodes[i + typeAt]];
      const kind =
        type === 'code' ? 'code' : type === 'native' ? 'native' : type.endsWith('string') ? 'strings' : 'js';
      kinds[kind] += snap.nodes[i + sizeAt];
    }
    return kinds;
  };
  return sample;
}

/** Least-squares slope of y over x. */
function slope(points) {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const num = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

/** An hour of polls on the 90-day page (see the header); heap samples every 10 simulated minutes. */
async function simulatedHour(browser, server) {
  const pane = await openTrendsPage(browser, server);
  const { page } = pane;
  await interact(pane, rangeButton(page, '90 d'), 2, { newLines: true });
  const sample = await heapSampler(pane);
  const samples = [{ minute: 0, ...(await sample()) }];
  const tickMs = [];
  let composition = null;
  const started = performance.now();
  for (let minute = 1; minute <= HEAP_MINUTES; minute++) {
    const before = await page.evaluate(() => ({
      states: window.__bench.states,
      sends: window.__bench.sends.length,
    }));
    await server.poll(POLL_MS);
    await page.evaluate((ms) => window.__bench.setClockOffset(ms), server.clock.offsetMs());
    await page.waitForFunction((n) => window.__bench.states > n, before.states);
    // The poll's quiet history refresh (one per pushed snapshot) redraws the charts when its answers come:
    // not the tick's work. Wait until it has been sent, answered, and 300 ms have passed with no more.
    await page.waitForFunction(
      (n) => {
        const b = window.__bench;
        const last = Math.max(b.sends.at(-1) ?? 0, b.arrivals.at(-1) ?? 0);
        return b.sends.length > n && b.arrivals.length >= b.sends.length && performance.now() - last > 300;
      },
      before.sends,
      { polling: 50 },
    );
    tickMs.push((await page.evaluate(() => window.__bench.tick())).ms);
    if (minute % SAMPLE_EVERY_MINUTES === 0) {
      await interact(pane, rangeButton(page, '30 d'), 2, { newLines: true });
      await interact(pane, rangeButton(page, '90 d'), 2, { newLines: true });
      samples.push({ minute, ...(await sample()) });
      if (minute === SAMPLE_EVERY_MINUTES) composition = { from: await sample.composition() };
    }
  }
  if (composition) composition.to = await sample.composition();
  const stateBytes = Buffer.byteLength(JSON.stringify(server.app.state()));
  const wallSeconds = (performance.now() - started) / 1000;
  await pane.context.close();
  return { samples, tickMs, stateBytes, wallSeconds, composition };
}

/**
 * The verdict, from minute 10 on (the first poll has filled the page by then). The heap "levels off" when
 * its growth rate over the second half is under half the first half's, or under one pushed AppState (JSON
 * bytes) per 10 minutes. The page's own objects (JS objects, arrays, closures, numbers and strings in the
 * heap snapshots; not V8's compiled code, not Blink's native objects) must grow by less than one AppState
 * per 10 minutes: a page that kept every pushed state would add ten of those. Both must hold.
 */
function heapVerdict(hour) {
  const pts = hour.samples
    .filter((s) => s.minute >= SAMPLE_EVERY_MINUTES)
    .map((s) => ({ x: s.minute / SAMPLE_EVERY_MINUTES, y: s.usedBytes }));
  const half = Math.ceil(pts.length / 2);
  const early = slope(pts.slice(0, half));
  const late = slope(pts.slice(half - 1));
  const levelsOff = late < 0.5 * early || late < hour.stateBytes;
  const { from, to } = hour.composition;
  const growth = Object.fromEntries(Object.keys(from).map((k) => [k, to[k] - from[k]]));
  const tenMinuteSpans = (HEAP_MINUTES - SAMPLE_EVERY_MINUTES) / SAMPLE_EVERY_MINUTES;
  const pageObjectsPer10 = (growth.js + growth.strings) / tenMinuteSpans;
  const objectsFlat = pageObjectsPer10 < hour.stateBytes;
  return {
    early,
    late,
    levelsOff,
    growth,
    pageObjectsPer10,
    objectsFlat,
    growing: !(levelsOff && objectsFlat),
  };
}

const timings = { started: performance.now() };
const staticDir = await buildProductionRenderer();
timings.built = performance.now();
const full = await startBenchServer({ staticDir, seedDays: HISTORY_DAYS });
const empty = await startBenchServer({ staticDir });
timings.seeded = performance.now();
const browser = await launchChromium();
const version = browser.version();
let results;
try {
  const panes = { full: await openTrendsPage(browser, full), empty: await openTrendsPage(browser, empty) };
  for (const pane of Object.values(panes))
    await interact(pane, rangeButton(pane.page, '7 d'), 2, { newLines: true });
  // Warm-up (JIT, font and layout caches) on both pages, not counted.
  await round(panes.full);
  await round(panes.empty);
  const rounds = { full: [], empty: [] };
  for (let i = 0; i < RUNS; i++) {
    for (const name of i % 2 === 0 ? ['full', 'empty'] : ['empty', 'full'])
      rounds[name].push(await round(panes[name]));
  }
  // What the charts are fed at 90 d (against what the store holds for that range), and the heap there.
  const heapAt90d = {};
  for (const [name, pane] of Object.entries(panes)) {
    await interact(pane, rangeButton(pane.page, '90 d'), 2, { newLines: true });
    heapAt90d[name] = await (await heapSampler(pane))();
  }
  const drawn = await panes.full.page.evaluate(() => window.__bench.pointsPerLine());
  const stored = await full.app.service['history:query']({
    instanceId: 'vijay',
    range: '90d',
    series: [...TREND_SERIES],
    maxPoints: Number.MAX_SAFE_INTEGER,
  });
  // Where along the 90 days the pane's 400 points land (the same query the pane makes).
  const fed = await full.app.service['history:query']({
    instanceId: 'vijay',
    range: '90d',
    series: ['backupAge'],
    maxPoints: 400,
  });
  const spread = { nowS: full.clock.now() / 1000, points: fed.series.backupAge };
  // The Backups pane at 90 d on both pages: its clock ticks, interleaved like the Trends rounds.
  const backupCharts = {};
  for (const [name, pane] of Object.entries(panes)) {
    backupCharts[name] = await openBackupsPane(pane);
    await backupsRound(pane);
  }
  const backupsRounds = { full: [], empty: [] };
  for (let i = 0; i < RUNS; i++) {
    for (const name of i % 2 === 0 ? ['full', 'empty'] : ['empty', 'full'])
      backupsRounds[name].push(await backupsRound(panes[name]));
  }
  for (const pane of Object.values(panes)) {
    if (pane.errors.length > 0) throw new Error(`page errors: ${pane.errors.join('; ')}`);
    await pane.context.close();
  }
  timings.measured = performance.now();
  const hour = await simulatedHour(browser, full);
  timings.hour = performance.now();
  results = { rounds, drawn, stored, spread, heapAt90d, hour, backupsRounds, backupCharts };
} finally {
  await browser.close();
  await full.close();
  await empty.close();
  await rm(staticDir, { recursive: true, force: true });
}

const pick = (name, f) => median(results.rounds[name].map(f));
const row = (f) => ({ full: pick('full', f), empty: pick('empty', f) });
const m = {
  arrival: row((r) => r.firstVisit.arrivalToPainted),
  range: row((r) => r.range.clickToPainted),
  first: row((r) => r.firstVisit.clickToPainted),
  rangeQuery: row((r) => r.firstVisit.queryRoundTrip),
  rangeToQuery: row((r) => r.firstVisit.clickToQuery),
  scope: row((r) => r.scope.clickToPainted),
  scopeToQuery: row((r) => r.scope.clickToQuery),
  scopeSettled: row((r) => r.scope.clickToSettled),
  scopeRefresh: row((r) => r.scope.refreshToPainted),
  scopeCommits: row((r) => r.scope.commits),
  scopeFrames: row((r) => r.scope.frames),
  scopeSkeleton: row((r) => r.scope.skeletonFrames),
  tick: row((r) => r.tick.ms),
  tickCommits: row((r) => r.tick.commits),
  edgeTick: row((r) => r.edgeTick.ms),
  edgeTickCommits: row((r) => r.edgeTick.commits),
};
const pickBackups = (name, f) => median(results.backupsRounds[name].map(f));
const backupsRow = (f) => ({ full: pickBackups('full', f), empty: pickBackups('empty', f) });
const b = {
  tick: backupsRow((r) => r.tick.ms),
  tickCharts: backupsRow((r) => r.tick.charts),
  tickCommits: backupsRow((r) => r.tick.commits),
  edgeTick: backupsRow((r) => r.edgeTick.ms),
  edgeTickCharts: backupsRow((r) => r.edgeTick.charts),
  edgeTickCommits: backupsRow((r) => r.edgeTick.commits),
};
/** "redrawn charts of drawn charts / DOM commits" for one page of a Backups row. */
const chartsOf = (row, commits, name) =>
  `${n(row[name])} of ${results.backupCharts[name]} / ${n(commits[name])}`;
/** What the pane showed, frame by frame, after the switch in the last round (full page). */
const scopeShown = results.rounds.full.at(-1).scope.shown.join(' → ') || 'nothing new';
const storedPerSeries = Math.max(...Object.values(results.stored.series).map((s) => s.length));
const drawnPerLine = results.drawn.flatMap((c) => c.points);
const maxDrawn = Math.max(...drawnPerLine);
const totalDrawn = drawnPerLine.reduce((a, b) => a + b, 0);
const lastTwoDays = results.spread.points.filter((p) => p.t >= results.spread.nowS - 2 * 86400).length;
const verdict = heapVerdict(results.hour);
const ms = (x) => `${x.toFixed(1)} ms`;
const n = (x) => (Number.isInteger(x) ? String(x) : x.toFixed(1));
const ratio = (r) => `${(r.full / r.empty).toFixed(2)}×`;
const mb = (b) => `${(b / MB).toFixed(2)} MB`;
const kb = (b) => `${(b / 1024).toFixed(0)} kB`;
const hourRows = results.hour.samples
  .map((s) => `| ${s.minute} min | ${mb(s.usedBytes)} | ${s.nodes} | ${s.listeners} |`)
  .join('\n');

const section = `## Renderer

Measured by \`npm run bench\` (test/bench/renderer.bench.mjs) on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} CPU(s),
node ${process.version}, Debian Chromium ${version} (headless, software rendering, 1360×900), the renderer built for
production. Two real app services (demo fleet) behind the real \`hermes-mc web\` server and WebSocket bridge: one whose
local history store holds ${HISTORY_DAYS} days of both instances (${results.stored.series.backupAge.length.toLocaleString('en')} stored samples per series over 90 d, ${full.seededSamples.toLocaleString('en')} in all,
ingested through the store's own paths), one whose store is empty — the **baseline pane**: same app, bridge and
queries, every chart "No data in this range" (its answers go out without points, so they stay empty after the one
poll the Backups rows need). Medians over ${RUNS} rounds, the two pages interleaved.

| | what (Trends pane, both instances unless said) | 90 days | empty pane | ratio |
|---|---|---:|---:|---:|
| (1) | data arrival → charts painted: last history response in the page → every chart's curves in the DOM + a painted frame, 90 d (a range's first visit) | ${ms(m.arrival.full)} | ${ms(m.arrival.empty)} | ${ratio(m.arrival)} |
| (2a) | interaction: click range 7 d → 90 d → next paint with the new charts (the other ranges fetched in the background once the pane was drawn, as in the app) | ${ms(m.range.full)} | ${ms(m.range.empty)} | ${ratio(m.range)} |
| (2a′) | the same click on a range's first visit (nothing fetched yet): click → painted | ${ms(m.first.full)} | ${ms(m.first.empty)} | ${ratio(m.first)} |
| | … of which click → history query sent (skeleton render) | ${ms(m.rangeToQuery.full)} | ${ms(m.rangeToQuery.empty)} | |
| | … of which query sent → last response in (bridge + store + LTTB in main) | ${ms(m.rangeQuery.full)} | ${ms(m.rangeQuery.empty)} | |
| (2b) | interaction: instance tab All → Vijay at 90 d → first paint showing only Vijay's lines | ${ms(m.scope.full)} | ${ms(m.scope.empty)} | ${ratio(m.scope)} |
| | … click → history query sent | ${ms(m.scopeToQuery.full)} | ${ms(m.scopeToQuery.empty)} | |
| | … click → Vijay's refreshed history in and painted (settled) | ${ms(m.scopeSettled.full)} | ${ms(m.scopeSettled.empty)} | ${ratio(m.scopeSettled)} |
| | … of which the refresh's arrival → painted | ${ms(m.scopeRefresh.full)} | ${ms(m.scopeRefresh.empty)} | |
| | … draws, click → settled: the pane's DOM commits / painted frames that changed it / of which skeleton | ${n(m.scopeCommits.full)} / ${n(m.scopeFrames.full)} / ${n(m.scopeSkeleton.full)} | ${n(m.scopeCommits.empty)} / ${n(m.scopeFrames.empty)} / ${n(m.scopeSkeleton.empty)} | |
| (+) | the 15 s clock tick with the pane open at 90 d → painted | ${ms(m.tick.full)} | ${ms(m.tick.empty)} | ${ratio(m.tick)} |
| | … DOM commits it caused in the pane | ${n(m.tickCommits.full)} | ${n(m.tickCommits.empty)} | |
| (+e) | a tick that moves the charts' time-domain edge (rounded up to 6 h at 90 d: four times a day) → painted | ${ms(m.edgeTick.full)} | ${ms(m.edgeTick.empty)} | ${ratio(m.edgeTick)} |
| | … DOM commits it caused in the pane | ${n(m.edgeTickCommits.full)} | ${n(m.edgeTickCommits.empty)} | |
| (+b) | Backups pane open at 90 d (each instance's freshness timeline): the 15 s clock tick → painted | ${ms(b.tick.full)} | ${ms(b.tick.empty)} | ${ratio(b.tick)} |
| | … freshness charts it redrew, of those drawn / DOM commits it caused in the pane (texts included) | ${chartsOf(b.tickCharts, b.tickCommits, 'full')} | ${chartsOf(b.tickCharts, b.tickCommits, 'empty')} | |
| (+be) | Backups pane, a tick that moves the charts' time-domain edge → painted | ${ms(b.edgeTick.full)} | ${ms(b.edgeTick.empty)} | ${ratio(b.edgeTick)} |
| | … freshness charts it redrew, of those drawn / DOM commits it caused in the pane | ${chartsOf(b.edgeTickCharts, b.edgeTickCommits, 'full')} | ${chartsOf(b.edgeTickCharts, b.edgeTickCommits, 'empty')} | |

At 90 d each line gets at most **${maxDrawn} points** (\`maxPoints: 400\`, LTTB in main over ${storedPerSeries.toLocaleString('en')} stored;
${lastTwoDays} of ${results.spread.points.length} in the last 48 h); the chart gathers them to about one per 2 px column, drawn
as a min/max band with the mean (docs/adr/0014). ${drawnPerLine.length} lines, ${results.drawn.length} charts, ${totalDrawn.toLocaleString('en')} points; JS heap with the pane
open at 90 d: ${mb(results.heapAt90d.full.usedBytes)} (empty pane ${mb(results.heapAt90d.empty.usedBytes)}). After the switch to Vijay the pane painted: ${scopeShown}.

(3) JS heap over an hour of simulated polling on the 90-day page (${HEAP_MINUTES} polls of the demo VM one simulated
minute apart, each pushing a new ${kb(results.hour.stateBytes)} AppState; one clock tick per poll; every 10 minutes a range
flip 30 d → 90 d re-fetching both histories and rebuilding the charts), after a forced GC (CDP
\`HeapProfiler.collectGarbage\` ×2, \`Runtime.getHeapUsage\`, \`Memory.getDOMCounters\`); ${results.hour.wallSeconds.toFixed(0)} s of wall time:

| simulated time | JS heap used | DOM nodes | JS event listeners |
|---|---:|---:|---:|
${hourRows}

From minute 10 (the first poll has filled the page by then): the heap grew ${kb(verdict.early)} per 10 min over the first
half and ${kb(verdict.late)} per 10 min over the second (${verdict.levelsOff ? 'levelling off' : 'NOT levelling off'}). Heap snapshots at minute 10 and minute ${HEAP_MINUTES}
attribute the growth: V8's compiled code ${kb(verdict.growth.code)}, the page's JS objects ${kb(verdict.growth.js)} and strings
${kb(verdict.growth.strings)} (= ${kb(verdict.pageObjectsPer10)} per 10 min against one pushed AppState, ${kb(results.hour.stateBytes)}), Blink's native objects
${kb(verdict.growth.native)}. Verdict: **${verdict.growing ? 'KEEPS GROWING' : 'does not keep growing'}** (rule: the growth levels off — second half under half the first, or under
one AppState per 10 min — and the page's own objects grow by less than one AppState per 10 min; a page that kept
every pushed state would add ten). Clock tick on that page: median ${ms(median(results.hour.tickMs))}.

How to read it: (1) is the renderer's own cost of turning two 90-day histories into seven charts (React, the SVG
paths of charts/trend-chart.tsx, layout and paint), main's query excluded; the empty pane pays the same pane,
skeleton and bridge with nothing to draw, so the ratio is what the data costs. (2a) is what a person waits after a
range click: the pane fetches the other ranges in the background once drawn and swaps a known range in with the
click, then refreshes it quietly; (2a′) is a range's first visit, which waits for main's query (its rows split
that out: main's history store, not the renderer, is most of it). (2b) switches to a tab whose history All already
loaded. "draws" counts the pane's DOM commits and painted frames from the click until the refresh is painted. The
probe holds the 15 s clock tick out of timed clicks and times it as (+), with the DOM commits it caused (none: the
charts' time domain ends at "now" rounded up per range); (+e) is a tick that moves that edge (at 90 d every 6 h),
redrawing every chart. (+b)/(+be) are the same ticks with the Backups pane open. Before issue 15 (recharts, no
background fetch; 2026-11-21): (1) 102 ms vs 17 ms (5.9×), (2a) 159 ms vs 32 ms (5.0×), (2b) 75 ms vs 14 ms (5.4×).
Headless, no GPU, a shared ${cpus().length}-core machine: compare ratios at a similar load (the 90-day work is CPU-bound,
the baseline mostly waits, so ratios rise with load). Load average right after the runs: ${loadavg()
  .map((x) => x.toFixed(2))
  .join(' ')}.`;

console.log(section);
console.log(
  `timings: build ${((timings.built - timings.started) / 1000).toFixed(1)} s, seed ${((timings.seeded - timings.built) / 1000).toFixed(1)} s, ` +
    `rounds ${((timings.measured - timings.seeded) / 1000).toFixed(1)} s, hour ${((timings.hour - timings.measured) / 1000).toFixed(1)} s`,
);
if (process.env.BENCH_DOCS === '0') console.log('BENCH_DOCS=0: docs/benchmarks.md left as it is');
else writeBenchSection('Renderer', section);
