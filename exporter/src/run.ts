/**
 * One exporter run: build the collect context (frozen now, resolved install dir, counted exec, saved
 * state), run both collector families in parallel, assemble and VALIDATE the snapshot, then write history,
 * snapshot.json, the optional Prometheus file and state.json. An invalid snapshot is never written: the
 * run fails with the contract path that did not match.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import type { CollectContext, ExporterState } from './collect/context.js';
import type { ExporterConfig } from './config.js';
import { SCHEMA_VERSION } from '../../common/contract/schema-version.js';
import type { Probe, Snapshot } from '../../common/contract/snapshot.js';
import { createCountingExec } from './exec.js';
import { RAW_FILE, ROLLUP_FILE, recordSample } from './history/history-store.js';
import { snapshotToSample } from './history/sample.js';
import { writePrometheusFile } from './prometheus.js';
import { EXPORTER_VERSION } from './version.js';
import { writeFileAtomic } from './write-atomic.js';
import { vmAlertsStatus } from './alerts/alerts-status.js';
import { isDirectorySync } from './lib/read-text.js';

export const SNAPSHOT_FILE = 'snapshot.json';
export const STATE_FILE = 'state.json';

type HermesPart = Pick<
  Snapshot,
  | 'hermes'
  | 'config'
  | 'sessions'
  | 'cron'
  | 'gateway'
  | 'memory'
  | 'skills'
  | 'logs'
  | 'recovery'
  | 'signals'
  | 'usage'
> & {
  probes: Probe[];
};
type SystemPart = Pick<Snapshot, 'systemd' | 'dashboard' | 'backup' | 'host'> & { probes: Probe[] };

/** The two collector families (helper modules collect/hermes.ts and collect/system.ts). */
export interface Collectors {
  collectHermes: (ctx: CollectContext) => Promise<HermesPart>;
  collectSystem: (ctx: CollectContext) => Promise<SystemPart>;
}

export interface RunDeps {
  collectors: Collectors;
  clock?: () => Date;
  env?: NodeJS.ProcessEnv;
  procRoot?: string;
  /** Which paths count as an install dir (tests inject); default: is an existing directory. */
  isDir?: (path: string) => boolean;
  whoami?: () => { user: string | null; uid: number | null };
}

export interface RunStats {
  durationMs: number;
  subprocesses: number;
  commands: string[];
  probesOk: number;
  probesTotal: number;
}

export type RunErrorCode = 'COLLECT_FAILED' | 'SNAPSHOT_INVALID' | 'WRITE_FAILED';
export type RunResult =
  | { ok: true; snapshot: Snapshot; stats: RunStats; warnings: string[] }
  | { ok: false; error: { code: RunErrorCode; message: string }; stats: RunStats };

/** Collects and validates a snapshot without writing anything (used by `--print` and `check`). */
export async function collectSnapshot(
  config: ExporterConfig,
  deps: RunDeps,
): Promise<RunResult & { state: ExporterState }> {
  const started = performance.now();
  const env = deps.env ?? process.env;
  const now = (deps.clock ?? (() => new Date()))();
  const counting = createCountingExec();
  const state = loadState(config.outDir);
  const ctx: CollectContext = {
    config,
    now,
    hermesHome: config.hermesHome,
    installDir: resolveInstallDir(config, env, deps.isDir ?? isDirectorySync),
    exec: counting.exec,
    state,
    procRoot: deps.procRoot ?? '/proc',
    env,
  };
  const stats = (probes: Probe[] = []): RunStats => ({
    durationMs: Math.round(performance.now() - started),
    subprocesses: counting.stats().count,
    commands: counting.stats().commands,
    probesOk: probes.filter((p) => p.ok).length,
    probesTotal: probes.length,
  });

  let hermes: HermesPart;
  let system: SystemPart;
  try {
    const collecting = Promise.all([deps.collectors.collectHermes(ctx), deps.collectors.collectSystem(ctx)]);
    // The collectors have started their subprocesses; build the snapshot schema (~5-10 ms of CPU on a cold
    // process) while they run instead of after (the bundle evaluates this module lazily, on import()).
    void loadSnapshotSchema();
    [hermes, system] = await collecting;
  } catch (err) {
    const message = `a collector failed unexpectedly: ${String((err as Error)?.message ?? err).split('\n')[0]}`;
    return { ok: false, error: { code: 'COLLECT_FAILED', message }, stats: stats(), state };
  }

  const me = (deps.whoami ?? whoami)();
  const { probes: hermesProbes, ...hermesRest } = hermes;
  const { probes: systemProbes, ...systemRest } = system;
  const probes = [...hermesProbes, ...systemProbes];
  const candidate: Snapshot = {
    schemaVersion: SCHEMA_VERSION,
    exporterVersion: EXPORTER_VERSION,
    generatedAt: now.toISOString(),
    intervalSeconds: config.intervalSeconds,
    instance: {
      id: config.instance.id,
      label: config.instance.label,
      user: me.user,
      hermesHome: config.hermesHome,
      systemdScope: config.systemd.scope,
      host: config.host ?? null,
      uid: me.uid,
    },
    probes,
    ...hermesRest,
    ...systemRest,
    history: null,
    alerts: vmAlertsStatus(config, hermesRest.cron.jobs),
  };
  const checked = await validate(candidate);
  if (!checked.ok) return { ok: false, error: checked.error, stats: stats(probes), state };
  return { ok: true, snapshot: checked.snapshot, stats: stats(probes), warnings: [], state };
}

/** A full run: collect, validate, then write history, snapshot.json, Prometheus file and state.json. */
export async function runOnce(config: ExporterConfig, deps: RunDeps): Promise<RunResult> {
  const started = performance.now();
  const collected = await collectSnapshot(config, deps);
  if (!collected.ok) return collected;
  const { snapshot, state, stats } = collected;
  const warnings: string[] = [];
  try {
    mkdirSync(config.outDir, { recursive: true, mode: 0o755 });
  } catch (err) {
    return {
      ok: false,
      error: { code: 'WRITE_FAILED', message: `cannot create ${config.outDir}: ${(err as Error).message}` },
      stats,
    };
  }

  // History before the snapshot: the snapshot names the generation, so the files must already match it.
  const previous = (state.history as { generation?: unknown } | undefined)?.generation;
  try {
    const rec = await recordSample({
      outDir: config.outDir,
      sample: snapshotToSample(snapshot),
      now: Math.floor(Date.parse(snapshot.generatedAt) / 1000),
      maxBytes: config.history.maxBytes,
      previousGeneration: typeof previous === 'string' ? previous : null,
    });
    snapshot.history = { generation: rec.generation, rawFile: RAW_FILE, rollupFile: ROLLUP_FILE };
    state.history = {
      generation: rec.generation,
      compactedAt: rec.compacted ? snapshot.generatedAt : undefined,
    };
  } catch (err) {
    warnings.push(`history not updated: ${(err as Error).message}`);
  }

  try {
    await writeFileAtomic(config.outDir, SNAPSHOT_FILE, `${JSON.stringify(snapshot, null, 1)}\n`);
  } catch (err) {
    return { ok: false, error: { code: 'WRITE_FAILED', message: (err as Error).message }, stats };
  }

  const final: RunStats = { ...stats, durationMs: Math.round(performance.now() - started) };
  state.lastRun = {
    at: snapshot.generatedAt,
    durationMs: final.durationMs,
    subprocesses: final.subprocesses,
    commands: final.commands,
    probesOk: final.probesOk,
    probesTotal: final.probesTotal,
  };
  // Caches and the Prometheus file are rewritten every run: atomic (rename) but not fsynced, so a run
  // pays for durability only on snapshot.json and history rewrites.
  const [prom, saved] = await Promise.allSettled([
    config.prometheusFile
      ? writePrometheusFile(config.prometheusFile, snapshot, {
          durationMs: final.durationMs,
          subprocesses: final.subprocesses,
        })
      : Promise.resolve(),
    writeFileAtomic(config.outDir, STATE_FILE, `${JSON.stringify(state)}\n`, { durable: false }),
  ]);
  if (prom.status === 'rejected')
    warnings.push(`prometheus file not written: ${(prom.reason as Error).message}`);
  if (saved.status === 'rejected') warnings.push(`state not saved: ${(saved.reason as Error).message}`);
  return { ok: true, snapshot, stats: final, warnings };
}

/** Validates against the contract; the error names the first failing path (e.g. `sessions.active`). */
let snapshotSchemaModule: Promise<typeof import('../../common/contract/snapshot.js')> | null = null;
function loadSnapshotSchema(): Promise<typeof import('../../common/contract/snapshot.js')> {
  snapshotSchemaModule ??= import('../../common/contract/snapshot.js');
  return snapshotSchemaModule;
}

export async function validate(
  candidate: unknown,
): Promise<
  { ok: true; snapshot: Snapshot } | { ok: false; error: { code: 'SNAPSHOT_INVALID'; message: string } }
> {
  const { snapshotSchema } = await loadSnapshotSchema();
  // jitless: zod would otherwise compile a fast-path parser (new Function) for every object schema on
  // first use, which costs a one-shot process ~20 ms of CPU to validate one snapshot once.
  const parsed = snapshotSchema.safeParse(candidate, { jitless: true });
  if (parsed.success) return { ok: true, snapshot: parsed.data };
  const issues = parsed.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
  return {
    ok: false,
    error: {
      code: 'SNAPSHOT_INVALID',
      message: `snapshot does not match the contract at ${issues.join('; ')} — nothing written`,
    },
  };
}

/**
 * Config wins (and is not second-guessed: a configured dir that is missing gives null, so the hermes probe
 * reports it rather than silently reading another checkout); then $HERMES_INSTALL_DIR, then the places
 * Hermes's installer uses.
 */
export function resolveInstallDir(
  config: ExporterConfig,
  env: NodeJS.ProcessEnv,
  isDir: (p: string) => boolean,
): string | null {
  if (config.installDir) return isDir(config.installDir) ? config.installDir : null;
  const candidates = [
    env.HERMES_INSTALL_DIR,
    join(config.hermesHome, 'hermes-agent'),
    '/usr/local/lib/hermes-agent',
    '/opt/hermes',
  ];
  for (const c of candidates) if (c && isDir(c)) return c;
  return null;
}

/** outDir/state.json, or an empty state when missing or corrupt (it only holds caches). */
export function loadState(outDir: string): ExporterState {
  try {
    const raw = JSON.parse(readFileSync(join(outDir, STATE_FILE), 'utf8')) as unknown;
    return typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as ExporterState) : {};
  } catch {
    return {};
  }
}

function whoami(): { user: string | null; uid: number | null } {
  const uid = typeof process.getuid === 'function' ? process.getuid() : null;
  try {
    return { user: userInfo().username, uid };
  } catch {
    return { user: null, uid };
  }
}
