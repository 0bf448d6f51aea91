/**
 * Warnings as terminal lines, for `hermes-mc status` (one line each, clipped to the width) and
 * `hermes-mc warnings` (facts, since when, and every runbook command: read-only ones plain, the ones that
 * change the VM marked, refused ones with the reason and no command). Times read as people say them
 * ("for 3 h 5 min (since 08:55)"). All text here may come from the VM: term-doc makes it inert.
 */
import type { InstanceStatus } from '../../../common/model/instance-status.js';
import type { InstanceVerdict } from '../../../common/model/verdict.js';
import type { RefusedCommand, RunbookCommand, Severity, Warning } from '../../../common/model/warning.js';
import { formatDuration, formatSince, humanizeTimes } from '../../../common/text/human-time.js';
import { inertText } from '../../../common/text/inert-text.js';
import { verdictTone } from './status-view.js';
import { clip, span, type Line, type Tone } from './term-doc.js';

const SEVERITY: Record<Severity, { tag: string; tone: Tone }> = {
  critical: { tag: 'CRITICAL', tone: 'critical' },
  warning: { tag: 'WARNING ', tone: 'attention' },
  info: { tag: 'info    ', tone: 'dim' },
};

const UNKNOWN_MARK = ' [unknown: cannot check now]';

/** "live, data 12 s old", "unreachable (HOST_KEY_UNKNOWN), last data 2 h old", "not checked yet". */
export function freshnessText(status: InstanceStatus): string {
  const age = status.dataAgeSeconds === null ? null : formatDuration(status.dataAgeSeconds);
  const reason = status.reason ? ` (${status.reason.code})` : '';
  if (status.state === 'live') return `live, data ${age ?? '?'} old`;
  if (status.state === 'unknown' && status.snapshot === null) return `not checked yet${reason}`;
  return `${status.state}${reason}${age ? `, last data ${age} old` : ', no data'}`;
}

/** `Bheem (uma) — Needs attention · live, data 12 s old`: the verdict first, freshness beside it. */
export function instanceHeading(status: InstanceStatus, verdict: InstanceVerdict): Line {
  return [
    span(status.label, 'bold', 80),
    span(' — '),
    span(verdict.label, verdictTone(verdict.level)),
    span(' · '),
    span(freshnessText(status), 'dim'),
  ];
}

export interface WarningLineOptions {
  nowMs: number;
  timeZone?: string;
  /** Columns available (status clips each title to fit; warnings shows it whole, bounded). */
  columns: number;
}

/** One line per warning, clipped to the width (for `hermes-mc status`). */
export function summaryLines(warnings: readonly Warning[], opts: WarningLineOptions): Line[] {
  return warnings.map((w) => {
    const sev = SEVERITY[w.severity];
    const unknown = w.status === 'unknown' ? UNKNOWN_MARK : '';
    const room = Math.max(20, opts.columns - 2 - sev.tag.length - 2 - unknown.length);
    return [
      span('  '),
      span(sev.tag, sev.tone),
      span('  '),
      span(clip(inertText(w.title), room)),
      span(unknown, 'unknown'),
    ];
  });
}

function commandLines(c: RunbookCommand): Line[] {
  return [
    [
      span('      '),
      span(c.label, 'bold'),
      span(` · ${c.where}`, 'dim'),
      c.changesVm ? span('  CHANGES THE VM', 'changes') : span('  read-only', 'dim'),
    ],
    // The command alone on its line, never wrapped or cut by us, so it can be copied whole.
    [span('        '), span(c.command, undefined, 4000)],
    ...(c.description ? [[span('        '), span(c.description, 'dim')]] : []),
  ];
}

function refusedLines(c: RefusedCommand): Line[] {
  return [
    [span('      '), span(c.label, 'bold'), span(` · ${c.where}`, 'dim'), span('  NOT SHOWN', 'critical')],
    [span('        '), span(`No command: ${c.reason}.`)],
  ];
}

/** A warning in full (for `hermes-mc warnings`): title, since when, facts, then what helps. */
export function detailLines(w: Warning, opts: WarningLineOptions): Line[] {
  const sev = SEVERITY[w.severity];
  const lines: Line[] = [
    [
      span('  '),
      span(sev.tag, sev.tone),
      span('  '),
      span(w.title),
      span(w.status === 'unknown' ? UNKNOWN_MARK : '', 'unknown'),
    ],
  ];
  if (w.since)
    lines.push([span('            '), span(formatSince(w.since, opts.nowMs, opts.timeZone), 'dim')]);
  for (const fact of w.facts)
    lines.push([span('            '), span(humanizeTimes(fact, opts.nowMs, opts.timeZone))]);
  const refused = w.refusedCommands ?? [];
  if (w.commands.length > 0 || refused.length > 0) {
    lines.push([span('    '), span('What helps:', 'bold')]);
    // In the rule's order (a drill's steps run in sequence); each says whether it changes the VM.
    for (const c of w.commands) lines.push(...commandLines(c));
    for (const c of refused) lines.push(...refusedLines(c));
  }
  return lines;
}
