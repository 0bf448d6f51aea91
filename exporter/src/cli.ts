/**
 * The `hermes-exporter` command: argument parsing (cli-args.ts) and the run loop only. Everything it does
 * is delegated to run.ts; the collectors are injected so tests can drive `main` without a Hermes home.
 * The process entry is bin.ts, run by loader.ts.
 */
import { readFileSync } from 'node:fs';
import { evaluateSnapshot } from './check-rules.js';
import { HELP, parseCliArgs, type ConfigSource } from './cli-args.js';
import { configFromFlags, loadConfigFile, type ConfigResult } from './config-load.js';
import type { ExporterConfig } from './config.js';
import type { Snapshot } from '../../common/contract/snapshot.js';
import { collectSnapshot, runOnce, type RunDeps, type RunResult } from './run.js';
import { EXPORTER_VERSION } from './version.js';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export interface CliDeps extends RunDeps {
  /** Waits between loop iterations; resolves early when `signal` aborts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Aborting ends the `run` loop after the current iteration. */
  signal?: AbortSignal;
  /** How the bundle was loaded (loader.ts): reported by `--stats` so an operator can see the cache work. */
  codeCache?: 'hit' | 'miss' | 'off';
}

/** Runs one CLI invocation and returns the process exit code. */
export async function main(argv: string[], io: CliIo, deps: CliDeps): Promise<number> {
  if (argv[0] === 'maintenance') {
    // Imported here, like the schema in run.ts: the every-minute run never loads it.
    const { maintenanceCommand } = await import('./maintenance-cmd.js');
    return maintenanceCommand(argv.slice(1), io, deps.clock?.());
  }
  const cmd = parseCliArgs(argv);
  switch (cmd.kind) {
    case 'help':
      io.stdout(`${HELP}\n`);
      return 0;
    case 'version':
      io.stdout(`${EXPORTER_VERSION}\n`);
      return 0;
    case 'usage-error':
      io.stderr(`hermes-exporter: ${cmd.message}\n`);
      return 2;
    case 'check':
      return check(cmd.source, cmd.snapshotFile, cmd.now, io, deps);
    case 'alerts':
      return alerts(cmd.source, cmd.now, io, deps);
    case 'run':
      break;
  }

  const loaded = loadConfig(cmd.source);
  if (!loaded.ok) {
    io.stderr(`hermes-exporter: ${loaded.error.message}\n`);
    return 2;
  }
  const config = loaded.config;
  const runDeps: RunDeps = cmd.now ? { ...deps, clock: () => cmd.now! } : deps;

  if (cmd.print) {
    const result = await collectSnapshot(config, runDeps);
    report(result, cmd.stats, config.instance.id, io, deps.codeCache);
    if (result.ok) io.stdout(`${JSON.stringify(result.snapshot, null, 2)}\n`);
    return result.ok ? 0 : 1;
  }

  if (cmd.once) {
    const result = await runOnce(config, runDeps);
    report(result, cmd.stats, config.instance.id, io, deps.codeCache);
    if (result.ok) await directAlerts(config, result.snapshot, runDeps, io);
    return result.ok ? 0 : 1;
  }

  // The loop, for hosts without systemd timers: one run per interval, aligned to when each run started.
  const signal = deps.signal ?? new AbortController().signal;
  const sleep = deps.sleep ?? defaultSleep;
  while (!signal.aborted) {
    const started = Date.now();
    const result = await runOnce(config, runDeps);
    report(result, cmd.stats, config.instance.id, io, deps.codeCache);
    if (result.ok) await directAlerts(config, result.snapshot, runDeps, io);
    if (signal.aborted) break;
    await sleep(Math.max(0, started + config.intervalSeconds * 1000 - Date.now()), signal);
  }
  return 0;
}

async function check(
  source: ConfigSource | null,
  snapshotFile: string | null,
  now: Date | null,
  io: CliIo,
  deps: RunDeps,
): Promise<number> {
  const at = now ?? (deps.clock ?? (() => new Date()))();
  let verdict;
  if (snapshotFile) {
    let text: string;
    try {
      text = readFileSync(snapshotFile, 'utf8');
    } catch (err) {
      io.stdout(
        `CRITICAL SNAPSHOT_MISSING cannot read ${snapshotFile}: ${(err as NodeJS.ErrnoException).code ?? 'error'}\n`,
      );
      return 2;
    }
    // Imported here: the snapshot schema is only built when a run or a check needs it (see run.ts).
    const { parseSnapshotText } = await import('../../common/contract/parse.js');
    const parsed = parseSnapshotText(text);
    if (!parsed.ok) {
      io.stdout(`CRITICAL ${parsed.code} ${parsed.message}\n`);
      return 2;
    }
    verdict = evaluateSnapshot(parsed.snapshot, at, { checkAge: true });
  } else {
    const loaded = loadConfig(source!);
    if (!loaded.ok) {
      io.stderr(`hermes-exporter: ${loaded.error.message}\n`);
      return 2;
    }
    const result = await collectSnapshot(loaded.config, { ...deps, clock: () => at });
    if (!result.ok) {
      io.stdout(`CRITICAL ${result.error.code} ${result.error.message}\n`);
      return 2;
    }
    verdict = evaluateSnapshot(result.snapshot, at);
    // Path 2 is optional; asked for (alerts.telegram) but without a usable token, it is off: say so.
    if (loaded.config.alerts.telegram) {
      const { resolveBotToken } = await import('./alerts/telegram-credential.js');
      const token = await resolveBotToken(loaded.config, deps.env ?? process.env);
      if (!token.ok)
        verdict.problems.push({
          severity: 'degraded',
          code: 'ALERTS_DIRECT_OFF',
          message: `Telegram path 2 is off: ${token.reason}`,
        });
      if (!token.ok && verdict.exitCode === 0) verdict = { ...verdict, exitCode: 1 };
    }
  }
  for (const p of verdict.problems)
    io.stdout(`${p.severity === 'critical' ? 'CRITICAL' : 'DEGRADED'} ${p.code} ${p.message}\n`);
  return verdict.exitCode;
}

/**
 * Path 2 of the VM-side alerts, after the snapshot is written (so a slow Telegram never costs a snapshot).
 * Off, and not even loaded, without `alerts.telegram` in the config.
 */
async function directAlerts(
  config: ExporterConfig,
  snapshot: Snapshot,
  deps: RunDeps,
  io: CliIo,
): Promise<void> {
  if (!config.alerts.telegram) return;
  if (config.alerts.timeZone) process.env.TZ = config.alerts.timeZone;
  const { runDirectAlerts } = await import('./alerts/direct-alerts.js');
  const now = new Date(snapshot.generatedAt);
  const outcome = await runDirectAlerts(config, snapshot, now, { env: deps.env ?? process.env });
  if (outcome.problem) io.stderr(`hermes-exporter: ${config.instance.id}: alerts: ${outcome.problem}\n`);
}

/**
 * Path 1 of the VM-side alerts. Exit 0 with the text (maybe empty) on stdout; 1 with the reason on stderr
 * when the shared state cannot be used (Hermes then records the job as failed, which the app shows).
 */
async function alerts(source: ConfigSource, now: Date | null, io: CliIo, deps: RunDeps): Promise<number> {
  const loaded = loadConfig(source);
  if (!loaded.ok) {
    io.stderr(`hermes-exporter: ${loaded.error.message}\n`);
    return 2;
  }
  const config = loaded.config;
  // Quiet hours and clock times are read in this zone (Node re-reads TZ when it is assigned).
  if (config.alerts.timeZone) process.env.TZ = config.alerts.timeZone;
  const at = now ?? (deps.clock ?? (() => new Date()))();
  const { runHermesCronAlerts } = await import('./alerts/hermes-cron-alerts.js');
  try {
    io.stdout(await runHermesCronAlerts(config, at));
    return 0;
  } catch (err) {
    io.stderr(`hermes-exporter: ${config.instance.id}: alerts: ${(err as Error).message}\n`);
    return 1;
  }
}

function loadConfig(source: ConfigSource): ConfigResult {
  return source.kind === 'file' ? loadConfigFile(source.file) : configFromFlags(source.flags);
}

/** Errors and warnings to stderr; with --stats, one line of run facts (the subprocess budget is 4). */
function report(
  result: RunResult,
  stats: boolean,
  id: string,
  io: CliIo,
  codeCache: CliDeps['codeCache'],
): void {
  if (!result.ok) io.stderr(`hermes-exporter: ${id}: ${result.error.code}: ${result.error.message}\n`);
  else for (const w of result.warnings) io.stderr(`hermes-exporter: ${id}: warning: ${w}\n`);
  if (stats) {
    const s = result.stats;
    io.stderr(
      `hermes-exporter stats: instance=${id} subprocesses=${s.subprocesses} ms=${s.durationMs} probes_ok=${s.probesOk}/${s.probesTotal} commands=${JSON.stringify(s.commands)}${codeCache ? ` code_cache=${codeCache}` : ''}\n`,
    );
  }
}

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
