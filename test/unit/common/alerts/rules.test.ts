/**
 * Table-driven rule tests on generated snapshots: each check fires at its edge, stays quiet just
 * inside it, and carries the right runbook commands.
 */
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../../common/contract/snapshot.js';
import { thresholdsSchema } from '../../../../preload/ipc-contract.js';
import { evaluateRules } from '../../../../common/alerts/evaluate-rules.js';
import type { InstanceStatus } from '../../../../common/model/instance-status.js';
import type { Severity } from '../../../../common/model/warning.js';
import {
  FIXED_NOW,
  makeSnapshot,
  makeStatus,
  unit,
  VM_HOST,
  type DeepPartial,
} from '../../../fixtures/snapshot-factory.js';

const thresholds = thresholdsSchema.parse({});
const vijay = makeSnapshot('vijay');
const iso = (secondsAgo: number) => new Date(FIXED_NOW.getTime() - secondsAgo * 1000).toISOString();
const GB = 2 ** 30;
const MB = 2 ** 20;

interface Case {
  name: string;
  which?: 'vijay' | 'bheem';
  snap: DeepPartial<Snapshot>;
  status?: Partial<InstanceStatus>;
  /** Check expected to fire, with its severity; or `null` to assert the check does NOT fire. */
  check: string;
  severity: Severity | null;
  /** A command id the warning must carry. */
  command?: string;
}

const cases: Case[] = [
  // Gateway
  {
    name: 'gateway process down',
    snap: { gateway: { running: false, state: 'stopped' } },
    check: 'gateway.down',
    severity: 'critical',
    command: 'gateway-restart',
  },
  { name: 'gateway running', snap: {}, check: 'gateway.down', severity: null },
  {
    name: 'startup failed',
    snap: { gateway: { running: false, state: 'startup_failed', exitReason: 'bad config' } },
    check: 'gateway.startup-failed',
    severity: 'critical',
    command: 'gateway-journal',
  },
  {
    name: 'heartbeat just over the limit = hung',
    snap: { gateway: { heartbeatAgeSeconds: 151 } },
    check: 'gateway.hung',
    severity: 'critical',
  },
  {
    name: 'heartbeat at the limit is fine',
    snap: { gateway: { heartbeatAgeSeconds: 150 } },
    check: 'gateway.hung',
    severity: null,
  },
  {
    name: 'heartbeat from another pid is not trusted',
    snap: { gateway: { heartbeatAgeSeconds: 999, heartbeatPidMatches: false } },
    check: 'gateway.hung',
    severity: null,
  },
  {
    name: 'unit failed',
    snap: {
      systemd: {
        units: [unit('hermes-gateway.service', 'gateway', { activeState: 'failed', result: 'exit-code' })],
      },
    },
    check: 'gateway.unit-inactive',
    severity: 'critical',
    command: 'gateway-restart',
  },
  {
    name: 'unit activating',
    snap: { systemd: { units: [unit('hermes-gateway.service', 'gateway', { activeState: 'activating' })] } },
    check: 'gateway.unit-inactive',
    severity: 'warning',
  },
  {
    name: 'unit disabled',
    snap: { systemd: { units: [unit('hermes-gateway.service', 'gateway', { unitFileState: 'disabled' })] } },
    check: 'gateway.unit-disabled',
    severity: 'warning',
  },
  {
    name: 'restart churn at threshold',
    snap: { gateway: { restartsLastHour: 3 } },
    check: 'gateway.restart-churn',
    severity: 'warning',
  },
  {
    name: 'restart churn below threshold',
    snap: { gateway: { restartsLastHour: 2 } },
    check: 'gateway.restart-churn',
    severity: null,
  },
  {
    name: 'restart storm',
    snap: { gateway: { restartsLastHour: 6 } },
    check: 'gateway.restart-churn',
    severity: 'critical',
  },
  {
    name: 'telegram fatal',
    snap: {
      gateway: {
        platforms: {
          telegram: { state: 'fatal', errorCode: 'unauthorized', errorMessage: null, updatedAt: iso(60) },
        },
      },
    },
    check: 'gateway.platform.telegram',
    severity: 'critical',
  },
  {
    name: 'telegram retrying',
    snap: {
      gateway: {
        platforms: {
          telegram: { state: 'retrying', errorCode: null, errorMessage: null, updatedAt: iso(60) },
        },
      },
    },
    check: 'gateway.platform.telegram',
    severity: 'warning',
  },
  {
    name: 'telegram connecting briefly',
    snap: {
      gateway: {
        platforms: {
          telegram: { state: 'connecting', errorCode: null, errorMessage: null, updatedAt: iso(30) },
        },
      },
    },
    check: 'gateway.platform.telegram',
    severity: null,
  },
  {
    name: 'telegram stuck connecting',
    snap: {
      gateway: {
        platforms: {
          telegram: { state: 'connecting', errorCode: null, errorMessage: null, updatedAt: iso(600) },
        },
      },
    },
    check: 'gateway.platform.telegram',
    severity: 'warning',
  },
  // Cron
  {
    name: 'gateway down: cron will not fire',
    snap: { gateway: { running: false, state: 'stopped' } },
    check: 'cron.not-firing',
    severity: 'warning',
    command: 'gateway-restart',
  },
  {
    name: 'ticker stalled',
    snap: { cron: { tickerHeartbeatAgeSeconds: 201 } },
    check: 'cron.ticker-stalled',
    severity: 'critical',
  },
  {
    name: 'ticker at limit',
    snap: { cron: { tickerHeartbeatAgeSeconds: 200 } },
    check: 'cron.ticker-stalled',
    severity: null,
  },
  {
    name: 'named provider has no ticker',
    snap: { cron: { provider: 'chronos', tickerHeartbeatAgeSeconds: 5000 } },
    check: 'cron.ticker-stalled',
    severity: null,
  },
  {
    name: 'ticks failing',
    snap: { cron: { tickerLastSuccessAgeSeconds: 400 } },
    check: 'cron.ticks-failing',
    severity: 'warning',
  },
  {
    name: 'job failing',
    snap: {
      cron: {
        jobs: [
          { ...vijay.cron.jobs![0]!, role: null, id: 'abc123abc123', lastStatus: 'error', lastError: 'boom' },
        ],
      },
    },
    check: 'cron.job-failing.abc123abc123',
    severity: 'warning',
    command: 'hermes-cron-list',
  },
  {
    name: 'backup job failing',
    snap: { cron: { jobs: [{ ...vijay.cron.jobs![0]!, lastStatus: 'error' }, vijay.cron.jobs![1]!] } },
    check: 'cron.backup-job-failing',
    severity: 'warning',
  },
  {
    name: 'delivery failing',
    snap: {
      cron: {
        jobs: [
          { ...vijay.cron.jobs![1]!, deliveryFailed: true, deliveryError: 'chat not found' },
          vijay.cron.jobs![0]!,
        ],
      },
    },
    check: 'cron.delivery-failing.vijay-watchdog',
    severity: 'warning',
  },
  {
    name: 'job overdue',
    snap: {
      cron: { jobs: [{ ...vijay.cron.jobs![1]!, overdue: true, overdueSeconds: 900 }, vijay.cron.jobs![0]!] },
    },
    check: 'cron.job-overdue.vijay-watchdog',
    severity: 'warning',
  },
  {
    name: 'watchdog job missing',
    snap: { cron: { jobs: [vijay.cron.jobs![0]!] } },
    check: 'cron.watchdog-job-missing',
    severity: 'warning',
  },
  {
    name: 'backup job disabled, no timer',
    which: 'bheem',
    snap: {
      systemd: { units: [unit('uma-hermes-gateway.service', 'gateway')] },
      cron: { jobs: [{ ...vijay.cron.jobs![0]!, enabled: false }, vijay.cron.jobs![1]!] },
    },
    check: 'cron.backup-job-missing',
    severity: 'warning',
  },
  // Backups and recovery
  {
    name: 'backup timer inactive',
    snap: {
      systemd: {
        units: [
          unit('hermes-gateway.service', 'gateway'),
          unit('hermes-root-backup.timer', 'backup-timer', { activeState: 'inactive' }),
        ],
      },
    },
    check: 'backup.timer-inactive',
    severity: 'warning',
    command: 'backup-now',
  },
  {
    name: 'backup older than allowed',
    snap: {
      backup: { lastCommitAt: iso(7200) },
      cron: { jobs: [{ ...vijay.cron.jobs![0]!, lastRunAt: iso(7200) }, vijay.cron.jobs![1]!] },
      systemd: {
        units: [
          unit('hermes-root-backup.timer', 'backup-timer', {
            lastTriggerAt: iso(7200),
            nextTriggerAt: iso(6600),
          }),
        ],
      },
    },
    check: 'backup.stale',
    severity: 'warning',
    command: 'backup-now',
  },
  {
    name: 'backup within allowed age',
    snap: {
      backup: { lastCommitAt: iso(3500) },
      cron: { jobs: [vijay.cron.jobs![1]!] },
      systemd: { units: [] },
    },
    check: 'backup.stale',
    severity: null,
  },
  {
    name: 'no commit for a day but the backup job ran fine (nothing changed)',
    snap: { backup: { lastCommitAt: iso(86400) } },
    check: 'backup.stale',
    severity: null,
  },
  {
    name: 'repo dirty',
    snap: { backup: { dirty: true, dirtyFiles: 3 } },
    check: 'backup.repo-dirty',
    severity: 'warning',
  },
  { name: 'repo unpushed', snap: { backup: { ahead: 2 } }, check: 'backup.unpushed', severity: 'warning' },
  {
    name: 'HEAD unreadable',
    snap: { backup: { head: null } },
    check: 'backup.head-unreadable',
    severity: 'warning',
  },
  {
    name: 'forbidden file',
    snap: { backup: { forbiddenFiles: ['hermes_persistent_backup/state.db'] } },
    check: 'backup.forbidden-files',
    severity: 'critical',
  },
  {
    name: 'secret pattern',
    snap: {
      backup: {
        secretScan: { head: 'abc', scannedAt: iso(60), hits: [{ file: 'config.yaml', pattern: 'API_KEY' }] },
      },
    },
    check: 'backup.secret-pattern',
    severity: 'critical',
  },
  {
    name: 'restore payload incomplete',
    snap: {
      backup: {
        restorePayload: {
          configYaml: true,
          skills: true,
          sessions: false,
          cron: true,
          memories: true,
          scripts: true,
        },
      },
    },
    check: 'backup.restore-payload-incomplete',
    severity: 'warning',
  },
  {
    name: 'no backup at all',
    which: 'bheem',
    snap: {
      backup: null,
      systemd: { units: [unit('uma-hermes-gateway.service', 'gateway')] },
      cron: { jobs: [] },
    },
    check: 'backup.not-configured',
    severity: 'warning',
  },
  {
    name: 'restore drill older than a quarter',
    snap: { recovery: { restoreDrillAgeDays: 93, restoreDrillAt: iso(93 * 86400) } },
    check: 'recovery.restore-drill-old',
    severity: 'warning',
    command: 'restore-drill-clone',
  },
  {
    name: 'restore drill at the limit',
    snap: { recovery: { restoreDrillAgeDays: 92, restoreDrillAt: iso(92 * 86400) } },
    check: 'recovery.restore-drill-old',
    severity: null,
  },
  {
    name: 'google token missing',
    snap: { recovery: { googleToken: { present: false, expiresAt: null, hasRefreshToken: null } } },
    check: 'recovery.google-token',
    severity: 'warning',
  },
  {
    name: 'google token expiring without refresh',
    snap: { recovery: { googleToken: { present: true, expiresAt: iso(-86400), hasRefreshToken: false } } },
    check: 'recovery.google-token',
    severity: 'warning',
  },
  {
    name: 'google token with refresh token renews itself',
    snap: { recovery: { googleToken: { present: true, expiresAt: iso(60), hasRefreshToken: true } } },
    check: 'recovery.google-token',
    severity: null,
  },
  {
    name: 'emergency upload failing',
    snap: {
      systemd: {
        units: [
          unit('hermes-emergency-drive-upload.timer', 'emergency-upload-timer', { result: 'exit-code' }),
        ],
      },
    },
    check: 'recovery.emergency-upload',
    severity: 'warning',
    command: 'emergency-upload-journal',
  },
  {
    name: 'emergency upload stale',
    snap: {
      systemd: {
        units: [
          unit('hermes-emergency-drive-upload.timer', 'emergency-upload-timer', {
            lastTriggerAt: iso(3 * 86400),
            nextTriggerAt: iso(2 * 86400),
          }),
        ],
      },
    },
    check: 'recovery.emergency-upload',
    severity: 'warning',
  },
  // Exposure and policy
  {
    name: 'dashboard on a public address',
    snap: {
      dashboard: { bindings: [{ address: '0.0.0.0', family: 'ipv4', class: 'any' }], exposure: 'public' },
    },
    check: 'exposure.dashboard-public',
    severity: 'critical',
    command: 'listening-sockets',
  },
  { name: 'dashboard on tailscale only', snap: {}, check: 'exposure.dashboard-public', severity: null },
  {
    name: 'dashboard unit down',
    snap: {
      systemd: { units: [unit('hermes-root-dashboard.service', 'dashboard', { activeState: 'failed' })] },
    },
    check: 'exposure.dashboard-down',
    severity: 'warning',
    command: 'dashboard-restart',
  },
  {
    name: 'dashboard not listening',
    snap: { dashboard: { bindings: [], exposure: 'none' } },
    check: 'exposure.dashboard-down',
    severity: 'warning',
  },
  {
    name: 'approvals off',
    snap: { config: { approvalsMode: 'off' } },
    check: 'policy.approvals-off',
    severity: 'critical',
  },
  {
    name: 'redact_secrets off',
    snap: { config: { redactSecrets: false } },
    check: 'policy.redact-secrets-off',
    severity: 'warning',
  },
  // Host
  {
    name: 'memory elevated (< 15 %)',
    snap: { host: { memory: { totalBytes: 16 * GB, availableBytes: 2 * GB, availablePct: 14.9 } } },
    check: 'host.memory',
    severity: 'warning',
    command: 'memory',
  },
  {
    name: 'memory at 15 % is fine',
    snap: { host: { memory: { totalBytes: 16 * GB, availableBytes: 2 * GB, availablePct: 15 } } },
    check: 'host.memory',
    severity: null,
  },
  {
    name: 'memory critical (< 5 %)',
    snap: { host: { memory: { totalBytes: 16 * GB, availableBytes: GB / 2, availablePct: 4.9 } } },
    check: 'host.memory',
    severity: 'critical',
  },
  {
    name: 'disk critical by absolute free (< 256 MB)',
    snap: {
      host: { disks: [{ mount: '/', label: 'root', totalBytes: 10 * GB, freeBytes: 255 * MB, usedPct: 60 }] },
    },
    check: 'host.disk.root',
    severity: 'critical',
    command: 'disk-usage',
  },
  {
    name: 'disk elevated by absolute free (< 512 MB)',
    snap: {
      host: { disks: [{ mount: '/', label: 'root', totalBytes: 10 * GB, freeBytes: 500 * MB, usedPct: 60 }] },
    },
    check: 'host.disk.root',
    severity: 'warning',
  },
  {
    name: 'disk warning by percent',
    snap: {
      host: { disks: [{ mount: '/', label: 'root', totalBytes: 100 * GB, freeBytes: 14 * GB, usedPct: 86 }] },
    },
    check: 'host.disk.root',
    severity: 'warning',
  },
  {
    name: 'disk critical by percent',
    snap: {
      host: { disks: [{ mount: '/', label: 'root', totalBytes: 100 * GB, freeBytes: 4 * GB, usedPct: 96 }] },
    },
    check: 'host.disk.root',
    severity: 'critical',
  },
  { name: 'disk healthy', snap: {}, check: 'host.disk.root', severity: null },
  {
    name: 'named container down',
    snap: { host: { containers: [{ name: 'caddy', running: false, status: 'Exited (1)' }] } },
    check: 'host.container.caddy',
    severity: 'warning',
    command: 'containers-status',
  },
  // Data
  {
    name: 'clock skew beyond limit',
    snap: {},
    status: { clockSkewSeconds: -121 },
    check: 'data.clock-skew',
    severity: 'warning',
  },
  {
    name: 'clock skew within limit',
    snap: {},
    status: { clockSkewSeconds: 119 },
    check: 'data.clock-skew',
    severity: null,
  },
  {
    name: 'stale exporter',
    snap: {},
    status: {
      state: 'stale',
      dataAgeSeconds: 600,
      reason: { code: 'SNAPSHOT_STALE', message: 'snapshot is 10 min old' },
    },
    check: 'data.stale',
    severity: 'warning',
  },
  {
    name: 'live but older than the stale limit counts as stale',
    snap: {},
    status: { dataAgeSeconds: 181 },
    check: 'data.stale',
    severity: 'warning',
  },
  {
    name: 'unreachable with reason',
    snap: {},
    status: {
      state: 'unreachable',
      reason: { code: 'TAILSCALE_DOWN', message: 'Tailscale is not running on this laptop' },
    },
    check: 'data.unreachable',
    severity: 'warning',
    command: 'ssh-login',
  },
  {
    name: 'host key mismatch is critical',
    snap: {},
    status: { state: 'unreachable', reason: { code: 'HOST_KEY_MISMATCH', message: 'host key changed' } },
    check: 'data.unreachable',
    severity: 'critical',
  },
  {
    name: 'incompatible exporter',
    snap: {},
    status: { state: 'incompatible', schemaVersions: { found: 2, supported: 1 } },
    check: 'data.incompatible',
    severity: 'warning',
  },
];

function run(c: Pick<Case, 'which' | 'snap' | 'status'>) {
  const snapshot = makeSnapshot(c.which ?? 'vijay', c.snap);
  return evaluateRules({
    instances: [makeStatus(snapshot, c.status)],
    thresholds,
    now: FIXED_NOW,
    hosts: [VM_HOST],
  });
}

describe('rules on generated snapshots', () => {
  it('a healthy instance has no warnings at all', () => {
    expect(run({ snap: {} })).toEqual([]);
    expect(run({ which: 'bheem', snap: {} })).toEqual([]);
  });

  it.each(cases)('$name → $check $severity', (c) => {
    const warnings = run(c);
    const w = warnings.find((x) => x.check === c.check);
    if (c.severity === null) {
      expect(w, JSON.stringify(warnings.map((x) => x.id))).toBeUndefined();
      return;
    }
    expect(w, `fired: ${warnings.map((x) => x.id).join(', ')}`).toBeDefined();
    expect(w!.severity).toBe(c.severity);
    expect(w!.id).toBe(`${c.which ?? 'vijay'}:${c.check}`);
    expect(w!.status).toBe('active');
    expect(w!.title.length).toBeGreaterThan(5);
    expect(w!.title).not.toContain('\n');
    if (c.command) expect(w!.commands.map((x) => x.id)).toContain(c.command);
  });

  it('fills the warning’s commands from the data (Bheem: uid 1002 and its own unit)', () => {
    const warnings = run({ which: 'bheem', snap: { gateway: { running: false, state: 'stopped' } } });
    const down = warnings.find((w) => w.check === 'gateway.down')!;
    expect(down.commands.find((c) => c.id === 'gateway-restart')!.command).toBe(
      'sudo -u uma XDG_RUNTIME_DIR=/run/user/1002 systemctl --user restart uma-hermes-gateway',
    );
    for (const w of warnings)
      for (const c of w.commands) expect(c.command).not.toMatch(/<[a-z_-]+>|undefined|\bnull\b/);
  });

  it('says which systemd manager did not find the gateway unit, and how to fix a wrong scope', () => {
    const units = [
      unit('uma-hermes-gateway.service', 'gateway', { loadState: 'not-found', activeState: 'inactive' }),
    ];
    const w = run({ which: 'bheem', snap: { systemd: { units } } }).find(
      (x) => x.check === 'gateway.unit-inactive',
    )!;
    expect(w.title).toBe('Gateway unit uma-hermes-gateway.service is not installed');
    expect(w.facts.join(' ')).toContain(
      'systemd (user manager) reports uma-hermes-gateway.service as not-found',
    );
    expect(w.facts.join(' ')).toContain('set its scope in the exporter config');
  });

  it('takes `since` from the snapshot when it knows it', () => {
    const hb = iso(400);
    const w = run({ snap: { gateway: { heartbeatAgeSeconds: 400, heartbeatAt: hb } } }).find(
      (x) => x.check === 'gateway.hung',
    )!;
    expect(w.since).toBe(hb);
  });

  it('raises host warnings once per VM, not once per instance', () => {
    const low = { host: { memory: { totalBytes: 16 * GB, availableBytes: GB / 2, availablePct: 3 } } };
    const a = makeStatus(makeSnapshot('vijay', low));
    const b = makeStatus(makeSnapshot('bheem', low));
    const warnings = evaluateRules({ instances: [a, b], thresholds, now: FIXED_NOW });
    expect(warnings.filter((w) => w.check === 'host.memory').map((w) => w.id)).toEqual(['vijay:host.memory']);
  });

  it('respects thresholds from settings', () => {
    const snapshot = makeSnapshot('vijay', { gateway: { heartbeatAgeSeconds: 100 } });
    const strict = thresholdsSchema.parse({ heartbeatStaleSeconds: 90 });
    const warnings = evaluateRules({ instances: [makeStatus(snapshot)], thresholds: strict, now: FIXED_NOW });
    expect(warnings.map((w) => w.check)).toContain('gateway.hung');
  });
});
