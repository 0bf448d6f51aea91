/**
 * Cron checks. The builtin ticker only runs inside the gateway (field lesson 2): a dead gateway means
 * jobs silently never fire, so that is its own warning, and per-job "overdue" is not repeated on top.
 */
import type { CronJob } from '../../contract/snapshot.js';
import { unitWithRole } from '../../runbook/runbook-commands.js';
import { describeSchedule } from '../../text/describe-schedule.js';
import { humanDuration, isoBefore, result, type Finding, type Rule } from '../rule-types.js';

const CRON_CMDS = ['hermes-cron-list', 'gateway-journal'];

/** "daily at 07:00 (0 7 * * *)": the words first, Hermes's own expression beside them. */
function scheduleWords(kind: string | null, display: string): string {
  const words = describeSchedule(kind, display);
  return words.expression ? `${words.text} (${words.expression})` : words.text;
}

function jobLabel(job: CronJob): string {
  return job.name ? `"${job.name}"` : job.id;
}

function jobKey(job: CronJob): string {
  return job.id.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 64) || 'unnamed';
}

function roleName(role: 'backup' | 'watchdog'): string {
  return role === 'backup' ? 'Backup sync job' : 'Watchdog job';
}

export const cronRule: Rule = ({ snapshot, thresholds, vmNow }) => {
  const { cron, gateway } = snapshot;
  const findings: Finding[] = [];
  const unknown: string[] = [];
  const builtin = cron.provider === null || cron.provider === 'builtin';

  // Ticker liveness (builtin provider only: a named provider has no heartbeat by design).
  if (builtin && gateway.running === true) {
    if (cron.tickerHeartbeatAgeSeconds === null) unknown.push('cron.ticker-stalled', 'cron.ticks-failing');
    else if (cron.tickerHeartbeatAgeSeconds > thresholds.tickerStaleSeconds) {
      findings.push({
        check: 'cron.ticker-stalled',
        severity: 'critical',
        title: `Cron ticker stalled: no tick for ${humanDuration(cron.tickerHeartbeatAgeSeconds)}`,
        facts: [
          `Ticker heartbeat age: ${humanDuration(cron.tickerHeartbeatAgeSeconds)} (limit ${humanDuration(thresholds.tickerStaleSeconds)})`,
          'The gateway process is alive, so its scheduler thread is stuck.',
        ],
        since: cron.tickerHeartbeatAt ?? isoBefore(vmNow, cron.tickerHeartbeatAgeSeconds),
        commands: ['gateway-journal', 'gateway-restart', 'hermes-cron-list'],
      });
    } else if (
      cron.tickerLastSuccessAgeSeconds !== null &&
      cron.tickerLastSuccessAgeSeconds > thresholds.tickerStaleSeconds
    ) {
      findings.push({
        check: 'cron.ticks-failing',
        severity: 'warning',
        title: `Cron ticks are failing (last success ${humanDuration(cron.tickerLastSuccessAgeSeconds)} ago)`,
        facts: ['The ticker runs but its ticks end in errors ("Cron tick error" in gateway.log).'],
        since: cron.tickerLastSuccessAt ?? isoBefore(vmNow, cron.tickerLastSuccessAgeSeconds),
        commands: CRON_CMDS,
      });
    }
  } else if (builtin && gateway.running === null) {
    unknown.push('cron.ticker-stalled', 'cron.ticks-failing');
  }

  if (cron.jobs === null) {
    unknown.push('cron.not-firing', 'cron.job-failing', 'cron.delivery-failing', 'cron.job-overdue');
    unknown.push(
      'cron.backup-job-failing',
      'cron.backup-job-missing',
      'cron.watchdog-job-failing',
      'cron.watchdog-job-missing',
    );
    return result(findings, unknown);
  }

  const enabled = cron.jobs.filter(
    (j) => j.enabled !== false && j.state !== 'paused' && j.state !== 'completed',
  );
  if (builtin && gateway.running === false && enabled.length > 0) {
    const next = enabled
      .map((j) => j.nextRunAt)
      .filter((t): t is string => t !== null)
      .sort()[0];
    findings.push({
      check: 'cron.not-firing',
      severity: 'warning',
      title: `Gateway down: ${enabled.length} cron job${enabled.length === 1 ? '' : 's'} will not fire`,
      facts: [
        'Cron runs only inside the gateway; there is no separate cron daemon.',
        ...(next ? [`Next due: ${next}`] : []),
        ...enabled.slice(0, 5).map((j) => `Job ${jobLabel(j)}`),
      ],
      commands: ['gateway-restart', 'gateway-status', 'hermes-cron-list'],
    });
  } else if (builtin && gateway.running === null) {
    unknown.push('cron.not-firing');
  }

  for (const job of enabled) {
    const key = jobKey(job);
    if (job.lastStatus === 'error') {
      const check = job.role ? `cron.${job.role}-job-failing` : `cron.job-failing.${key}`;
      findings.push({
        check,
        severity: 'warning',
        title: job.role
          ? `${roleName(job.role)} ${jobLabel(job)} is failing`
          : `Cron job ${jobLabel(job)} is failing`,
        facts: [
          ...(job.lastRunAt ? [`Last run: ${job.lastRunAt}`] : []),
          ...(job.lastError ? [`Error: ${job.lastError}`] : []),
        ],
        since: job.lastRunAt,
        commands: CRON_CMDS,
      });
    }
    if (job.deliveryFailed) {
      findings.push({
        check: `cron.delivery-failing.${key}`,
        severity: 'warning',
        title: `Cron job ${jobLabel(job)} ran but its delivery failed`,
        facts: [
          `Delivers to: ${job.deliver.join(', ') || 'unknown'}`,
          ...(job.deliveryError ? [`Error: ${job.deliveryError}`] : []),
        ],
        since: job.lastRunAt,
        commands: CRON_CMDS,
      });
    }
    // Overdue jobs while the gateway is down are covered by cron.not-firing.
    if (job.overdue && gateway.running !== false) {
      findings.push({
        check: `cron.job-overdue.${key}`,
        severity: 'warning',
        title: `Cron job ${jobLabel(job)} is overdue${job.overdueSeconds !== null ? ` by ${humanDuration(job.overdueSeconds)}` : ''}`,
        facts: [
          ...(job.scheduleDisplay
            ? [`Schedule: ${scheduleWords(job.scheduleKind, job.scheduleDisplay)}`]
            : []),
          ...(job.nextRunAt
            ? [`Was due: ${job.nextRunAt}`]
            : ['next_run_at is empty (Hermes skips such jobs)']),
        ],
        since: job.nextRunAt,
        commands: CRON_CMDS,
      });
    }
  }

  // The two jobs the runbook relies on must exist and be enabled.
  for (const role of ['backup', 'watchdog'] as const) {
    const jobs = cron.jobs.filter((j) => j.role === role);
    const active = jobs.filter((j) => enabled.includes(j));
    if (active.length > 0) continue;
    // A systemd timer/unit doing the same job makes a missing cron job a note, not a problem.
    const unitCovers = unitWithRole(snapshot, role === 'backup' ? 'backup-timer' : 'watchdog') !== null;
    findings.push({
      check: `cron.${role}-job-missing`,
      severity: unitCovers ? 'info' : 'warning',
      title:
        jobs.length > 0
          ? `${roleName(role)} is disabled or paused`
          : `No ${roleName(role).toLowerCase()} in cron`,
      facts: [
        jobs.length > 0
          ? `Job ${jobLabel(jobs[0]!)} state: ${jobs[0]!.state ?? 'unknown'}`
          : 'No job matched the exporter’s job pattern.',
        ...(unitCovers ? ['A systemd unit covers this role.'] : []),
      ],
      commands: ['hermes-cron-list'],
    });
  }
  return result(findings, unknown);
};
