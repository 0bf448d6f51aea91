/**
 * The single entry point for everything read from Hermes's own files: version, config summary,
 * sessions, cron, gateway, memory, skills, logs and recovery. Sub-collectors run in parallel; SQLite is
 * read in ONE batch (node:sqlite in-process, else one python3 subprocess). Every sub-collector records
 * a probe; a failure yields nulls ("unknown"), never a guess, and nothing here throws.
 */
import type {
  ConfigSummary,
  CronInfo,
  GatewayInfo,
  HermesInfo,
  LogsInfo,
  MemoryInfo,
  Probe,
  RecoveryInfo,
  SessionsInfo,
  SkillsInfo,
  Signals,
} from '../../../common/contract/snapshot.js';
import type { UsageInfo } from '../../../common/contract/snapshot-usage.js';
import { UNKNOWN_CONFIG, summarizeConfig } from './config-summary.js';
import type { CollectContext } from './context.js';
import {
  EXECUTIONS_DB_KEY,
  executionsDbRequest,
  interpretExecutions,
  mapJobs,
  readJobs,
  readTicker,
  type CronSettings,
} from './cron.js';
import { collectGateway, UNKNOWN_GATEWAY } from './gateway.js';
import { getPath, readHermesConfig, stateStoreBackend } from './hermes-config.js';
import { collectLogs, UNKNOWN_LOGS } from './logs.js';
import { collectMemory, UNKNOWN_MEMORY } from './memory.js';
import { collectRecovery, UNKNOWN_RECOVERY } from './recovery.js';
import {
  interpretSessions,
  sessionsDbRequest,
  stateDbSizes,
  STATE_DB_KEY,
  unknownSessions,
} from './sessions.js';
import { collectSignals, EMPTY_SIGNALS, signalsDbRequests } from './signals.js';
import { collectSkills, UNKNOWN_SKILLS } from './skills.js';
import { interpretUsage, USAGE_QUERY_PREFIX, usageProblem, usageQueries } from './usage.js';
import type { NodeSqliteModule } from './sqlite/node-sqlite-reader.js';
import { readSqlite, type SqliteReadOutcome } from './sqlite/sqlite-reader.js';
import type { DbRequest, DbResult } from './sqlite/sqlite-request.js';
import { collectVersion } from './version.js';
import { isDirectorySync } from '../lib/read-text.js';

export interface HermesCollection {
  hermes: HermesInfo;
  config: ConfigSummary;
  sessions: SessionsInfo;
  cron: CronInfo;
  gateway: GatewayInfo;
  memory: MemoryInfo;
  skills: SkillsInfo;
  logs: LogsInfo;
  recovery: RecoveryInfo;
  /** Newer-Hermes signals and the cron/restart ledgers (collect/signals.ts). */
  signals: Signals;
  /** Spend per UTC day (collect/usage.ts); null = unknown. */
  usage: UsageInfo | null;
  probes: Probe[];
}

export interface CollectHermesOptions {
  /** Tests inject the SQLite backend; default: node:sqlite when this Node has it, else python3. */
  nodeSqlite?: NodeSqliteModule | null;
}

/** Queries whose absence is expected on older schemas and is not worth a failed probe. */
const OPTIONAL_QUERIES = new Set(['lastActivityColumn']);

interface Outcome<T> {
  value: T;
  /** Null = fine; otherwise the probe fails with this short reason (the value may still be partial). */
  error: string | null;
}

async function probe<T>(
  name: string,
  probes: Probe[],
  fallback: T,
  fn: () => Promise<Outcome<T>>,
): Promise<T> {
  const started = performance.now();
  let outcome: Outcome<T>;
  try {
    outcome = await fn();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    outcome = { value: fallback, error: message.split('\n')[0]!.slice(0, 300) };
  }
  probes.push({
    name,
    ok: outcome.error === null,
    error: outcome.error,
    ms: Math.round((performance.now() - started) * 10) / 10,
  });
  return outcome.value;
}

const ok = <T>(value: T): Outcome<T> => ({ value, error: null });

function dbProblem(label: string, db: DbResult | undefined): string | null {
  if (db === undefined) return `${label}: not read`;
  if (!db.ok) {
    if (db.code === 'absent') return `${label} not found`;
    if (db.code === 'busy') return `${label} is busy (locked); retried once`;
    return `${label}: ${db.error ?? 'unreadable'}`;
  }
  const problems = Object.entries(db.results)
    // Spend queries ride on the state.db read but report through their own probe (`usage`).
    .filter(
      ([name, r]) => !OPTIONAL_QUERIES.has(name) && !name.startsWith(USAGE_QUERY_PREFIX) && !('rows' in r),
    )
    .map(([name, r]) =>
      'missing' in r ? `${name} (missing ${r.missing})` : 'error' in r ? `${name} (${r.error})` : name,
    );
  return problems.length === 0 ? null : `${label}: ${problems.slice(0, 4).join('; ')}`;
}

function unknownHermes(installDir: string | null): HermesInfo {
  return {
    version: null,
    releaseDate: null,
    pyprojectVersion: null,
    gitHead: null,
    installDir,
    installMethod: null,
    updateBehind: null,
    updateCheckedAt: null,
  };
}

function allUnknown(reason: string, ctx: CollectContext): HermesCollection {
  const names = [
    'hermes.version',
    'hermes.config',
    'sessions',
    'cron.jobs',
    'gateway',
    'memory',
    'skills',
    'logs',
    'recovery',
    'usage',
  ];
  return {
    hermes: unknownHermes(ctx.installDir),
    config: UNKNOWN_CONFIG,
    sessions: unknownSessions(),
    cron: unknownCron(),
    gateway: UNKNOWN_GATEWAY,
    memory: UNKNOWN_MEMORY,
    skills: UNKNOWN_SKILLS,
    logs: UNKNOWN_LOGS,
    recovery: UNKNOWN_RECOVERY,
    signals: EMPTY_SIGNALS,
    usage: null,
    probes: names.map((name) => ({ name, ok: false, error: reason, ms: 0 })),
  };
}

function unknownCron(): CronInfo {
  return {
    provider: null,
    jobs: null,
    tickerHeartbeatAt: null,
    tickerHeartbeatAgeSeconds: null,
    tickerLastSuccessAt: null,
    tickerLastSuccessAgeSeconds: null,
    executions24h: null,
  };
}

/** Reads everything Hermes-owned for one instance. Never throws; never writes. */
export async function collectHermes(
  ctx: CollectContext,
  options: CollectHermesOptions = {},
): Promise<HermesCollection> {
  const home = ctx.hermesHome;
  // Synchronous, like everything up to the spawn below (see there).
  if (!isDirectorySync(home)) return allUnknown('HERMES_HOME not found or not readable', ctx);
  const now = ctx.now;
  const nowEpoch = now.getTime() / 1000;

  // The SQLite read is the run's slowest probe (a python3 subprocess where this Node has no node:sqlite),
  // so it is started before anything else in the run, without yielding first: collectSystem's synchronous
  // work would otherwise go ahead of the spawn. state.db is requested speculatively: on a postgresql state
  // store its (absent or stale) result is ignored below.
  const sqlite: Promise<SqliteReadOutcome | Error> = readSqlite(
    ctx,
    [
      sessionsDbRequest(home, nowEpoch, ctx.config.includeTitles),
      executionsDbRequest(home, nowEpoch),
      ...signalsDbRequests(home, nowEpoch),
      withUsageQueries(sessionsDbRequest(home, nowEpoch, ctx.config.includeTitles), nowEpoch),
      executionsDbRequest(home, nowEpoch),
    ],
    { nodeSqlite: options.nodeSqlite },
  ).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))));

  const probes: Probe[] = [];

  const configRead = await readHermesConfig(home).catch((err: Error) => ({
    status: 'invalid' as const,
    error: err.message,
  }));
  const config = configRead.status === 'ok' ? configRead.config : null;
  // The version is read first (files only): config defaults depend on which Hermes reads the config.
  const versionRead = collectVersion(ctx.installDir, home).catch((err: unknown) =>
    err instanceof Error ? err : new Error(String(err)),
  );
  const versionInfo = await versionRead;
  const hermesVersion = versionInfo instanceof Error ? null : versionInfo.version;
  const configSummary = await probe('hermes.config', probes, UNKNOWN_CONFIG, async () =>
    configRead.status === 'ok'
      ? ok(summarizeConfig(configRead.config, hermesVersion))
      : {
          value: UNKNOWN_CONFIG,
          error: configRead.status === 'absent' ? 'config.yaml not found' : configRead.error,
        },
  );
  const backend = stateStoreBackend(config);

  const cronSettings: CronSettings = {
    graceSeconds: ctx.config.cron.overdueGraceSeconds,
    backupJobPattern: ctx.config.cron.backupJobPattern,
    watchdogJobPattern: ctx.config.cron.watchdogJobPattern,
    timezone:
      typeof config?.timezone === 'string' && config.timezone.trim() !== '' ? config.timezone.trim() : null,
  };

  const [hermes, sessions, cron, gateway, memory, skills, logs, recovery, usage] = await Promise.all([
    probe('hermes.version', probes, unknownHermes(ctx.installDir), async () => {
      if (versionInfo instanceof Error) throw versionInfo;
      return {
        value: versionInfo,
        error:
          ctx.installDir === null
            ? 'install dir not found'
            : versionInfo.version === null
              ? 'no __version__, install-stamp.json, release tag at HEAD or pyproject version'
              : null,
      };
    }),
    probe('sessions', probes, unknownSessions(backend), async () => {
      if (backend === 'postgresql') return ok(unknownSessions('postgresql'));
      const read = await sqlite;
      if (read instanceof Error) return { value: unknownSessions(backend), error: read.message };
      const db = read.results[STATE_DB_KEY];
      const problem = dbProblem('state.db', db);
      if (db === undefined || !db.ok)
        return { value: { ...unknownSessions(backend), ...(await stateDbSizes(home)) }, error: problem };
      const value = interpretSessions(db, nowEpoch, ctx.config.includeTitles, await stateDbSizes(home));
      const walProblem = value.walNotRead
        ? 'state.db-wal has no -shm and is too large to copy: counts may miss uncheckpointed rows'
        : null;
      return { value, error: [problem, walProblem].filter(Boolean).join('; ') || null };
    }),
    collectCron(ctx, probes, config, cronSettings, sqlite),
    probe('gateway', probes, UNKNOWN_GATEWAY, async () => ok(await collectGateway(home, ctx.procRoot, now))),
    probe('memory', probes, UNKNOWN_MEMORY, () => collectMemory(home, config)),
    probe('skills', probes, UNKNOWN_SKILLS, async () => {
      const value = await collectSkills(home);
      return { value, error: value.count === null ? 'skills/: tree too large to walk' : null };
    }),
    probe('logs', probes, UNKNOWN_LOGS, async () => {
      const value = await collectLogs(home, now);
      return { value, error: value.errors24h === null ? 'logs/ not found' : null };
    }),
    probe('recovery', probes, UNKNOWN_RECOVERY, async () =>
      ok(await collectRecovery(home, ctx.config.recovery, now)),
    ),
    probe('usage', probes, null as UsageInfo | null, async () => {
      if (backend === 'postgresql') return { value: null, error: 'state store is postgresql' };
      const read = await sqlite;
      if (read instanceof Error) return { value: null, error: read.message };
      const db = read.results[STATE_DB_KEY];
      const value = interpretUsage(db, nowEpoch);
      return { value, error: usageProblem(db) ?? (value === null ? 'state.db: no usage' : null) };
    }),
  ]);

  const signals = await collectSignalsProbes(ctx, probes, sqlite, {
    cron,
    gateway,
    hermes,
    timezone: cronSettings.timezone,
  });

  return {
    hermes,
    config: configSummary,
    sessions,
    cron,
    gateway,
    memory,
    skills,
    logs,
    recovery,
    signals,
    usage,
    probes,
  };
}

/** The signals collector records one probe per family (delivery ledger, cron, gateway lifecycle). */
async function collectSignalsProbes(
  ctx: CollectContext,
  probes: Probe[],
  sqlite: Promise<SqliteReadOutcome | Error>,
  inputs: { cron: CronInfo; gateway: GatewayInfo; hermes: HermesInfo; timezone: string | null },
): Promise<Signals> {
  const started = performance.now();
  const read = await sqlite;
  const names = ['signals.delivery', 'signals.cron', 'signals.gateway'];
  let outcome: Awaited<ReturnType<typeof collectSignals>>;
  try {
    outcome = await collectSignals(ctx, { ...inputs, sqlite: read instanceof Error ? null : read.results });
  } catch (err) {
    const message = (err instanceof Error ? err.message : String(err)).split('\n')[0]!.slice(0, 300);
    outcome = { signals: EMPTY_SIGNALS, problems: Object.fromEntries(names.map((n) => [n, message])) };
  }
  const ms = Math.round((performance.now() - started) * 10) / 10;
  // Fixed names always; extra ones (the kernel journal) only on the runs that used them.
  for (const name of new Set([...names, ...Object.keys(outcome.problems)])) {
    const error = outcome.problems[name] ?? null;
    probes.push({ name, ok: error === null, error, ms });
  }
  return outcome.signals;
}

/** The spend queries ride on the sessions read of state.db: one open, one batch, no new subprocess. */
function withUsageQueries(request: DbRequest, nowEpoch: number): DbRequest {
  return { ...request, queries: [...request.queries, ...usageQueries(nowEpoch)] };
}

async function collectCron(
  ctx: CollectContext,
  probes: Probe[],
  config: Record<string, unknown> | null,
  settings: CronSettings,
  sqlite: Promise<SqliteReadOutcome | Error>,
): Promise<CronInfo> {
  const home = ctx.hermesHome;
  const providerSetting = getPath(config, 'cron.provider');
  const provider =
    config === null
      ? null
      : typeof providerSetting === 'string' && providerSetting.trim() !== ''
        ? providerSetting.trim()
        : 'builtin';
  const [jobs, ticker, executions24h] = await Promise.all([
    probe('cron.jobs', probes, null as CronInfo['jobs'], async () => {
      const read = await readJobs(home);
      return {
        value: mapJobs(read, ctx.now, settings),
        error: read.status === 'invalid' ? read.error : null,
      };
    }),
    probe('cron.ticker', probes, unknownCronTicker(), async () => ok(await readTicker(home, ctx.now))),
    probe('cron.executions', probes, null as CronInfo['executions24h'], async () => {
      const read = await sqlite;
      if (read instanceof Error) return { value: null, error: read.message };
      const db = read.results[EXECUTIONS_DB_KEY];
      const value = interpretExecutions(db);
      return { value, error: value === null ? dbProblem('cron/executions.db', db) : null };
    }),
  ]);
  return { provider: provider === null ? null : provider.slice(0, 40), jobs, ...ticker, executions24h };
}

function unknownCronTicker() {
  const { tickerHeartbeatAt, tickerHeartbeatAgeSeconds, tickerLastSuccessAt, tickerLastSuccessAgeSeconds } =
    unknownCron();
  return { tickerHeartbeatAt, tickerHeartbeatAgeSeconds, tickerLastSuccessAt, tickerLastSuccessAgeSeconds };
}
