/**
 * What `hermes-mc status` shows per instance, as plain strings (pure; the table and colours come later).
 * A missing value is "—" (no data) or "?" (the exporter could not tell): never a guessed "ok".
 */
import type { Snapshot } from '../../../common/contract/snapshot.js';
import type { InstanceStatus } from '../../../common/model/instance-status.js';
import type { Warning } from '../../../common/model/warning.js';

export const NONE = '—';
export const UNKNOWN = '?';

/** "42 s", "12 min", "3 h 5 min", "4 d". */
export function shortAge(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return NONE;
  const s = Math.max(0, Math.round(seconds));
  if (s < 120) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 120) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  return `${Math.floor(h / 24)} d`;
}

export function shortBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 10 || i === 0 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

export function gatewayCell(s: Snapshot): string {
  const g = s.gateway;
  if (g.running === null) return UNKNOWN;
  if (!g.running) return 'DOWN';
  return g.state && g.state !== 'running' ? `up (${g.state})` : 'up';
}

export function telegramCell(s: Snapshot): string {
  const t = s.gateway.platforms['telegram'];
  if (!t) return NONE;
  return t.state ?? UNKNOWN;
}

export function cronCell(s: Snapshot): string {
  const jobs = s.cron.jobs;
  if (!jobs) return UNKNOWN;
  const enabled = jobs.filter((j) => j.enabled !== false);
  const errors = enabled.filter((j) => j.lastStatus === 'error' || j.state === 'error').length;
  const overdue = enabled.filter((j) => j.overdue).length;
  if (!errors && !overdue) return `${enabled.length} ok`;
  return [errors ? `${errors} failing` : '', overdue ? `${overdue} overdue` : ''].filter(Boolean).join(', ');
}

export function backupCell(s: Snapshot): string {
  if (!s.backup) return 'none';
  return s.backup.lastCommitAgeSeconds === null ? UNKNOWN : `${shortAge(s.backup.lastCommitAgeSeconds)} ago`;
}

export function diskCell(s: Snapshot): string {
  const root = s.host?.disks.find((d) => d.mount === '/') ?? s.host?.disks[0];
  if (!root) return NONE;
  return `${Math.round(root.usedPct)}% (${shortBytes(root.freeBytes)} free)`;
}

export function memoryCell(s: Snapshot): string {
  const m = s.host?.memory;
  if (!m) return NONE;
  return `${Math.round(m.availablePct)}% free`;
}

export type Tone = 'good' | 'warn' | 'bad' | 'muted';

export function stateTone(state: InstanceStatus['state']): Tone {
  if (state === 'live') return 'good';
  if (state === 'stale') return 'warn';
  if (state === 'unknown') return 'muted';
  return 'bad';
}

export interface StatusRow {
  id: string;
  label: string;
  state: InstanceStatus['state'];
  tone: Tone;
  age: string;
  gateway: string;
  telegram: string;
  cron: string;
  backup: string;
  disk: string;
  memory: string;
  /** One line under the row when something needs saying (reason, last-good marker, warnings count). */
  note: string | null;
}

export function statusRow(status: InstanceStatus, warnings: Warning[] = []): StatusRow {
  const s = status.snapshot;
  const mine = warnings.filter((w) => w.instanceId === status.id && w.status === 'active');
  const critical = mine.filter((w) => w.severity === 'critical').length;
  const warning = mine.filter((w) => w.severity === 'warning').length;
  const notes: string[] = [];
  if (status.reason) notes.push(`${status.reason.code}: ${status.reason.message}`);
  if (status.snapshotIsLastGood) notes.push('showing the last good snapshot');
  if (status.schemaVersions) {
    notes.push(
      `snapshot schema ${status.schemaVersions.found}, this app supports ${status.schemaVersions.supported}`,
    );
  }
  if (status.nextRetryAt) notes.push(`retrying at ${status.nextRetryAt}`);
  if (critical || warning) {
    const parts = [
      critical ? `${critical} critical` : '',
      warning ? `${warning} warning${warning > 1 ? 's' : ''}` : '',
    ];
    notes.push(`${parts.filter(Boolean).join(', ')} (listed below)`);
  }
  return {
    id: status.id,
    label: status.label,
    state: status.state,
    tone: stateTone(status.state),
    age: shortAge(status.dataAgeSeconds),
    gateway: s ? gatewayCell(s) : NONE,
    telegram: s ? telegramCell(s) : NONE,
    cron: s ? cronCell(s) : NONE,
    backup: s ? backupCell(s) : NONE,
    disk: s ? diskCell(s) : NONE,
    memory: s ? memoryCell(s) : NONE,
    note: notes.length ? notes.join(' · ') : null,
  };
}

/**
 * Exit code for scripts: 0 all live and healthy; 1 something degraded (a warning) or stale; 2 unreachable,
 * incompatible, never answered, or a critical warning.
 */
export function statusExitCode(instances: InstanceStatus[], warnings: Warning[] = []): 0 | 1 | 2 {
  const active = warnings.filter((w) => w.status === 'active');
  if (instances.some((i) => i.state === 'unreachable' || i.state === 'incompatible' || i.state === 'unknown'))
    return 2;
  if (active.some((w) => w.severity === 'critical')) return 2;
  if (instances.some((i) => i.state === 'stale') || active.some((w) => w.severity === 'warning')) return 1;
  return 0;
}
