/** `hermes-mc status` output: the aligned table for people, the JSON document for scripts. */
import { formatWarningsForStatus, warningToJson, type WarningJson } from '../commands/warnings.js';
import type { InstanceStatus } from '../../../common/model/instance-status.js';
import type { Warning } from '../../../common/model/warning.js';
import { palette, type Palette } from './colors.js';
import { statusRow, type Tone } from './status-view.js';
import { renderTable } from './table.js';

export interface StatusJson {
  /** True when this is the embedded demo fleet, not real data. */
  demo: boolean;
  instances: {
    id: string;
    label: string;
    state: InstanceStatus['state'];
    reason: InstanceStatus['reason'];
    generatedAt: string | null;
    fetchedAt: string | null;
    dataAgeSeconds: number | null;
    clockSkewSeconds: number | null;
    source: InstanceStatus['source'];
    snapshotIsLastGood: boolean;
    snapshot: InstanceStatus['snapshot'];
    /** This instance's warnings (active and unknown), with their runbook commands. */
    warnings: WarningJson[];
  }[];
}

export function statusJson(instances: InstanceStatus[], demo: boolean, warnings: Warning[] = []): StatusJson {
  return {
    demo,
    instances: instances.map((i) => ({
      id: i.id,
      label: i.label,
      state: i.state,
      reason: i.reason,
      generatedAt: i.generatedAt,
      fetchedAt: i.fetchedAt,
      dataAgeSeconds: i.dataAgeSeconds,
      clockSkewSeconds: i.clockSkewSeconds,
      source: i.source,
      snapshotIsLastGood: i.snapshotIsLastGood,
      snapshot: i.snapshot,
      warnings: warnings.filter((w) => w.instanceId === i.id).map(warningToJson),
    })),
  };
}

function tint(p: Palette, tone: Tone, text: string): string {
  if (tone === 'good') return p.green(text);
  if (tone === 'warn') return p.yellow(text);
  if (tone === 'bad') return p.red(text);
  return p.dim(text);
}

export interface StatusTextOptions {
  color: boolean;
  demo: boolean;
  /** Laptop clock, for the footer. */
  now: Date;
  /** Reported when above this many seconds. */
  clockSkewWarnSeconds?: number;
}

export function statusText(
  instances: InstanceStatus[],
  warnings: Warning[],
  opts: StatusTextOptions,
): string {
  const p = palette(opts.color);
  const lines: string[] = [];
  if (opts.demo) {
    lines.push(
      p.yellow(
        'DEMO FLEET: generated sample data, not your VM. Configure hosts (or pass --config) to see real instances.',
      ),
    );
    lines.push('');
  }
  const rows = instances.map((i) => statusRow(i, warnings));
  const header = [
    'INSTANCE',
    'STATE',
    'DATA AGE',
    'GATEWAY',
    'TELEGRAM',
    'CRON',
    'BACKUP',
    'DISK',
    'MEMORY',
  ].map(p.bold);
  const table = renderTable(
    header,
    rows.map((r) => [
      r.label,
      tint(p, r.tone, r.state),
      r.age,
      r.gateway,
      r.telegram,
      r.cron,
      r.backup,
      r.disk,
      r.memory,
    ]),
  );
  lines.push(table);
  const notes = rows.filter((r) => r.note);
  if (notes.length) {
    lines.push('');
    for (const r of notes) lines.push(`${tint(p, r.tone, r.label)}: ${r.note}`);
  }
  // Each instance's warnings with severity, title and since (`hermes-mc warnings` adds the commands).
  for (const i of instances) {
    if (!warnings.some((w) => w.instanceId === i.id)) continue;
    lines.push('');
    lines.push(p.bold(`${i.label} warnings:`));
    for (const line of formatWarningsForStatus(i.id, warnings, { commands: false })) lines.push(line);
  }
  const skewLimit = opts.clockSkewWarnSeconds ?? 120;
  const skewed = instances.find(
    (i) => i.clockSkewSeconds !== null && Math.abs(i.clockSkewSeconds) > skewLimit,
  );
  if (skewed && skewed.clockSkewSeconds !== null) {
    const ahead = skewed.clockSkewSeconds > 0 ? 'ahead of' : 'behind';
    lines.push('');
    lines.push(
      p.yellow(
        `This computer's clock is ${Math.abs(Math.round(skewed.clockSkewSeconds))} s ${ahead} ${skewed.hostName}'s; ages above use the VM's clock.`,
      ),
    );
  }
  lines.push('');
  lines.push(p.dim(`checked ${opts.now.toISOString()}`));
  return lines.join('\n') + '\n';
}
