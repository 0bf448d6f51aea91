// The servers the renderer bench drives: the REAL app service (demo fleet, so no VM is needed) behind the
// real `hermes-mc web` server and WebSocket bridge, exactly as `hermes-mc web --demo` wires them — only the
// data folder is ours. One server's local history store is seeded with 90 days of both instances' history
// (the exporter's tiers plus the app's own series), the other's is left empty (the baseline pane).
// History queries therefore run through the same store and LTTB downsampling the app uses.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppService } from '../../main/core/app-service.ts';
import { DEMO_INSTANCES } from '../../main/core/demo/demo-fleet.ts';
import { generateDemoHistory } from '../../main/core/demo/demo-history.ts';
import { openLocalHistoryStore } from '../../main/core/history/local-history-store.ts';
import { startWebServer } from '../../main/web/web-server.ts';

export const HISTORY_DAYS = 90;
const MINUTE = 60;
const DAY = 86400;

/**
 * A clock the bench moves by hand: real time plus an offset, so simulated polls see the demo VM's files
 * change minute by minute without waiting. Nothing is scheduled on it (the service never auto-polls).
 */
export function createSimulatedClock() {
  let offsetMs = 0;
  return {
    now: () => Date.now() + offsetMs,
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h),
    advance(ms) {
      offsetMs += ms;
    },
    offsetMs: () => offsetMs,
  };
}

/** The app's own per-poll series, shaped like a healthy link with the odd slow poll and warning. */
function appValuesAt(index, t) {
  const wobble = Math.sin(t / 5400) * 6 + ((t / MINUTE) % 7);
  return {
    pollRttMs: Math.round(48 + wobble + (t % 97 === 0 ? 180 : 0)),
    connectionUp: 1,
    warningsWarning: (Math.floor(t / (6 * 3600)) + index) % 5 === 0 ? 1 : 0,
    warningsCritical: (Math.floor(t / DAY) + index) % 23 === 0 ? 1 : 0,
  };
}

/** App samples spaced as the store keeps them after compaction: 1 min for 48 h, 10 min to 14 d, then 1 h. */
const appSampleStep = (ageS) => (ageS <= 2 * DAY ? MINUTE : ageS <= 14 * DAY ? 10 * MINUTE : 60 * MINUTE);

/**
 * Writes `days` of history for both demo instances into `<dataDir>/demo/history`, through the store's own
 * ingest and append paths: the exporter's files (raw minutes for 48 h, 10-minute then hourly rollups) and
 * the app's series (spaced like the store's tiers), then compacts, so the store holds what it would after
 * `days` of use.
 */
async function seedHistory(dataDir, nowMs, days) {
  const store = await openLocalHistoryStore({ dataDir: join(dataDir, 'demo', 'history') });
  const nowS = Math.floor(nowMs / 1000 / MINUTE) * MINUTE;
  let samples = 0;
  for (const [index, { id }] of DEMO_INSTANCES.entries()) {
    const h = generateDemoHistory(id, nowMs, days);
    await store.ingest(id, { raw: h.raw, rollups: h.rollup });
    samples += h.raw.length + h.rollup.length;
    const writes = [];
    for (let t = nowS - days * DAY; t <= nowS; t += appSampleStep(nowS - t)) {
      writes.push(store.recordAppSample(id, t, appValuesAt(index, t)));
    }
    await Promise.all(writes);
    samples += writes.length;
  }
  await store.compact();
  await store.flush();
  return samples;
}

/**
 * The baseline's history answers: the real query runs (same store, same work in main), and its answer goes
 * out with every series empty. Without it, the first poll (which the Backups pane needs, for a snapshot)
 * would ingest the demo VM's last 48 h into the empty store and the baseline would draw them.
 */
function withoutHistoryPoints(service) {
  return {
    ...service,
    'history:query': async (req) => {
      const r = await service['history:query'](req);
      return { ...r, series: Object.fromEntries(Object.keys(r.series).map((name) => [name, []])) };
    },
  };
}

/**
 * Starts one app service + web server. `seedDays` > 0 fills its history first; with no `seedDays`, the
 * server is the baseline: its store starts empty and its history answers stay empty (withoutHistoryPoints).
 * The service does not poll on its own (`autoStart: false`), so nothing but the bench changes state during
 * a measurement.
 */
export async function startBenchServer({ staticDir, seedDays = 0 }) {
  const dataDir = await mkdtemp(join(tmpdir(), 'hmc-bench-renderer-'));
  const clock = createSimulatedClock();
  const seededSamples = seedDays > 0 ? await seedHistory(dataDir, clock.now(), seedDays) : 0;
  const app = await createAppService({
    demo: true,
    dataDir,
    autoStart: false,
    tailscale: false,
    timers: clock,
    env: {},
  });
  const server = await startWebServer({
    service: seedDays > 0 ? app.service : withoutHistoryPoints(app.service),
    port: 0,
    staticDir,
    onState: (listener) => app.onState(listener),
    onFocusWarning: (listener) => app.onFocusWarning(listener),
  });
  return {
    url: server.url,
    origin: new URL(server.url).origin,
    app,
    clock,
    seededSamples,
    /** One simulated poll interval: the clock moves, the service polls the demo VM and pushes the state. */
    async poll(intervalMs) {
      clock.advance(intervalMs);
      await app.service['poll:refresh']();
    },
    async close() {
      await server.close();
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
