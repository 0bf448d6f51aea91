// Detection delay (issue 11 §4): how long after a fault becomes observable Mission Control shows it,
// through a real sshd and a TCP proxy on 127.0.0.1, as medians and as multiples of the poll interval.
//   (a) sshd killed                 → instance `unreachable`
//   (b) link black-holed (proxy)    → instance `unreachable` (keepalives / poll deadline)
//   (c) exporter stopped            → instance `stale` (observable once the data is older than 3 intervals)
//   (d) gateway process killed      → a gateway warning on the built `hermes-mc status --watch --json`,
//       with the REAL exporter run every 10 s and 10 s polls (real scale: the CLI allows no shorter polls)
// (a)–(c) run the FleetPoller + ConnectionManager in-process with every shipped timing (10 s polls,
// keepalives 5 s × 2, deadlines) scaled by BENCH_SCALE (default 0.2), so multiples of the interval are
// what carries over. Runs: BENCH_RUNS (default 5) per fault, BENCH_GATEWAY_RUNS (default 3) for (d).
// Target: every detection ≤ 2 intervals after the fault is observable.
// Rewrites the "## Detection" section of docs/benchmarks.md. Needs root (sshd). Run alone:
// `node --import tsx test/bench/detection.bench.mjs`.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDemoSnapshot } from '../../main/core/demo/demo-fleet.ts';
import { defaultPollDeadlineMs, FleetPoller } from '../../main/core/poll/fleet-poller.ts';
import { createSshSource } from '../../main/core/sources/instance-source.ts';
import { DEFAULT_TIMING } from '../../main/core/ssh/connection-timing.ts';
import { buildHermesHome } from '../fixtures/hermes-home/build-hermes-home.ts';
import { runExporterOnce } from '../helpers/exporter-run.ts';
import { startSshd } from '../helpers/sshd.ts';
import { startTcpProxy } from '../helpers/tcp-proxy.ts';
import { connectThroughProxy } from '../helpers/proxied-connection.ts';
import { writeBenchSection } from './bench-docs.mjs';
import { median } from './bench-stats.mjs';

const SCALE = Number(process.env.BENCH_SCALE ?? 0.2);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const GATEWAY_RUNS = Number(process.env.BENCH_GATEWAY_RUNS ?? 3);
const SHIPPED_INTERVAL_MS = 10_000;
const INTERVAL_MS = SHIPPED_INTERVAL_MS * SCALE;
/** The exporter writes every poll interval here (intervalSeconds must be whole seconds). */
const EXPORTER_S = Math.max(1, Math.round(INTERVAL_MS / 1000));
const STALE_AFTER = 3;
const scaled = (ms) => Math.max(50, Math.round(ms * SCALE));
const TIMING = {
  readyTimeoutMs: scaled(DEFAULT_TIMING.readyTimeoutMs),
  keepaliveIntervalMs: scaled(DEFAULT_TIMING.keepaliveIntervalMs),
  keepaliveCountMax: DEFAULT_TIMING.keepaliveCountMax,
  probeTimeoutMs: scaled(DEFAULT_TIMING.probeTimeoutMs),
  sftpOpenTimeoutMs: scaled(DEFAULT_TIMING.sftpOpenTimeoutMs),
  backoff: {
    baseMs: scaled(DEFAULT_TIMING.backoff.baseMs),
    maxMs: scaled(DEFAULT_TIMING.backoff.maxMs),
    minMs: scaled(DEFAULT_TIMING.backoff.minMs),
    factor: DEFAULT_TIMING.backoff.factor,
  },
};
const POLL_DEADLINE_MS = scaled(defaultPollDeadlineMs(SHIPPED_INTERVAL_MS));

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(what, test, ms = 120_000) {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

// ---------------------------------------------------------------- (a)–(c): in-process, scaled
const tmp = mkdtempSync(join(tmpdir(), 'hmc-detect-'));
const sshd = await startSshd({ files: { 'vijay/.keep': '' } });
const proxy = await startTcpProxy({ targetPort: sshd.port });

const snapshotPath = join(sshd.chrootDir, 'vijay', 'snapshot.json');
let lastWriteMs = 0;
function exporterWrites() {
  const now = Date.now();
  const snap = { ...buildDemoSnapshot('vijay', now), intervalSeconds: EXPORTER_S };
  writeFileSync(snapshotPath, JSON.stringify(snap));
  utimesSync(snapshotPath, now / 1000, now / 1000);
  lastWriteMs = now;
}
exporterWrites();
let exporterTimer = setInterval(exporterWrites, EXPORTER_S * 1000);
const exporterStop = () => clearInterval(exporterTimer);
const exporterStart = () => {
  exporterWrites();
  exporterTimer = setInterval(exporterWrites, EXPORTER_S * 1000);
};

const manager = connectThroughProxy({ sshd, proxyPort: proxy.port, dir: tmp, timing: TIMING });
const poller = new FleetPoller({
  hosts: [
    {
      source: createSshSource(manager, 'vm', { requestTimeoutMs: POLL_DEADLINE_MS }),
      snapshotRoot: '/',
      instances: [{ id: 'vijay', label: 'Vijay' }],
    },
  ],
  intervalMs: INTERVAL_MS,
  staleAfterIntervals: STALE_AFTER,
  history: false,
  pollDeadlineMs: POLL_DEADLINE_MS,
});
const seen = [];
poller.onChange((s) => seen.push({ at: Date.now(), state: s.instances[0].state }));
poller.start();
const stateNow = () => poller.state().instances[0]?.state;
const firstSince = (t, state) => seen.find((s) => s.at >= t && s.state === state);

async function measureFault(name, { inject, observableAt, expect, heal }) {
  const delays = [];
  for (let i = 0; i < RUNS; i++) {
    await until(`${name}: live before run ${i}`, () => stateNow() === 'live', 60_000);
    await sleep(Math.random() * INTERVAL_MS); // a random phase against the poll loop
    const t = Date.now();
    await inject();
    await until(`${name}: ${expect}`, () => firstSince(t, expect) !== undefined, 120_000);
    delays.push(firstSince(t, expect).at - observableAt(t));
    await heal();
  }
  return delays;
}

let killed, holed, stopped;
try {
  killed = await measureFault('sshd killed', {
    inject: () => sshd.kill(),
    observableAt: (t) => t,
    expect: 'unreachable',
    heal: () => sshd.restart(),
  });
  holed = await measureFault('link black-holed', {
    inject: () => proxy.blackhole(true),
    observableAt: (t) => t,
    expect: 'unreachable',
    heal: () => proxy.blackhole(false),
  });
  stopped = await measureFault('exporter stopped', {
    inject: () => exporterStop(),
    // Stale means older than STALE_AFTER intervals: that is when it can first be seen.
    observableAt: () => lastWriteMs + STALE_AFTER * EXPORTER_S * 1000,
    expect: 'stale',
    heal: () => exporterStart(),
  });
} finally {
  exporterStop();
  await poller.stop();
  await manager.close();
}

// ---------------------------------------------------------------- (d): the built CLI, real scale
const CLI = join(process.cwd(), 'out/cli/hermes-mc.mjs');
const GW_INTERVAL_S = 10;
const cliHome = join(tmp, 'cli-home');
const cliKnownHosts = join(tmp, 'cli_known_hosts');
writeFileSync(cliKnownHosts, sshd.knownHostsLine + '\n');
const cliConfig = join(tmp, 'cli.json');
writeFileSync(
  cliConfig,
  JSON.stringify({
    pollIntervalSeconds: GW_INTERVAL_S,
    hosts: [
      {
        name: 'vm',
        host: '127.0.0.1',
        port: sshd.port,
        user: sshd.readerUser,
        identityFile: sshd.clientKeyPath,
        useAgent: false,
        knownHostsFile: cliKnownHosts,
        snapshotRoot: '/',
        instances: [{ id: 'vijay', label: 'Vijay (root)' }],
      },
    ],
  }),
);
const gatewayDelays = [];
const gatewayAfterWrite = [];
try {
  for (let i = 0; i < GATEWAY_RUNS; i++) {
    const fixture = await buildHermesHome(mkdtempSync(join(tmp, 'home-')), { now: new Date() });
    let writes = [];
    const exportOnce = async () => {
      await runExporterOnce(
        { hermesHome: fixture.hermesHome, installDir: fixture.installDir },
        join(sshd.chrootDir, 'vijay'),
      );
      writes.push(Date.now());
    };
    await exportOnce();
    let running = true;
    const timer = (async () => {
      while (running) {
        await sleep(GW_INTERVAL_S * 1000);
        if (running) await exportOnce();
      }
    })();
    // A random phase between the exporter's timer and the poll loop, as on a real VM.
    await sleep(Math.random() * GW_INTERVAL_S * 1000);
    const child = spawn(process.execPath, [CLI, 'status', '--config', cliConfig, '--watch', '--json'], {
      env: {
        PATH: process.env.PATH,
        HOME: cliHome,
        XDG_CONFIG_HOME: join(cliHome, '.config'),
        NO_COLOR: '1',
      },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const screens = [];
    child.stdout.on('data', () => {
      const lines = out.split('\n');
      out = lines.pop();
      for (const l of lines) if (l.startsWith('{')) screens.push({ at: Date.now(), doc: JSON.parse(l) });
    });
    const gatewayChecks = (s) =>
      (s.doc.instances[0]?.warnings ?? [])
        .filter((w) => w.check.startsWith('gateway.') && w.status === 'active')
        .map((w) => w.check);
    let before = [];
    const gatewayWarned = (s) => gatewayChecks(s).some((c) => !before.includes(c));
    try {
      await until('a live screen', () => screens.some((s) => s.doc.instances[0]?.state === 'live'), 60_000);
      await sleep(Math.random() * GW_INTERVAL_S * 1000);
      before = gatewayChecks(screens.at(-1));
      const t = Date.now();
      process.kill(fixture.gatewayPid, 'SIGKILL');
      await until('the gateway warning', () => screens.some((s) => s.at >= t && gatewayWarned(s)), 120_000);
      const shown = screens.find((s) => s.at >= t && gatewayWarned(s)).at;
      const firstWriteAfter = writes.find((w) => w >= t);
      gatewayDelays.push(shown - t);
      gatewayAfterWrite.push(shown - (firstWriteAfter ?? t));
    } finally {
      running = false;
      child.kill('SIGINT');
      await new Promise((r) => child.once('exit', r));
      await timer;
      await fixture.close();
    }
  }
} finally {
  await proxy.close();
  await sshd.stop();
  rmSync(tmp, { recursive: true, force: true });
}

const row = (what, delays, intervalMs, observable) => {
  const m = median(delays);
  const worst = Math.max(...delays);
  return `| ${what} | ${observable} | ${(m / 1000).toFixed(2)} s | ${(m / intervalMs).toFixed(2)} | ${(worst / intervalMs).toFixed(2)} | ${worst <= 2 * intervalMs ? 'met' : 'NOT met'} |`;
};
const section = `## Detection

Measured by \`npm run bench\` (test/bench/detection.bench.mjs) on ${new Date().toISOString().slice(0, 10)} (${cpus().length} CPU(s), node ${process.version}, load ${loadavg()[0].toFixed(2)}): real sshd, TCP proxy black hole, restricted SFTP account. (a)–(c): shipped timing scaled ×${SCALE} (poll ${INTERVAL_MS / 1000} s, keepalive ${TIMING.keepaliveIntervalMs / 1000} s × ${TIMING.keepaliveCountMax}), ${RUNS} runs each; (d): real scale, 10 s exporter timer and 10 s polls, ${GATEWAY_RUNS} runs.

| fault → shown | delay counted from | median | median × interval | worst × interval | ≤ 2 intervals |
|---|---|---:|---:|---:|---|
${row('(a) sshd killed → unreachable', killed, INTERVAL_MS, 'the kill')}
${row('(b) link black-holed → unreachable', holed, INTERVAL_MS, 'the black hole')}
${row('(c) exporter stopped → stale', stopped, INTERVAL_MS, 'data older than 3 intervals')}
${row('(d) gateway killed → warning in `status --watch`', gatewayAfterWrite, GW_INTERVAL_S * 1000, "the exporter's next write")}
${row('(d) same, end to end', gatewayDelays, GW_INTERVAL_S * 1000, 'the kill')}

A black hole is found by ssh2 keepalives (${DEFAULT_TIMING.keepaliveIntervalMs / 1000} s × ${DEFAULT_TIMING.keepaliveCountMax} shipped) or the host-poll deadline, whichever is first, so it never waits for TCP's own minutes-long timeout. End to end, a killed gateway needs the exporter to run once (up to one timer interval) and the next poll (up to one poll interval).
`;
console.log(section);
writeBenchSection('Detection', section);
