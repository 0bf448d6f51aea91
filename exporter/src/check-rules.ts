/**
 * The exporter's own small verdict for `hermes-exporter check` (a watchdog cron's exit code). It mirrors
 * the seeds' watchdog (gateway, cron backup, backup freshness, disk, memory, containers) plus the
 * dashboard-exposure guardrail. The desktop app has its own, richer rules; these stay deliberately few
 * and conservative. Unknown is reported as degraded, never as healthy.
 */
import type { Snapshot } from '../../common/contract/snapshot.js';
import { unitScope } from '../../common/contract/unit-scope.js';

export type Severity = 'degraded' | 'critical';
export interface Problem {
  severity: Severity;
  code: string;
  message: string;
}
export interface CheckVerdict {
  /** 0 healthy, 1 degraded, 2 critical. */
  exitCode: 0 | 1 | 2;
  problems: Problem[];
}

export const CHECK_LIMITS = {
  heartbeatStaleSeconds: 150, // the Hermes dashboard's own threshold
  tickerStaleSeconds: 200,
  backupStaleSeconds: 2 * 3600,
  diskDegradedPct: 85,
  diskCriticalPct: 95,
  memDegradedPct: 15,
  memCriticalPct: 5,
} as const;

/** Pure: problems in a snapshot. `now` is used only for the snapshot's own age (exporter staleness). */
export function evaluateSnapshot(s: Snapshot, now: Date, opts: { checkAge?: boolean } = {}): CheckVerdict {
  const problems: Problem[] = [];
  const crit = (code: string, message: string): number =>
    problems.push({ severity: 'critical', code, message });
  const warn = (code: string, message: string): number =>
    problems.push({ severity: 'degraded', code, message });

  if (opts.checkAge) {
    const age = (now.getTime() - Date.parse(s.generatedAt)) / 1000;
    if (age > 3 * s.intervalSeconds)
      crit(
        'SNAPSHOT_STALE',
        `snapshot is ${Math.round(age)} s old (interval ${s.intervalSeconds} s): is the exporter timer running?`,
      );
  }

  const g = s.gateway;
  if (g.running === false) crit('GATEWAY_DOWN', 'gateway is not running (cron jobs do not fire without it)');
  else if (g.running === null) warn('GATEWAY_UNKNOWN', 'gateway liveness unknown');
  if (
    g.running === true &&
    g.heartbeatAgeSeconds !== null &&
    g.heartbeatAgeSeconds > CHECK_LIMITS.heartbeatStaleSeconds
  ) {
    warn('HEARTBEAT_STALE', `gateway heartbeat is ${Math.round(g.heartbeatAgeSeconds)} s old`);
  }
  for (const [name, p] of Object.entries(g.platforms)) {
    if (p.state === 'fatal')
      crit('PLATFORM_FATAL', `${name} platform is in a fatal state${p.errorCode ? ` (${p.errorCode})` : ''}`);
    else if (p.state !== null && p.state !== 'connected')
      warn('PLATFORM_DOWN', `${name} platform is ${p.state}`);
  }

  for (const u of s.systemd.units) {
    if (u.activeState === 'failed') {
      const severe = u.role === 'gateway' || u.role === 'backup-timer';
      (severe ? crit : warn)('UNIT_FAILED', `${u.name} has failed${u.result ? ` (${u.result})` : ''}`);
    } else if (u.loadState === 'not-found') {
      // Naming the manager asked points at the usual cause: a unit configured under the wrong scope.
      warn('UNIT_MISSING', `${u.name} is not installed in the ${unitScope(u, s) ?? 'unknown'} manager`);
    }
  }

  if (s.dashboard.exposure === 'public')
    crit('DASHBOARD_PUBLIC', `dashboard port ${s.dashboard.port} is bound to a public address`);

  const jobs = s.cron.jobs;
  if (jobs === null) warn('CRON_UNKNOWN', 'cron/jobs.json could not be read');
  for (const j of jobs ?? []) {
    const label = j.name ?? j.id;
    const severe = j.role === 'backup';
    if (j.lastStatus === 'error')
      (severe ? crit : warn)('CRON_FAILED', `cron job "${label}" last run failed`);
    if (j.overdue) (severe ? crit : warn)('CRON_OVERDUE', `cron job "${label}" is overdue`);
    if (j.deliveryFailed) warn('CRON_DELIVERY_FAILED', `cron job "${label}" ran but delivery failed`);
  }
  const ticker = s.cron.tickerHeartbeatAgeSeconds;
  if (
    ticker !== null &&
    ticker > CHECK_LIMITS.tickerStaleSeconds &&
    (s.cron.provider ?? 'builtin') === 'builtin'
  ) {
    warn('TICKER_STALE', `cron ticker heartbeat is ${Math.round(ticker)} s old`);
  }

  const b = s.backup;
  if (b) {
    if (b.lastCommitAgeSeconds === null) warn('BACKUP_UNKNOWN', 'backup repo state unknown');
    else if (b.lastCommitAgeSeconds > CHECK_LIMITS.backupStaleSeconds) {
      warn('BACKUP_STALE', `last backup commit is ${Math.round(b.lastCommitAgeSeconds / 60)} min old`);
    }
    if (b.forbiddenFiles && b.forbiddenFiles.length > 0)
      crit('BACKUP_FORBIDDEN', `backup repo tracks ${b.forbiddenFiles.length} forbidden file(s)`);
    if (b.secretScan && b.secretScan.hits.length > 0)
      crit('BACKUP_SECRETS', `secret patterns found in ${b.secretScan.hits.length} tracked backup file(s)`);
  }

  const h = s.host;
  if (h) {
    for (const d of h.disks) {
      if (d.usedPct >= CHECK_LIMITS.diskCriticalPct)
        crit('DISK_FULL', `${d.mount} is ${Math.round(d.usedPct)} % full`);
      else if (d.usedPct >= CHECK_LIMITS.diskDegradedPct)
        warn('DISK_HIGH', `${d.mount} is ${Math.round(d.usedPct)} % full`);
    }
    if (h.memory && h.memory.availablePct < CHECK_LIMITS.memCriticalPct)
      crit('MEMORY_LOW', `only ${Math.round(h.memory.availablePct)} % memory available`);
    else if (h.memory && h.memory.availablePct < CHECK_LIMITS.memDegradedPct)
      warn('MEMORY_LOW', `only ${Math.round(h.memory.availablePct)} % memory available`);
    for (const c of h.containers) {
      if (c.running === false) crit('CONTAINER_DOWN', `container ${c.name} is not running`);
    }
  }

  for (const p of s.probes)
    if (!p.ok) warn('PROBE_FAILED', `probe ${p.name} failed: ${p.error ?? 'unknown error'}`);

  const exitCode = problems.some((p) => p.severity === 'critical') ? 2 : problems.length > 0 ? 1 : 0;
  return { exitCode, problems };
}
