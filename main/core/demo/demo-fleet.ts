/**
 * The embedded demo fleet, shown when nothing is configured: the founder's two instances as they would look
 * on a typical day — Vijay (root, system units, dashboard :9119) mostly healthy, and Bheem (uma, :9120; its
 * gateway a user unit, its dashboard and backup timer system units, as the runbook runs them) with the
 * warnings the runbook worries about (backup timer inactive, restore drill overdue, one
 * failing cron job, Telegram retrying). Every snapshot is a full, contract-valid Snapshot built relative to
 * an injected "now", and labelled as demo everywhere a person could mistake it for real data.
 */
import { buildDemoAlerts } from './demo-alerts.js';
import { buildDemoUsage } from './demo-usage.js';
import {
  SCHEMA_VERSION,
  type Snapshot,
  type SystemdScope,
  type UnitInfo,
  type CronJob,
} from '../../../common/contract/snapshot.js';
import { buildDemoSignals } from './demo-signals.js';

export const DEMO_HOST_NAME = 'demo-vm';
export const DEMO_SNAPSHOT_ROOT = '/var/lib/hermes-exporter';
export const DEMO_INTERVAL_SECONDS = 60;
export const DEMO_INSTANCES = [
  { id: 'vijay', label: 'Vijay (root) · demo' },
  { id: 'bheem', label: 'Bheem (uma) · demo' },
] as const;
export type DemoInstanceId = (typeof DEMO_INSTANCES)[number]['id'];

const GB = 1024 ** 3;
const iso = (ms: number) => new Date(ms).toISOString();
const ago = (now: number, seconds: number) => iso(now - seconds * 1000);
const ahead = (now: number, seconds: number) => iso(now + seconds * 1000);

/** A healthy, enabled unit as the exporter reports it (timers waiting between runs), patched by `over`. */
export function buildDemoUnit(
  name: string,
  role: UnitInfo['role'],
  over: Partial<UnitInfo>,
  now: number,
): UnitInfo {
  const timer = name.endsWith('.timer');
  return {
    name,
    role,
    loadState: 'loaded',
    activeState: 'active',
    subState: timer ? 'waiting' : 'running',
    unitFileState: 'enabled',
    nRestarts: timer ? null : 0,
    result: 'success',
    execMainStatus: timer ? null : 0,
    activeEnterAt: ago(now, 6 * 86400 + 3600),
    lastTriggerAt: timer ? ago(now, 240) : null,
    nextTriggerAt: timer ? ahead(now, 360) : null,
    ...over,
  };
}

function cronJob(over: Partial<CronJob> & Pick<CronJob, 'id' | 'name'>, now: number): CronJob {
  return {
    enabled: true,
    state: 'scheduled',
    scheduleKind: 'interval',
    scheduleDisplay: 'every 30m',
    lastStatus: 'ok',
    lastError: null,
    deliveryFailed: false,
    deliveryError: null,
    deliver: ['local'],
    lastRunAt: ago(now, 600),
    nextRunAt: ahead(now, 1200),
    overdue: false,
    overdueSeconds: null,
    role: null,
    ...over,
  };
}

interface Variant {
  id: DemoInstanceId;
  label: string;
  user: string;
  uid: number;
  home: string;
  /** The instance's default manager (`systemd.scope`). */
  scope: SystemdScope;
  /** The manager of each unit, where it differs from `scope`. */
  unitScopes: Partial<Record<UnitInfo['role'], SystemdScope>>;
  port: number;
  prefix: string;
  sessions: number;
  healthy: boolean;
}

const VARIANTS: Record<DemoInstanceId, Variant> = {
  vijay: {
    id: 'vijay',
    label: 'Vijay (root) · demo',
    user: 'root',
    uid: 0,
    home: '/root/.hermes',
    scope: 'system',
    unitScopes: {},
    port: 9119,
    prefix: 'hermes',
    sessions: 412,
    healthy: true,
  },
  bheem: {
    id: 'bheem',
    label: 'Bheem (uma) · demo',
    user: 'uma',
    uid: 1002,
    home: '/home/uma/.hermes',
    scope: 'user',
    unitScopes: { dashboard: 'system', 'backup-timer': 'system' },
    port: 9120,
    prefix: 'uma-hermes',
    sessions: 138,
    healthy: false,
  },
};

/** A full, valid demo snapshot for `id`, as the exporter would have written it at `generatedAtMs`. */
export function buildDemoSnapshot(id: DemoInstanceId, generatedAtMs: number): Snapshot {
  const v = VARIANTS[id];
  const now = generatedAtMs;
  const ok = v.healthy;
  const gatewayUnit = v.scope === 'system' ? 'hermes-gateway.service' : 'uma-hermes-gateway.service';
  const dashboardUnit =
    v.scope === 'system' ? 'hermes-root-dashboard.service' : 'uma-hermes-dashboard.service';
  const backupTimer = v.scope === 'system' ? 'hermes-root-backup.timer' : 'uma-hermes-backup.timer';
  const scoped = (u: UnitInfo): UnitInfo => ({ ...u, scope: v.unitScopes[u.role] ?? v.scope });
  const units: UnitInfo[] = [
    buildDemoUnit(gatewayUnit, 'gateway', { nRestarts: ok ? 0 : 2 }, now),
    buildDemoUnit(dashboardUnit, 'dashboard', {}, now),
    buildDemoUnit(
      backupTimer,
      'backup-timer',
      ok
        ? {}
        : {
            activeState: 'inactive',
            subState: 'dead',
            unitFileState: 'disabled',
            lastTriggerAt: ago(now, 3 * 86400),
            nextTriggerAt: null,
          },
      now,
    ),
  ];
  if (v.scope === 'system')
    units.push(
      buildDemoUnit(
        'hermes-emergency-drive-upload.timer',
        'emergency-upload-timer',
        { nextTriggerAt: ahead(now, 5 * 3600) },
        now,
      ),
    );

  const jobs: CronJob[] = [
    cronJob(
      {
        id: `${v.id}-backup`,
        name: 'Sync Hermes persistent-data backup to GitHub',
        role: 'backup',
        lastRunAt: ago(now, ok ? 540 : 1500),
        nextRunAt: ahead(now, ok ? 1260 : 300),
      },
      now,
    ),
    cronJob(
      {
        id: `${v.id}-watchdog`,
        name: 'ByteLyst Hermes gateway/backup/disk watchdog',
        role: 'watchdog',
        scheduleDisplay: 'every 15m',
        deliver: ['telegram'],
        lastRunAt: ago(now, 420),
        nextRunAt: ahead(now, 480),
      },
      now,
    ),
    cronJob(
      {
        id: `${v.id}-briefing`,
        name: 'Morning briefing',
        scheduleKind: 'cron',
        scheduleDisplay: '0 7 * * *',
        deliver: ['telegram'],
        lastRunAt: ago(now, 5 * 3600),
        nextRunAt: ahead(now, 19 * 3600),
        ...(ok
          ? {}
          : {
              lastStatus: 'error' as const,
              state: 'error',
              lastError: 'RuntimeError: provider returned 429 (rate limited) after 3 retries',
            }),
      },
      now,
    ),
  ];

  const day = (n: number) => iso(now - n * 86400_000).slice(0, 10);
  const perDay = Array.from({ length: 30 }, (_, i) => {
    const n = 29 - i;
    const base = ok ? 9 : 4;
    return {
      date: day(n),
      sessions: base + ((n * 7) % 5),
      messages: (base + ((n * 7) % 5)) * (ok ? 14 : 11),
    };
  });

  return {
    schemaVersion: SCHEMA_VERSION,
    exporterVersion: '0.1.0-demo',
    generatedAt: iso(now),
    intervalSeconds: DEMO_INTERVAL_SECONDS,
    instance: {
      id: v.id,
      label: v.label,
      user: v.user,
      hermesHome: v.home,
      systemdScope: v.scope,
      host: DEMO_HOST_NAME,
      uid: v.uid,
    },
    probes: [
      'hermes',
      'config',
      'sessions',
      'cron',
      'gateway',
      'systemd',
      'dashboard',
      'backup',
      'recovery',
      'skills',
      'memory',
      'logs',
      ...(ok ? ['host'] : []),
    ].map((name, i) => ({ name, ok: true, error: null, ms: 3 + ((i * 17) % 40) })),
    hermes: {
      version: '0.18.2',
      releaseDate: '2026.7.7.2',
      pyprojectVersion: '0.18.2',
      gitHead: ok ? '7a43ab04' : '5c19e2d1',
      installDir: `${v.home}/hermes-agent`,
      installMethod: 'git',
      updateBehind: ok ? 0 : 14,
      updateCheckedAt: ago(now, 2 * 3600),
    },
    config: {
      configVersion: 33,
      modelDefault: 'claude-sonnet-4-5',
      modelProvider: 'anthropic',
      modelBaseUrlHost: null,
      fallbackChain: [{ provider: 'openrouter', model: 'deepseek/deepseek-chat' }],
      approvalsMode: 'ask',
      approvalsCronMode: 'deny',
      redactSecrets: true,
      redactPii: ok,
      tirithEnabled: true,
      toolsets: ['hermes-telegram', 'web', 'terminal'],
      terminalBackend: 'local',
      browserEngine: null,
      webBackend: 'firecrawl',
      memoryProvider: 'builtin',
      stateStoreBackend: 'sqlite',
      cronProvider: 'builtin',
      timezone: 'Asia/Kolkata',
      mcpServers: [{ name: 'github', enabled: true }],
      dashboardAuthConfigured: true,
      // Left to Hermes's defaults (absent from config.yaml); Bheem sets approvals to 'ask' explicitly.
      defaulted: ok
        ? ['approvalsMode', 'terminalBackend', 'memoryProvider', 'cronProvider']
        : ['terminalBackend', 'memoryProvider', 'cronProvider'],
    },
    sessions: {
      backend: 'sqlite',
      dbSchemaVersion: 22,
      active: v.sessions,
      total: v.sessions + 37,
      archived: 37,
      messages: v.sessions * 13,
      bySource: ok
        ? { telegram: v.sessions - 52, cli: 40, cron: 12 }
        : { telegram: v.sessions - 20, cron: 20 },
      open: ok ? 2 : 1,
      lastActivityAt: ago(now, ok ? 300 : 2400),
      startedLast24h: ok ? 11 : 4,
      last24h: {
        input: ok ? 1_240_000 : 310_000,
        output: ok ? 96_000 : 22_000,
        costUsd: ok ? 4.82 : 1.17,
        sessions: ok ? 11 : 4,
      },
      last7d: {
        input: ok ? 8_100_000 : 2_050_000,
        output: ok ? 640_000 : 150_000,
        costUsd: ok ? 31.4 : 7.9,
        sessions: ok ? 70 : 29,
      },
      perDay,
      recent: Array.from({ length: 5 }, (_, i) => ({
        id: `${v.id}-demo-${20260000 + i}`,
        source: i % 3 === 2 ? 'cron' : 'telegram',
        startedAt: ago(now, (i + 1) * 3600 + 600),
        endedAt: i === 0 ? null : ago(now, (i + 1) * 3600),
        lastActivityAt: ago(now, (i + 1) * 3600 - 60),
        messageCount: 6 + i * 3,
        model: 'claude-sonnet-4-5',
        endReason: i === 0 ? null : 'idle',
        costUsd: 0.12 + i * 0.05,
      })),
      dbBytes: ok ? 48 * 1024 * 1024 : 17 * 1024 * 1024,
      walBytes: 2 * 1024 * 1024,
    },
    cron: {
      provider: 'builtin',
      jobs,
      tickerHeartbeatAt: ago(now, 20),
      tickerHeartbeatAgeSeconds: 20,
      tickerLastSuccessAt: ago(now, 20),
      tickerLastSuccessAgeSeconds: 20,
      executions24h: { completed: ok ? 144 : 118, failed: ok ? 0 : 1, unknown: 0, running: 0 },
    },
    gateway: {
      running: true,
      pid: ok ? 1187 : 2242,
      heartbeatAt: ago(now, 12),
      heartbeatAgeSeconds: 12,
      heartbeatPidMatches: true,
      state: ok ? 'running' : 'degraded',
      exitReason: null,
      restartRequested: false,
      activeAgents: ok ? 1 : 0,
      platforms: {
        telegram: ok
          ? { state: 'connected', errorCode: null, errorMessage: null, updatedAt: ago(now, 6 * 86400) }
          : {
              state: 'retrying',
              errorCode: 'NetworkError',
              errorMessage: 'telegram.error.TimedOut: Timed out (retry 3 in 40 s)',
              updatedAt: ago(now, 140),
            },
      },
      stateUpdatedAt: ago(now, ok ? 6 * 86400 : 140),
      restartsLastHour: ok ? 0 : 1,
    },
    systemd: { scope: v.scope, units: units.map(scoped) },
    dashboard: {
      port: v.port,
      bindings: [
        { address: '127.0.0.1', family: 'ipv4', class: 'loopback' },
        { address: '100.87.53.10', family: 'ipv4', class: 'tailscale' },
      ],
      exposure: 'tailscale',
    },
    backup: {
      repoPath:
        v.scope === 'system'
          ? '/root/repos/bytelyst_hostinger_hermes_vm'
          : '/home/uma/repos/uma_hostinger_hermes_vm',
      branch: 'main',
      head: ok ? '9f3c2a1b' : '41d07e6c',
      lastCommitAt: ago(now, ok ? 540 : 1500),
      lastCommitAgeSeconds: ok ? 540 : 1500,
      dirty: false,
      dirtyFiles: 0,
      upstream: 'origin/main',
      ahead: 0,
      behind: 0,
      restorePayload: {
        configYaml: true,
        skills: true,
        sessions: true,
        cron: true,
        memories: true,
        scripts: ok,
      },
      forbiddenFiles: [],
      secretScan: { head: ok ? '9f3c2a1b' : '41d07e6c', scannedAt: ago(now, 900), hits: [] },
    },
    recovery: {
      restoreDrillAt: ok ? ago(now, 41 * 86400) : ago(now, 131 * 86400),
      restoreDrillAgeDays: ok ? 41 : 131,
      googleToken: { present: true, expiresAt: ahead(now, ok ? 2400 : 900), hasRefreshToken: true },
    },
    skills: {
      count: ok ? 64 : 41,
      hubInstalled: ok ? 9 : 3,
      quarantined: 0,
      curatorLastRunAt: ago(now, 3 * 86400),
    },
    memory: {
      entries: ok ? 38 : 17,
      userEntries: ok ? 12 : 9,
      memoryUsagePct: ok ? 61 : 34,
      userUsagePct: ok ? 44 : 29,
      provider: 'builtin',
    },
    logs: { errors24h: ok ? 2 : 9, critical24h: 0 },
    host: ok
      ? {
          disks: [
            {
              mount: '/',
              label: 'root',
              totalBytes: 96 * GB,
              freeBytes: Math.round(31.5 * GB),
              usedPct: 67.2,
            },
          ],
          memory: { totalBytes: 8 * GB, availableBytes: Math.round(2.9 * GB), availablePct: 36.3 },
          load: [0.42, 0.37, 0.31],
          uptimeSeconds: 19 * 86400 + 4200,
          cpuCount: 4,
          tailscaleIPv4: '100.87.53.10',
          containers: [],
        }
      : null,
    history: { generation: 'demo-1', rawFile: 'history.jsonl', rollupFile: 'history-rollup.jsonl' },
    signals: buildDemoSignals(v.id, jobs, now),
    usage: buildDemoUsage(id, now),
    alerts: buildDemoAlerts(id, now),
  };
}
