/**
 * What `hermes-mc status` shows per instance, as plain cells (pure; layout and colour come later). The
 * verdict leads; data freshness sits beside it. A missing value is "—" (no data) or "?" (the exporter
 * could not tell): never a guessed "ok". Every text here may come from the VM; term-doc makes it inert.
 */
import type { Snapshot } from '../../../common/contract/snapshot.js';
import type { InstanceStatus } from '../../../common/model/instance-status.js';
import { instanceVerdict, type InstanceVerdict, type VerdictLevel } from '../../../common/model/verdict.js';
import type { Warning } from '../../../common/model/warning.js';
import { formatDuration, formatWhen } from '../../../common/text/human-time.js';
import { checkingNote } from '../../../common/text/link-facts.js';
import type { Cell, Column } from './table.js';
import type { Tone } from './term-doc.js';

export const NONE = '—';
export const UNKNOWN = '?';

/** "42 s", "12 min", "3 h 5 min", "4 d" (the one wording, common/text/human-time.ts). */
export const shortAge = formatDuration;

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

function rootDisk(s: Snapshot) {
  return s.host?.disks.find((d) => d.mount === '/') ?? s.host?.disks[0] ?? null;
}

export function diskCell(s: Snapshot): string {
  const root = rootDisk(s);
  if (!root) return NONE;
  return `${Math.round(root.usedPct)}% (${shortBytes(root.freeBytes)} free)`;
}

export function memoryCell(s: Snapshot): string {
  const m = s.host?.memory;
  if (!m) return NONE;
  return `${Math.round(m.availablePct)}% free`;
}

export function verdictTone(level: VerdictLevel): Tone {
  return level === 'ok' ? 'ok' : level;
}

/** Data freshness, beside the verdict: "live 12 s", "stale 9 min", "unreachable". */
export function dataCell(status: InstanceStatus): Cell {
  const age = status.dataAgeSeconds === null ? '' : ` ${shortAge(status.dataAgeSeconds)}`;
  return {
    text: `${status.state}${age}`,
    tone: status.state === 'live' ? 'dim' : 'unknown',
    short: status.state,
  };
}

export const STATUS_COLUMNS: Column[] = [
  { key: 'instance', header: 'INSTANCE', priority: 0, flex: true, minWidth: 10, maxWidth: 40 },
  { key: 'verdict', header: 'VERDICT', priority: 0 },
  { key: 'data', header: 'DATA', priority: 2 },
  { key: 'gateway', header: 'GATEWAY', priority: 1, maxWidth: 24 },
  { key: 'cron', header: 'CRON', priority: 3, maxWidth: 24 },
  { key: 'backup', header: 'BACKUP', priority: 4 },
  { key: 'disk', header: 'DISK', priority: 5 },
  { key: 'memory', header: 'MEMORY', priority: 7 },
  { key: 'telegram', header: 'TELEGRAM', priority: 6, maxWidth: 16 },
];

export interface StatusRow {
  id: string;
  label: string;
  verdict: InstanceVerdict;
  /** Cells in STATUS_COLUMNS order. */
  cells: Cell[];
  /** One line under the table when something needs saying (reason, last-good marker, warnings count). */
  note: string | null;
}

// Shared with the window (common/text/link-facts.ts); re-exported for the CLI's callers.
export { checkingNote };

export function statusRow(status: InstanceStatus, warnings: readonly Warning[], nowMs: number): StatusRow {
  const s = status.snapshot;
  const verdict = instanceVerdict(status, warnings);
  const notes: string[] = [];
  const checking = checkingNote(status);
  if (checking) notes.push(checking);
  if (status.reason) notes.push(`${status.reason.code}: ${status.reason.message}`);
  if (status.snapshotIsLastGood) notes.push('showing the last good snapshot');
  if (status.schemaVersions) {
    notes.push(
      `snapshot schema ${status.schemaVersions.found}, this app supports ${status.schemaVersions.supported}`,
    );
  }
  if (status.nextRetryAt) notes.push(`retrying ${formatWhen(status.nextRetryAt, nowMs)}`);
  if (verdict.criticals || verdict.warnings) {
    const warning = verdict.warnings - verdict.criticals;
    const parts = [
      verdict.criticals ? `${verdict.criticals} critical` : '',
      warning ? `${warning} warning${warning > 1 ? 's' : ''}` : '',
    ];
    notes.push(`${parts.filter(Boolean).join(', ')} (listed below)`);
  }
  const cell = (text: string): Cell => ({ text });
  const shortVerdict = verdict.level === 'attention' ? 'Attention' : undefined;
  return {
    id: status.id,
    label: status.label,
    verdict,
    cells: [
      cell(status.label),
      {
        text: verdict.label,
        tone: verdictTone(verdict.level),
        ...(shortVerdict ? { short: shortVerdict } : {}),
      },
      dataCell(status),
      cell(s ? gatewayCell(s) : NONE),
      cell(s ? cronCell(s) : NONE),
      cell(s ? backupCell(s) : NONE),
      s && rootDisk(s) ? { text: diskCell(s), short: `${Math.round(rootDisk(s)!.usedPct)}%` } : cell(NONE),
      cell(s ? memoryCell(s) : NONE),
      cell(s ? telegramCell(s) : NONE),
    ],
    note: notes.length ? notes.join(' · ') : null,
  };
}
