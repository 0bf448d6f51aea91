/** `hermes-mc status` output: the table (fitted to the terminal) for people, the JSON document for scripts. */
import { maintenanceLabel } from '../../../common/model/maintenance.js';
import type { InstanceStatus } from '../../../common/model/instance-status.js';
import { instanceVerdict, type VerdictLevel } from '../../../common/model/verdict.js';
import type { Warning } from '../../../common/model/warning.js';
import { formatClock } from '../../../common/text/human-time.js';
import { warningToJson, type WarningJson } from './warnings-json.js';
import { statusRow, STATUS_COLUMNS, verdictTone } from './status-view.js';
import { fitTable } from './table.js';
import { span, type Line } from './term-doc.js';
import { summaryLines } from './warning-lines.js';

export interface VerdictJson {
  level: VerdictLevel;
  label: string;
  reason: string;
}

export interface StatusJson {
  /** True when this is the embedded demo fleet, not real data. */
  demo: boolean;
  /** The process exit code is the worst of these verdicts (main/cli/exit-codes.ts). */
  instances: {
    id: string;
    label: string;
    /** OK / Needs attention / Critical / Unknown: the first thing to read. */
    verdict: VerdictJson;
    state: InstanceStatus['state'];
    reason: InstanceStatus['reason'];
    generatedAt: string | null;
    fetchedAt: string | null;
    dataAgeSeconds: number | null;
    /** How the age knew the VM's "now": `server`, `transition`, or `none` (VM clock unknown). */
    vmClock: 'server' | 'transition' | 'none' | null;
    /** VM clock: the snapshot file's mtime. */
    fileModifiedAt: string | null;
    /** Seconds `generatedAt` lies ahead of the VM's clock, when it does. */
    generatedAheadSeconds: number | null;
    clockSkewSeconds: number | null;
    /** Laptop clock: a poll has been waiting for this host since then (null when not waiting). */
    checkingSince: string | null;
    /** Laptop clock: when the host last answered. */
    lastAnswerAt: string | null;
    source: InstanceStatus['source'];
    snapshotIsLastGood: boolean;
    snapshot: InstanceStatus['snapshot'];
    /** This instance's warnings (active and unknown), with their runbook commands. */
    warnings: WarningJson[];
    /** Until when (ISO) the instance is in timed maintenance (notifications held); null when it is not. */
    maintenanceUntil: string | null;
  }[];
}

export function verdictJson(instance: InstanceStatus, warnings: readonly Warning[]): VerdictJson {
  const v = instanceVerdict(instance, warnings);
  return { level: v.level, label: v.label, reason: v.reason };
}

export function statusJson(
  instances: InstanceStatus[],
  demo: boolean,
  warnings: Warning[] = [],
  /** Instance id → until (ISO), for the instances in maintenance now. */
  maintenance: Record<string, string> = {},
): StatusJson {
  return {
    demo,
    instances: instances.map((i) => ({
      id: i.id,
      label: i.label,
      verdict: verdictJson(i, warnings),
      state: i.state,
      reason: i.reason,
      generatedAt: i.generatedAt,
      fetchedAt: i.fetchedAt,
      dataAgeSeconds: i.dataAgeSeconds,
      vmClock: i.vmClock ?? null,
      fileModifiedAt: i.fileModifiedAt ?? null,
      generatedAheadSeconds: i.generatedAheadSeconds ?? null,
      clockSkewSeconds: i.clockSkewSeconds,
      checkingSince: i.checkingSince ?? null,
      lastAnswerAt: i.lastAnswerAt ?? null,
      source: i.source,
      snapshotIsLastGood: i.snapshotIsLastGood,
      snapshot: i.snapshot,
      warnings: warnings.filter((w) => w.instanceId === i.id).map(warningToJson),
      maintenanceUntil: maintenance[i.id] ?? null,
    })),
  };
}

export interface StatusTextOptions {
  demo: boolean;
  /** Laptop clock, for relative times and the footer. */
  nowMs: number;
  timeZone?: string;
  /** Terminal width to fit. */
  columns: number;
  /** Reported when above this many seconds. */
  clockSkewWarnSeconds?: number;
  /** Instance id → until (ISO) for instances in timed maintenance (common/model/maintenance.ts). */
  maintenance?: Record<string, string>;
}

export function statusLines(
  instances: InstanceStatus[],
  warnings: Warning[],
  opts: StatusTextOptions,
): Line[] {
  const lines: Line[] = [];
  if (opts.demo) {
    lines.push([span('DEMO FLEET: generated sample data, not your VM.', 'attention')]);
    lines.push([span('Configure hosts (or pass --config) to see real instances.', 'attention')]);
    lines.push([]);
  }
  const rows = instances.map((i) => statusRow(i, warnings, opts.nowMs));
  for (const r of rows) {
    const until = opts.maintenance?.[r.id];
    if (until)
      r.note = [`${maintenanceLabel(until, opts.nowMs, opts.timeZone)} (notifications held)`, r.note]
        .filter(Boolean)
        .join(' · ');
  }
  const table = fitTable(
    STATUS_COLUMNS,
    rows.map((r) => r.cells),
    opts.columns,
  );
  lines.push(...table.lines);
  if (table.hidden.length > 0) {
    lines.push([
      span(
        `(${table.hidden.join(', ')} hidden at ${opts.columns} columns: widen the terminal or use --json)`,
        'dim',
      ),
    ]);
  }
  const notes = rows.filter((r) => r.note);
  if (notes.length) {
    lines.push([]);
    for (const r of notes) {
      lines.push([span(r.label, verdictTone(r.verdict.level), 60), span(`: ${r.note}`)]);
    }
  }
  for (const i of instances) {
    const mine = warnings.filter((w) => w.instanceId === i.id);
    if (mine.length === 0) continue;
    lines.push([]);
    lines.push([span(`${i.label} warnings:`, 'bold', 80)]);
    lines.push(...summaryLines(mine, { nowMs: opts.nowMs, timeZone: opts.timeZone, columns: opts.columns }));
  }
  const skewLimit = opts.clockSkewWarnSeconds ?? 120;
  const skewed = instances.find(
    (i) => i.clockSkewSeconds !== null && Math.abs(i.clockSkewSeconds) > skewLimit,
  );
  if (skewed && skewed.clockSkewSeconds !== null) {
    const ahead = skewed.clockSkewSeconds > 0 ? 'ahead of' : 'behind';
    lines.push([]);
    lines.push([
      span(
        `This computer's clock is ${Math.abs(Math.round(skewed.clockSkewSeconds))} s ${ahead} ${skewed.hostName}'s; ages above use the VM's clock.`,
        'attention',
      ),
    ]);
  }
  // Without the VM's clock the ages above rest on this computer's clock: say so, never imply more.
  const clockUnknown = [
    ...new Set(instances.filter((i) => i.vmClock === 'none' && i.generatedAt).map((i) => i.hostName)),
  ];
  if (clockUnknown.length > 0) {
    lines.push([]);
    lines.push([
      span(
        `VM clock unknown for ${clockUnknown.join(', ')}: ages above use this computer's clock and the file times (the account cannot see the VM's clock; \`--watch\` learns it when the exporter writes).`,
        'dim',
      ),
    ]);
  }
  lines.push([]);
  const hint = warnings.length > 0 ? ' · `hermes-mc warnings` lists what helps' : '';
  lines.push([
    span(
      `checked at ${formatClock(new Date(opts.nowMs).toISOString(), opts.nowMs, opts.timeZone)}${hint}`,
      'dim',
    ),
  ]);
  return lines;
}
