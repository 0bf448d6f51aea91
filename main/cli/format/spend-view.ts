/**
 * `hermes-mc spend` as lines: per instance, today's spend against its 7-day average and its cap, a table
 * of the eight UTC days split by source, today's models, and the spend warnings. Every amount that
 * includes usage Hermes could not price reads "≥ $x" (a lower bound), never as exact.
 */
import type { UsageInfo } from '../../../common/contract/snapshot-usage.js';
import type { InstanceStatus } from '../../../common/model/instance-status.js';
import { instanceVerdict } from '../../../common/model/verdict.js';
import type { Warning } from '../../../common/model/warning.js';
import { assessSpend, daySpend, type SpendAssessment } from '../../../common/spend/spend-guard.js';
import { formatSpend, formatTokens, formatUsd } from '../../../common/spend/spend-money.js';
import { bucketTokens } from '../../../common/spend/usage-bucket.js';
import { fitTable, type Cell, type Column } from './table.js';
import { span, type Line } from './term-doc.js';
import { instanceHeading } from './warning-lines.js';

const DAY_COLUMNS: Column[] = [
  { key: 'day', header: 'DAY (UTC)', priority: 0 },
  { key: 'cost', header: 'COST', priority: 0 },
  { key: 'cron', header: 'CRON', priority: 1 },
  { key: 'interactive', header: 'INTERACTIVE', priority: 1 },
  { key: 'other', header: 'OTHER', priority: 2 },
  { key: 'tokens', header: 'TOKENS', priority: 1 },
  { key: 'unpriced', header: 'UNPRICED TOKENS', priority: 3 },
];

const MODEL_COLUMNS: Column[] = [
  { key: 'model', header: 'MODEL', priority: 0, flex: true, minWidth: 12, maxWidth: 60 },
  { key: 'task', header: 'TASK', priority: 2 },
  { key: 'cost', header: 'COST', priority: 0 },
  { key: 'tokens', header: 'TOKENS', priority: 1 },
];

function summaryLine(a: SpendAssessment, usage: UsageInfo): Line {
  const parts = [span('  Today '), span(usage.today, 'bold'), span(': '), span(formatSpend(a.today), 'bold')];
  if (a.baselineUsd !== null) {
    parts.push(span(` · 7-day average ${a.baselineLowerBound ? '≥ ' : ''}${formatUsd(a.baselineUsd)} a day`));
    if (a.ratio !== null) parts.push(span(` (${a.ratio.toFixed(1)}×)`));
  }
  if (a.capUsd !== null)
    parts.push(
      span(` · cap ${formatUsd(a.capUsd)} (${Math.floor(a.capPct!)} %)`, a.capStep ? 'attention' : undefined),
    );
  else parts.push(span(' · no daily cap', 'dim'));
  return parts;
}

function dayRows(usage: UsageInfo): Cell[][] {
  return usage.days.map((d) => {
    const all = daySpend(d);
    return [
      { text: d.date },
      { text: formatSpend(all), tone: d.date === usage.today ? 'bold' : undefined },
      { text: formatSpend(d.bySource.cron) },
      { text: formatSpend(d.bySource.interactive) },
      { text: formatSpend(d.bySource.other) },
      { text: formatTokens(bucketTokens(all)) },
      {
        text: all.unpricedTokens > 0 ? formatTokens(all.unpricedTokens) : '–',
        tone: all.unpricedTokens > 0 ? 'attention' : undefined,
      },
    ];
  });
}

function modelRows(usage: UsageInfo): Cell[][] {
  const today = usage.days.find((d) => d.date === usage.today);
  return (today?.byModel ?? []).map((m) => [
    { text: m.model ?? '(no model)' },
    { text: m.task ?? '' },
    {
      text: m.unpricedTokens > 0 && m.costUsd === 0 ? 'unpriced' : formatSpend(m),
      tone: m.unpricedTokens > 0 ? 'attention' : undefined,
    },
    { text: formatTokens(bucketTokens(m)) },
  ]);
}

function indent(lines: Line[]): Line[] {
  return lines.map((l) => [span('  '), ...l]);
}

export function spendLines(
  instances: InstanceStatus[],
  warnings: Warning[],
  capFor: (instanceId: string) => number | null,
  columns: number,
): Line[] {
  const lines: Line[] = [];
  instances.forEach((i, n) => {
    if (n > 0) lines.push([]);
    lines.push(instanceHeading(i, instanceVerdict(i, warnings)));
    const usage = i.snapshot?.usage;
    if (!usage) {
      const why =
        usage === null
          ? `the exporter could not read it (${i.snapshot?.probes.find((p) => p.name === 'usage')?.error ?? 'usage probe failed'})`
          : i.snapshot
            ? 'this exporter does not report spend yet (update it)'
            : 'no data from this instance yet';
      lines.push([span('  Spend unknown: ', 'unknown'), span(why)]);
      return;
    }
    const a = assessSpend(usage, capFor(i.id));
    lines.push(summaryLine(a, usage));
    lines.push([]);
    const days = fitTable(DAY_COLUMNS, dayRows(usage), columns - 2);
    lines.push(...indent(days.lines));
    const models = modelRows(usage);
    if (models.length > 0) {
      lines.push([]);
      lines.push([span('  Today by model', 'bold')]);
      lines.push(...indent(fitTable(MODEL_COLUMNS, models, columns - 2).lines));
    }
    if (usage.unpricedModels.length > 0)
      lines.push([
        span('  No price in Hermes for: ', 'attention'),
        span(usage.unpricedModels.join(', ')),
        span(' — amounts marked ≥ are lower bounds', 'dim'),
      ]);
    const mine = warnings.filter((w) => w.instanceId === i.id && w.check.startsWith('spend.'));
    for (const w of mine)
      lines.push([
        span('  '),
        span(w.severity.toUpperCase(), w.severity === 'critical' ? 'critical' : 'attention'),
        span('  '),
        span(w.title),
      ]);
  });
  return lines;
}
