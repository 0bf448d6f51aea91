/**
 * Optional Prometheus exposition for node_exporter's textfile collector, so a fleet that outgrows the
 * desktop app can alert from Prometheus/Alertmanager on the same facts.
 *
 * - Every series carries `instance="<id>"`; names are `hermes_…`.
 * - Explicit zeros: a count that is zero is written as 0, never left out (an absent series looks like a
 *   dead exporter). A value that is *unknown* (null in the snapshot) is left out; its probe shows up as
 *   `hermes_exporter_probe_success{probe="…"} 0`, and `hermes_exporter_last_run_timestamp_seconds`
 *   tells a live exporter from a dead one.
 * - Written atomically (rename) into the collector folder (node_exporter reads only `*.prom`, so our temp file,
 *   a dot-file without that suffix, is never half-read).
 */
import { basename, dirname } from 'node:path';
import type { Snapshot } from '../../common/contract/snapshot.js';
import { unitScope } from '../../common/contract/unit-scope.js';
import { writeFileAtomic } from './write-atomic.js';
import { addSignalMetrics } from './prometheus-signals.js';
import { addSpendMetrics } from './prometheus-spend.js';

export interface RunFacts {
  /** Wall time of the run in milliseconds. */
  durationMs: number;
  subprocesses: number;
}

interface Metric {
  help: string;
  type: 'gauge' | 'counter';
  samples: { labels: Record<string, string>; value: number }[];
}

/** Pure: renders the exposition text for one snapshot. */
export function renderPrometheus(s: Snapshot, run: RunFacts): string {
  const metrics = new Map<string, Metric>();
  const add = (
    name: string,
    help: string,
    value: number | boolean | null | undefined,
    labels: Record<string, string> = {},
  ): void => {
    if (value === null || value === undefined) return;
    const v = typeof value === 'boolean' ? (value ? 1 : 0) : value;
    if (!Number.isFinite(v)) return;
    let m = metrics.get(name);
    if (!m) {
      m = { help, type: 'gauge', samples: [] };
      metrics.set(name, m);
    }
    m.samples.push({ labels: { instance: s.instance.id, ...labels }, value: v });
  };

  add(
    'hermes_exporter_last_run_timestamp_seconds',
    'Unix time of the snapshot this file was written from.',
    Date.parse(s.generatedAt) / 1000,
  );
  add('hermes_exporter_run_duration_seconds', 'Wall time of the last exporter run.', run.durationMs / 1000);
  add('hermes_exporter_subprocesses', 'Subprocesses started by the last exporter run.', run.subprocesses);
  add('hermes_exporter_info', 'Exporter and snapshot schema version.', 1, {
    version: s.exporterVersion,
    schema_version: String(s.schemaVersion),
  });
  for (const p of s.probes) {
    add(
      'hermes_exporter_probe_success',
      'Whether a collector probe succeeded (0 = its values are unknown).',
      p.ok,
      { probe: p.name },
    );
  }

  const g = s.gateway;
  add('hermes_gateway_up', 'Gateway process alive with matching start time.', g.running);
  add('hermes_gateway_heartbeat_age_seconds', 'Age of state/gateway.heartbeat.', g.heartbeatAgeSeconds);
  add('hermes_gateway_restarts_last_hour', 'Gateway starts in the last hour.', g.restartsLastHour);
  for (const [platform, p] of Object.entries(g.platforms)) {
    if (p.state !== null)
      add(
        'hermes_platform_connected',
        'Messaging platform connected (1) or not (0).',
        p.state === 'connected',
        { platform },
      );
  }

  const ss = s.sessions;
  add('hermes_sessions_active', 'Non-archived sessions.', ss.active);
  add('hermes_sessions_total', 'All sessions, including archived.', ss.total);
  add('hermes_sessions_archived', 'Archived sessions.', ss.archived);
  add('hermes_messages_total', 'Messages in state.db.', ss.messages);
  add('hermes_sessions_started_24h', 'Sessions started in the last 24 hours.', ss.startedLast24h);
  add('hermes_tokens_24h', 'Tokens used in the last 24 hours.', ss.last24h.input, { direction: 'input' });
  add('hermes_tokens_24h', 'Tokens used in the last 24 hours.', ss.last24h.output, { direction: 'output' });
  add('hermes_cost_usd_24h', 'Estimated cost in the last 24 hours (USD).', ss.last24h.costUsd);
  add('hermes_state_db_bytes', 'Size of state.db.', ss.dbBytes);
  addSpendMetrics(add, s.usage);
  add('hermes_state_db_wal_bytes', 'Size of state.db-wal.', ss.walBytes);

  const jobs = s.cron.jobs;
  if (jobs) {
    add('hermes_cron_jobs', 'Cron jobs defined.', jobs.length);
    add('hermes_cron_jobs_enabled', 'Cron jobs enabled.', jobs.filter((j) => j.enabled === true).length);
    add(
      'hermes_cron_jobs_failed',
      'Cron jobs whose last run failed.',
      jobs.filter((j) => j.lastStatus === 'error').length,
    );
    add(
      'hermes_cron_jobs_overdue',
      'Cron jobs past their schedule plus grace.',
      jobs.filter((j) => j.overdue).length,
    );
    add(
      'hermes_cron_jobs_delivery_failed',
      'Cron jobs whose last delivery failed.',
      jobs.filter((j) => j.deliveryFailed).length,
    );
  }
  add(
    'hermes_cron_ticker_age_seconds',
    'Age of the cron ticker heartbeat.',
    s.cron.tickerHeartbeatAgeSeconds,
  );

  for (const u of s.systemd.units) {
    if (u.activeState === null) continue;
    // `scope` keeps the series apart when the same unit name exists in both managers (ADR 0006).
    const labels = { unit: u.name, role: u.role, scope: unitScope(u, s) ?? 'unknown' };
    add(
      'hermes_systemd_unit_active',
      'systemd unit ActiveState is active.',
      u.activeState === 'active',
      labels,
    );
    add(
      'hermes_systemd_unit_failed',
      'systemd unit ActiveState is failed.',
      u.activeState === 'failed',
      labels,
    );
    add('hermes_systemd_unit_restarts', 'systemd NRestarts of the unit.', u.nRestarts, labels);
  }

  const d = s.dashboard;
  if (d.exposure !== null) {
    add('hermes_dashboard_listening', 'Dashboard port has a listener.', d.exposure !== 'none');
    add(
      'hermes_dashboard_public',
      'Dashboard bound to a public or wildcard address (must be 0).',
      d.exposure === 'public',
    );
  }

  const b = s.backup;
  if (b) {
    add(
      'hermes_backup_last_commit_age_seconds',
      'Age of the backup repo last commit.',
      b.lastCommitAgeSeconds,
    );
    add('hermes_backup_dirty', 'Backup repo has uncommitted changes.', b.dirty);
    add('hermes_backup_ahead', 'Backup commits not pushed to upstream.', b.ahead);
    add(
      'hermes_backup_forbidden_files',
      'Tracked files that must never be in a backup.',
      b.forbiddenFiles?.length,
    );
    add(
      'hermes_backup_secret_hits',
      'Secret-pattern hits in tracked backup files.',
      b.secretScan?.hits.length,
    );
  }

  add('hermes_skills', 'Installed skills.', s.skills.count);
  add('hermes_memory_entries', 'MEMORY.md entries.', s.memory.entries);
  add('hermes_memory_user_entries', 'USER.md entries.', s.memory.userEntries);
  add('hermes_log_lines_24h', 'errors.log lines in the last 24 hours by level.', s.logs.errors24h, {
    level: 'error',
  });
  add('hermes_log_lines_24h', 'errors.log lines in the last 24 hours by level.', s.logs.critical24h, {
    level: 'critical',
  });
  add('hermes_restore_drill_age_days', 'Days since the last restore drill.', s.recovery.restoreDrillAgeDays);

  const h = s.host;
  if (h) {
    for (const disk of h.disks) {
      add('hermes_host_disk_used_ratio', 'Filesystem used fraction.', disk.usedPct / 100, {
        mount: disk.mount,
      });
      add('hermes_host_disk_free_bytes', 'Filesystem free bytes.', disk.freeBytes, { mount: disk.mount });
    }
    add(
      'hermes_host_memory_available_ratio',
      'Available memory fraction.',
      h.memory ? h.memory.availablePct / 100 : null,
    );
    add('hermes_host_load1', '1-minute load average.', h.load?.[0]);
    for (const c of h.containers)
      add('hermes_container_running', 'Named Docker container running.', c.running, { container: c.name });
  }

  addSignalMetrics(s, add);

  let text = '';
  for (const [name, m] of metrics) {
    text += `# HELP ${name} ${m.help}\n# TYPE ${name} ${m.type}\n`;
    for (const sample of m.samples)
      text += `${name}{${formatLabels(sample.labels)}} ${formatValue(sample.value)}\n`;
  }
  return text;
}

/** Renders and writes the file atomically (tmp in the same folder, rename; rewritten every run, so not fsynced). */
export async function writePrometheusFile(file: string, s: Snapshot, run: RunFacts): Promise<void> {
  await writeFileAtomic(dirname(file), basename(file), renderPrometheus(s, run), { durable: false });
}

function formatLabels(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`)
    .join(',');
}

function formatValue(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Math.round(v * 1e6) / 1e6);
}
