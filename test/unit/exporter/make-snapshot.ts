/**
 * A complete, contract-valid snapshot of a healthy instance for the exporter runtime tests (history
 * samples, Prometheus, check verdicts, run assembly). Tests override only what they are about.
 */
import type { Snapshot } from '../../../exporter/src/contract/snapshot.js';
import { SCHEMA_VERSION } from '../../../exporter/src/contract/snapshot.js';

export const SNAPSHOT_NOW = new Date('2026-07-18T10:00:00.000Z');

export function hermesPart(): Pick<
  Snapshot,
  'hermes' | 'config' | 'sessions' | 'cron' | 'gateway' | 'memory' | 'skills' | 'logs' | 'recovery'
> {
  return {
    hermes: {
      version: '0.18.2',
      releaseDate: '2026.7.7.2',
      pyprojectVersion: '0.18.2',
      gitHead: '7a43ab04',
      installDir: '/usr/local/lib/hermes-agent',
      installMethod: 'git',
      updateBehind: 3,
      updateCheckedAt: '2026-07-18T09:00:00.000Z',
    },
    config: {
      configVersion: 33,
      modelDefault: 'anthropic/claude-sonnet-4',
      modelProvider: 'openrouter',
      modelBaseUrlHost: 'openrouter.ai',
      fallbackChain: [{ provider: 'nous', model: 'Hermes-4-405B' }],
      approvalsMode: 'smart',
      approvalsCronMode: 'deny',
      redactSecrets: true,
      redactPii: false,
      tirithEnabled: true,
      toolsets: ['hermes-cli'],
      terminalBackend: 'local',
      browserEngine: 'auto',
      webBackend: null,
      memoryProvider: null,
      stateStoreBackend: 'sqlite',
      cronProvider: 'builtin',
      timezone: null,
      mcpServers: [{ name: 'gh', enabled: true }],
      dashboardAuthConfigured: true,
    },
    sessions: {
      backend: 'sqlite',
      dbSchemaVersion: 22,
      active: 5,
      total: 6,
      archived: 1,
      messages: 15,
      bySource: { cli: 1, telegram: 2, cron: 1, subagent: 1 },
      open: 1,
      lastActivityAt: '2026-07-18T09:58:00.000Z',
      startedLast24h: 4,
      last24h: { input: 2900, output: 700, costUsd: 0.039, sessions: 4 },
      last7d: { input: 3200, output: 800, costUsd: 0.042, sessions: 5 },
      perDay: [{ date: '2026-07-18', sessions: 4, messages: 11 }],
      recent: [
        {
          id: '20260718_100000_d4e5f6a7',
          source: 'telegram',
          startedAt: '2026-07-18T09:30:00.000Z',
          endedAt: null,
          lastActivityAt: '2026-07-18T09:58:00.000Z',
          messageCount: 3,
          model: 'anthropic/claude-sonnet-4',
          endReason: null,
          costUsd: 0.02,
        },
      ],
      dbBytes: 65536,
      walBytes: 0,
    },
    cron: {
      provider: 'builtin',
      jobs: [
        {
          id: 'a1a1a1a1a1a1',
          name: 'Sync Hermes persistent-data backup to GitHub',
          enabled: true,
          state: 'scheduled',
          scheduleKind: 'interval',
          scheduleDisplay: 'every 30m',
          lastStatus: 'ok',
          lastError: null,
          deliveryFailed: false,
          deliveryError: null,
          deliver: ['local'],
          lastRunAt: '2026-07-18T09:45:00.000Z',
          nextRunAt: '2026-07-18T10:15:00.000Z',
          overdue: false,
          overdueSeconds: null,
          role: 'backup',
        },
      ],
      tickerHeartbeatAt: '2026-07-18T09:59:30.000Z',
      tickerHeartbeatAgeSeconds: 30,
      tickerLastSuccessAt: '2026-07-18T09:59:30.000Z',
      tickerLastSuccessAgeSeconds: 30,
      executions24h: { completed: 48, failed: 0, unknown: 0, running: 0 },
    },
    gateway: {
      running: true,
      pid: 4242,
      heartbeatAt: '2026-07-18T09:59:40.000Z',
      heartbeatAgeSeconds: 20,
      heartbeatPidMatches: true,
      state: 'running',
      exitReason: null,
      restartRequested: false,
      activeAgents: 0,
      platforms: {
        telegram: {
          state: 'connected',
          errorCode: null,
          errorMessage: null,
          updatedAt: '2026-07-18T04:00:00.000Z',
        },
      },
      stateUpdatedAt: '2026-07-18T04:00:00.000Z',
      restartsLastHour: 0,
    },
    memory: { entries: 3, userEntries: 1, memoryUsagePct: 12.5, userUsagePct: 4, provider: null },
    skills: { count: 2, hubInstalled: 1, quarantined: 1, curatorLastRunAt: null },
    logs: { errors24h: 3, critical24h: 0 },
    recovery: { restoreDrillAt: null, restoreDrillAgeDays: null, googleToken: null },
  };
}

export function systemPart(): Pick<Snapshot, 'systemd' | 'dashboard' | 'backup' | 'host'> {
  return {
    systemd: {
      scope: 'system',
      units: [
        {
          name: 'hermes-gateway.service',
          role: 'gateway',
          loadState: 'loaded',
          activeState: 'active',
          subState: 'running',
          unitFileState: 'enabled',
          nRestarts: 0,
          result: 'success',
          execMainStatus: 0,
          activeEnterAt: '2026-07-17T10:00:00.000Z',
          lastTriggerAt: null,
          nextTriggerAt: null,
        },
      ],
    },
    dashboard: {
      port: 9119,
      bindings: [{ address: '100.87.53.10', family: 'ipv4', class: 'tailscale' }],
      exposure: 'tailscale',
    },
    backup: {
      repoPath: '/root/repos/bytelyst_hostinger_hermes_vm',
      branch: 'main',
      head: 'abcdef12',
      lastCommitAt: '2026-07-18T09:50:00.000Z',
      lastCommitAgeSeconds: 600,
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
        scripts: true,
      },
      forbiddenFiles: [],
      secretScan: { head: 'abcdef12', scannedAt: '2026-07-18T09:50:30.000Z', hits: [] },
    },
    host: {
      disks: [{ mount: '/', label: 'root', totalBytes: 100e9, freeBytes: 40e9, usedPct: 60 }],
      memory: { totalBytes: 8e9, availableBytes: 4e9, availablePct: 50 },
      load: [0.5, 0.4, 0.3],
      uptimeSeconds: 86400,
      cpuCount: 2,
      tailscaleIPv4: '100.87.53.10',
      containers: [{ name: 'caddy', running: true, status: 'Up 2 days' }],
    },
  };
}

export function makeSnapshot(overrides: Partial<Snapshot> = {}): Snapshot {
  return {
    schemaVersion: SCHEMA_VERSION,
    exporterVersion: '0.1.0',
    generatedAt: SNAPSHOT_NOW.toISOString(),
    intervalSeconds: 60,
    instance: {
      id: 'vijay',
      label: 'Vijay (root)',
      user: 'root',
      hermesHome: '/root/.hermes',
      systemdScope: 'system',
      host: '100.87.53.10',
      uid: 0,
    },
    probes: [{ name: 'sessions', ok: true, error: null, ms: 3 }],
    ...hermesPart(),
    ...systemPart(),
    history: null,
    ...overrides,
  };
}
