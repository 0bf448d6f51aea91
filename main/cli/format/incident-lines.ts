/**
 * The incident timeline as terminal lines (`hermes-mc incidents`): per instance, newest first, one line
 * per incident — when it began, how long it lasted (or "ongoing"), severity, title clipped to the width —
 * and its facts dimmed beneath. Everything here may come from the VM: term-doc makes it inert.
 */
import type { Incident } from '../../../common/incidents/incident-types.js';
import { formatClock, formatDuration, humanizeTimes } from '../../../common/text/human-time.js';
import { inertText } from '../../../common/text/inert-text.js';
import { clip, span, type Line, type Tone } from './term-doc.js';

const SEVERITY: Record<Incident['severity'], { tag: string; tone: Tone }> = {
  critical: { tag: 'CRITICAL', tone: 'critical' },
  warning: { tag: 'WARNING ', tone: 'attention' },
  info: { tag: 'info    ', tone: 'dim' },
};

/** "4 min", "ongoing, 3 h 5 min", "event". */
export function incidentDuration(i: Incident): string {
  if (i.ongoing) return `ongoing ${formatDuration(i.durationSeconds)}`;
  if (i.startedAt === i.endedAt) return 'event';
  return formatDuration(i.durationSeconds);
}

export interface IncidentLineOptions {
  nowMs: number;
  columns: number;
  timeZone?: string;
  /** Instance id → label for the headings. */
  labels?: Record<string, string>;
}

export function incidentLines(incidents: readonly Incident[], opts: IncidentLineOptions): Line[] {
  const lines: Line[] = [];
  const when = (i: Incident) => formatClock(i.startedAt, opts.nowMs, opts.timeZone);
  // Columns as wide as their widest cell, so the title gets the rest of the line.
  const whenWidth = Math.max(...incidents.map((i) => when(i).length));
  const durWidth = Math.max(...incidents.map((i) => incidentDuration(i).length));
  const titleAt = 2 + whenWidth + 2 + durWidth + 2 + 8 + 2;
  const ids = [...new Set(incidents.map((i) => i.instanceId))];
  ids.forEach((id, n) => {
    if (n > 0) lines.push([]);
    const mine = incidents.filter((i) => i.instanceId === id);
    lines.push([
      span(opts.labels?.[id] ?? id, 'bold', 80),
      span(` — ${mine.length} incident${mine.length === 1 ? '' : 's'}`, 'dim'),
    ]);
    for (const i of mine) {
      const sev = SEVERITY[i.severity];
      // The restart class is kept whole; the title is what gets clipped.
      const cls = i.restartClass ? ` [${inertText(i.restartClass)}]` : '';
      const room = Math.max(20, opts.columns - titleAt - cls.length);
      lines.push([
        span('  '),
        span(when(i).padEnd(whenWidth)),
        span('  '),
        span(incidentDuration(i).padEnd(durWidth), i.ongoing ? sev.tone : 'dim'),
        span('  '),
        span(sev.tag, sev.tone),
        span('  '),
        span(clip(inertText(i.title), room)),
        span(cls, 'bold'),
      ]);
      for (const d of i.details.slice(0, 3))
        lines.push([
          span(' '.repeat(titleAt)),
          span(
            clip(
              inertText(humanizeTimes(d, opts.nowMs, opts.timeZone)),
              Math.max(20, opts.columns - titleAt),
            ),
            'dim',
          ),
        ]);
    }
  });
  return lines;
}
