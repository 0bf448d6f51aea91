/**
 * The snapshot contract: what the exporter writes on the VM and what the app reads on the laptop.
 *
 * Rules that every field follows:
 * - `null` means "unknown" (the probe failed, the file was missing or unparseable). Never a guessed
 *   `false` or `0`. The reason sits in `probes[]`.
 * - Only allowlisted, non-secret values. No message text, no chat ids, no tokens, no api keys.
 * - Timestamps are ISO 8601 UTC strings; ages are seconds measured on the VM's clock at `generatedAt`.
 *
 * This module must stay free of node and electron imports: the renderer imports its types.
 */
import { z } from 'zod';
import { signalsSchema } from './snapshot-signals.js';
import { usageSchema } from './snapshot-usage.js';
import { vmAlertsSchema } from './snapshot-alerts.js';

export { SCHEMA_VERSION } from './schema-version.js';
export * from './snapshot-signals.js';

const isoTime = z.string().datetime({ offset: true });
const nullableIso = isoTime.nullable();
const count = z.number().int().nonnegative();
const nullableCount = count.nullable();
const seconds = z.number().nullable();

/** One probe (collector) run: every collector records exactly one. */
export const probeSchema = z.object({
  name: z.string(),
  ok: z.boolean(),
  /** Short, sanitised reason when `ok` is false (never a secret or a path under a home outside HERMES_HOME). */
  error: z.string().nullable(),
  ms: z.number().nonnegative(),
});
export type Probe = z.infer<typeof probeSchema>;

export const instanceSchema = z.object({
  /** Stable id, e.g. `vijay`. */
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/),
  /** Human label, e.g. `Vijay (root)`. */
  label: z.string(),
  /** OS user the exporter ran as. */
  user: z.string().nullable(),
  hermesHome: z.string(),
  systemdScope: z.enum(['system', 'user']).nullable(),
  /** Host label from the exporter config (e.g. the Tailscale name), used in copied commands. */
  host: z.string().nullable(),
  /** uid of the exporter user; needed for `XDG_RUNTIME_DIR=/run/user/<uid>` in user-unit commands. */
  uid: z.number().int().nullable(),
});

export const hermesSchema = z.object({
  version: z.string().nullable(),
  /**
   * Where `version` came from: the literal `__version__` (init-py), install-stamp.json `baseVersion`
   * (install-stamp), a stable release tag at HEAD (git-tag) or pyproject.toml (pyproject). Absent in
   * snapshots from older exporters.
   */
  versionSource: z.enum(['init-py', 'install-stamp', 'git-tag', 'pyproject']).nullable().optional(),
  releaseDate: z.string().nullable(),
  pyprojectVersion: z.string().nullable(),
  /** Short git HEAD of the install checkout, 8 hex (as Hermes prints it). */
  gitHead: z.string().nullable(),
  installDir: z.string().nullable(),
  installMethod: z.string().nullable(),
  /** Commits behind upstream from `.update_check` (cached by Hermes; -1 = behind, count unknown). */
  updateBehind: z.number().int().nullable(),
  updateCheckedAt: nullableIso,
});

export const configSummarySchema = z.object({
  configVersion: z.number().int().nullable(),
  modelDefault: z.string().nullable(),
  modelProvider: z.string().nullable(),
  /** Host part of model.base_url only. */
  modelBaseUrlHost: z.string().nullable(),
  fallbackChain: z.array(z.object({ provider: z.string().nullable(), model: z.string().nullable() })),
  approvalsMode: z.string().nullable(),
  approvalsCronMode: z.string().nullable(),
  redactSecrets: z.boolean().nullable(),
  redactPii: z.boolean().nullable(),
  tirithEnabled: z.boolean().nullable(),
  toolsets: z.array(z.string()),
  terminalBackend: z.string().nullable(),
  browserEngine: z.string().nullable(),
  webBackend: z.string().nullable(),
  memoryProvider: z.string().nullable(),
  stateStoreBackend: z.string().nullable(),
  cronProvider: z.string().nullable(),
  timezone: z.string().nullable(),
  mcpServers: z.array(z.object({ name: z.string(), enabled: z.boolean().nullable() })),
  /** True when any dashboard auth (basic_auth / oauth) is configured. Never the values. */
  dashboardAuthConfigured: z.boolean().nullable(),
  /**
   * Fields above whose value is the Hermes default (absent from config.yaml, as save_config writes it),
   * merged in as load_config() does. Absent in snapshots from older exporters (then: unknown).
   */
  defaulted: z.array(z.string()).optional(),
  /** The Hermes version whose DEFAULT_CONFIG was merged; null = version unknown (version-stable keys only). */
  defaultsVersion: z.string().nullable().optional(),
});

export const recentSessionSchema = z.object({
  id: z.string(),
  source: z.string().nullable(),
  startedAt: nullableIso,
  endedAt: nullableIso,
  lastActivityAt: nullableIso,
  messageCount: nullableCount,
  model: z.string().nullable(),
  endReason: z.string().nullable(),
  costUsd: z.number().nullable(),
  /** Only present when the exporter runs with the explicit `includeTitles` opt-in. */
  title: z.string().nullable().optional(),
});

export const tokenTotalsSchema = z.object({
  input: nullableCount,
  output: nullableCount,
  costUsd: z.number().nullable(),
  sessions: nullableCount,
});

export const sessionsSchema = z.object({
  /** `sqlite` normally; `postgresql` means state.db is not authoritative and counts are null. */
  backend: z.string().nullable(),
  /** state.db `schema_version` row. */
  dbSchemaVersion: z.number().int().nullable(),
  /** Non-archived sessions (what `hermes sessions stats` prints as Total sessions). */
  active: nullableCount,
  /** All sessions including archived. */
  total: nullableCount,
  archived: nullableCount,
  /**
   * Non-archived hidden (Bot Mode, schema 30) sessions: already inside `active` and `bySource`, as
   * Hermes's own stats count them; `recent` leaves them out, as Hermes's lists do. Absent from older exporters.
   */
  hidden: nullableCount.optional(),
  /** COUNT(*) FROM messages. */
  messages: nullableCount,
  /** Non-archived sessions per source. */
  bySource: z.record(z.string(), count).nullable(),
  /** Sessions with ended_at IS NULL. */
  open: nullableCount,
  lastActivityAt: nullableIso,
  startedLast24h: nullableCount,
  last24h: tokenTotalsSchema,
  last7d: tokenTotalsSchema,
  /** Sessions and messages per UTC day, oldest first, up to 30 days. */
  perDay: z.array(z.object({ date: z.string(), sessions: count, messages: count })),
  recent: z.array(recentSessionSchema).max(50),
  dbBytes: nullableCount,
  walBytes: nullableCount,
  /**
   * How state.db was read without changing it: `immutable` (no WAL to read), `ro` (rollback journal),
   * `ro-shm` (through the WAL, -shm read-only), `wal-copy` (a private copy: the -wal had no -shm) or
   * `journal-copy` (a private copy of state.db + its hot rollback journal, rolled back: committed rows only).
   */
  readMode: z.enum(['immutable', 'ro', 'ro-shm', 'wal-copy', 'journal-copy']).nullable().optional(),
  /** True: a -wal existed that could not be read read-only, so counts may miss uncheckpointed rows. */
  walNotRead: z.boolean().nullable().optional(),
});

export const cronJobSchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  enabled: z.boolean().nullable(),
  /** scheduled | paused | completed | error | … */
  state: z.string().nullable(),
  scheduleKind: z.string().nullable(),
  scheduleDisplay: z.string().nullable(),
  lastStatus: z.enum(['ok', 'error']).nullable(),
  /** Redacted (token-like strings removed) and truncated. */
  lastError: z.string().nullable(),
  /** The run succeeded but delivery failed (last_delivery_error set). */
  deliveryFailed: z.boolean(),
  deliveryError: z.string().nullable(),
  /** Delivery target platforms only (`telegram`, `local`, …): never chat ids. */
  deliver: z.array(z.string()),
  lastRunAt: nullableIso,
  nextRunAt: nullableIso,
  /** Due (by its own schedule, plus a grace) and not run. */
  overdue: z.boolean(),
  overdueSeconds: seconds,
  /** Role recognised from the exporter config (backup sync job, watchdog job). */
  role: z.enum(['backup', 'watchdog']).nullable(),
});

export const cronSchema = z.object({
  /** `builtin` or a named provider (which has no ticker heartbeat by design). */
  provider: z.string().nullable(),
  /** Null when jobs.json could not be read/parsed. */
  jobs: z.array(cronJobSchema).nullable(),
  tickerHeartbeatAt: nullableIso,
  tickerHeartbeatAgeSeconds: seconds,
  tickerLastSuccessAt: nullableIso,
  tickerLastSuccessAgeSeconds: seconds,
  /** Counts from cron/executions.db over the last 24 h. */
  executions24h: z.object({ completed: count, failed: count, unknown: count, running: count }).nullable(),
});

export const platformStateSchema = z.object({
  /** connecting | connected | retrying | disconnected | paused | fatal */
  state: z.string().nullable(),
  errorCode: z.string().nullable(),
  /** Redacted and truncated. */
  errorMessage: z.string().nullable(),
  updatedAt: nullableIso,
});

export const gatewaySchema = z.object({
  /** true: pid alive + start time matches; false: no live gateway; null: cannot tell. */
  running: z.boolean().nullable(),
  pid: z.number().int().nullable(),
  /**
   * A pid record (gateway.pid or gateway_state.json) names another HERMES_HOME (a copied or restored
   * profile): Hermes ignores it and so does `running`. Null: no pid record. Absent from older exporters.
   */
  pidRecordForeign: z.boolean().nullable().optional(),
  /** `state/gateway.heartbeat` (trusted only when its pid is the live pid). */
  heartbeatAt: nullableIso,
  heartbeatAgeSeconds: seconds,
  heartbeatPidMatches: z.boolean().nullable(),
  /** gateway_state.json: starting | running | degraded | draining | stopped | startup_failed */
  state: z.string().nullable(),
  exitReason: z.string().nullable(),
  restartRequested: z.boolean().nullable(),
  activeAgents: nullableCount,
  platforms: z.record(z.string(), platformStateSchema),
  stateUpdatedAt: nullableIso,
  /** Lines of gateway-starts.log within the last hour. */
  restartsLastHour: nullableCount,
});

export const unitRoleSchema = z.enum([
  'gateway',
  'dashboard',
  'backup-timer',
  'watchdog',
  'emergency-upload-timer',
  'other',
]);
export type UnitRole = z.infer<typeof unitRoleSchema>;

/** Which systemd manager owns a unit: the system manager or the exporter user's own user manager. */
export const systemdScopeSchema = z.enum(['system', 'user']);
export type SystemdScope = z.infer<typeof systemdScopeSchema>;

export const unitSchema = z.object({
  name: z.string(),
  role: unitRoleSchema,
  /**
   * The manager that was asked about this unit. Absent in snapshots from exporters before per-unit
   * scopes: then it is `systemd.scope` (read it with `unitScope()`).
   */
  scope: systemdScopeSchema.optional(),
  /** loaded | not-found | … */
  loadState: z.string().nullable(),
  /** active | inactive | failed | activating | … */
  activeState: z.string().nullable(),
  subState: z.string().nullable(),
  /** enabled | disabled | static | … */
  unitFileState: z.string().nullable(),
  nRestarts: nullableCount,
  /** `Result` property: success | exit-code | … */
  result: z.string().nullable(),
  execMainStatus: z.number().int().nullable(),
  activeEnterAt: nullableIso,
  /** Timers: last and next trigger. */
  lastTriggerAt: nullableIso,
  nextTriggerAt: nullableIso,
});

export const systemdSchema = z.object({
  /** The instance's default manager (`systemd.scope` in the exporter config); each unit names its own. */
  scope: systemdScopeSchema.nullable(),
  units: z.array(unitSchema),
});

export const addressClassSchema = z.enum(['loopback', 'tailscale', 'private', 'public', 'any']);
export type AddressClass = z.infer<typeof addressClassSchema>;

export const dashboardSchema = z.object({
  port: z.number().int().nullable(),
  /** Sockets listening on that port, from /proc/net/tcp{,6}. Empty = not listening. */
  bindings: z.array(
    z.object({ address: z.string(), family: z.enum(['ipv4', 'ipv6']), class: addressClassSchema }),
  ),
  /** The worst class among the bindings (`any` = 0.0.0.0/:: counts as public). Null when unknown. */
  exposure: z.enum(['none', 'loopback', 'tailscale', 'private', 'public']).nullable(),
});

export const backupSchema = z.object({
  repoPath: z.string(),
  branch: z.string().nullable(),
  head: z.string().nullable(),
  lastCommitAt: nullableIso,
  lastCommitAgeSeconds: seconds,
  dirty: z.boolean().nullable(),
  dirtyFiles: nullableCount,
  upstream: z.string().nullable(),
  ahead: nullableCount,
  behind: nullableCount,
  /** Which parts of a restorable Hermes home are present in the payload folder. */
  restorePayload: z
    .object({
      configYaml: z.boolean(),
      skills: z.boolean(),
      sessions: z.boolean(),
      cron: z.boolean(),
      memories: z.boolean(),
      scripts: z.boolean(),
    })
    .nullable(),
  /** Tracked paths that must never be in a backup (state.db, .env, WAL/SHM, auth/token files). */
  forbiddenFiles: z.array(z.string()).nullable(),
  /** Secret-pattern scan of tracked files, run when HEAD changes. File names and pattern names only. */
  secretScan: z
    .object({
      head: z.string(),
      scannedAt: isoTime,
      hits: z.array(z.object({ file: z.string(), pattern: z.string() })),
    })
    .nullable(),
});

export const recoverySchema = z.object({
  restoreDrillAt: nullableIso,
  restoreDrillAgeDays: z.number().nullable(),
  googleToken: z
    .object({ present: z.boolean(), expiresAt: nullableIso, hasRefreshToken: z.boolean().nullable() })
    .nullable(),
});

export const skillsSchema = z.object({
  count: nullableCount,
  hubInstalled: nullableCount,
  quarantined: nullableCount,
  curatorLastRunAt: nullableIso,
});

export const memorySchema = z.object({
  entries: nullableCount,
  userEntries: nullableCount,
  /**
   * Percent of memory_char_limit / user_char_limit in use, as Hermes shows it: duplicates dropped, the
   * stripped entries joined, rounded down, at most 100 (older exporters sent one decimal).
   */
  memoryUsagePct: z.number().nullable(),
  userUsagePct: z.number().nullable(),
  /** Characters (code points) of the joined unique entries, and the limits they count against. */
  memoryChars: nullableCount.optional(),
  userChars: nullableCount.optional(),
  memoryCharLimit: z.number().int().nullable().optional(),
  userCharLimit: z.number().int().nullable().optional(),
  provider: z.string().nullable(),
});

export const logsSchema = z.object({
  errors24h: nullableCount,
  critical24h: nullableCount,
});

export const hostSchema = z.object({
  disks: z.array(
    z.object({
      mount: z.string(),
      label: z.string(),
      totalBytes: count,
      freeBytes: count,
      usedPct: z.number(),
    }),
  ),
  memory: z.object({ totalBytes: count, availableBytes: count, availablePct: z.number() }).nullable(),
  load: z.tuple([z.number(), z.number(), z.number()]).nullable(),
  uptimeSeconds: z.number().nullable(),
  cpuCount: nullableCount,
  tailscaleIPv4: z.string().nullable(),
  /** Named containers from the config; `running: null` when docker is not usable. */
  containers: z.array(
    z.object({ name: z.string(), running: z.boolean().nullable(), status: z.string().nullable() }),
  ),
});

/** Where the app finds this instance's history files (beside snapshot.json). */
export const historyRefSchema = z.object({
  /** Changes whenever the files are rewritten (compaction); the app then re-reads from offset 0. */
  generation: z.string(),
  rawFile: z.string(),
  rollupFile: z.string(),
});

export const snapshotSchema = z.object({
  schemaVersion: z.number().int(),
  exporterVersion: z.string(),
  generatedAt: isoTime,
  intervalSeconds: z.number().int().positive(),
  instance: instanceSchema,
  probes: z.array(probeSchema),
  hermes: hermesSchema,
  config: configSummarySchema,
  sessions: sessionsSchema,
  cron: cronSchema,
  gateway: gatewaySchema,
  systemd: systemdSchema,
  dashboard: dashboardSchema,
  /** Null when no backup repo is configured for this instance. */
  backup: backupSchema.nullable(),
  recovery: recoverySchema,
  skills: skillsSchema,
  memory: memorySchema,
  logs: logsSchema,
  /** Null unless the exporter config enables host probes (the root exporter). */
  host: hostSchema.nullable(),
  history: historyRefSchema.nullable(),
  /** Newer-Hermes signals and the cron/restart ledgers (snapshot-signals.ts); absent from older exporters. */
  signals: signalsSchema.optional(),
  /** Spend per UTC day (common/contract/snapshot-usage.ts). Absent from older exporters; null = unknown. */
  usage: usageSchema.nullable().optional(),
  /** VM-side alerts (snapshot-alerts.ts). Optional: older exporters do not write it. */
  alerts: vmAlertsSchema.optional(),
});

export type Snapshot = z.infer<typeof snapshotSchema>;
export type SnapshotInstance = z.infer<typeof instanceSchema>;
export type HermesInfo = z.infer<typeof hermesSchema>;
export type ConfigSummary = z.infer<typeof configSummarySchema>;
export type SessionsInfo = z.infer<typeof sessionsSchema>;
export type RecentSession = z.infer<typeof recentSessionSchema>;
export type CronInfo = z.infer<typeof cronSchema>;
export type CronJob = z.infer<typeof cronJobSchema>;
export type GatewayInfo = z.infer<typeof gatewaySchema>;
export type PlatformState = z.infer<typeof platformStateSchema>;
export type SystemdInfo = z.infer<typeof systemdSchema>;
export type UnitInfo = z.infer<typeof unitSchema>;
export type DashboardInfo = z.infer<typeof dashboardSchema>;
export type BackupInfo = z.infer<typeof backupSchema>;
export type RecoveryInfo = z.infer<typeof recoverySchema>;
export type SkillsInfo = z.infer<typeof skillsSchema>;
export type MemoryInfo = z.infer<typeof memorySchema>;
export type LogsInfo = z.infer<typeof logsSchema>;
export type HostInfo = z.infer<typeof hostSchema>;
export type HistoryRef = z.infer<typeof historyRefSchema>;
