/**
 * What a person reads in Telegram: short, plain text, one item per event. Each names the instance, says
 * since when (or for how long it lasted), and carries the one or two runbook commands that help, to run on
 * the VM. Several items at once get the founder's numbered prefix (1., 2., …) so they can be told apart.
 * Every VM string is made inert (common/text/inert-text.ts); nothing secret is in a warning to begin with.
 */
import type { Severity, Warning } from '../../../common/model/warning.js';
import type { NotificationToShow, PolicyState } from '../../../common/notify/notification-policy.js';
import { formatDuration, formatSince } from '../../../common/text/human-time.js';
import { inertText } from '../../../common/text/inert-text.js';
import { DIRECT_CHECKS } from './alerts-engine.js';

/** At most this many commands per item: the ones that help first, as the rules order them. */
const COMMANDS_PER_ITEM = 2;
const SEVERITY_WORD: Record<Severity, string> = { critical: 'Critical', warning: 'Warning', info: 'Note' };
const GATEWAY_CHECKS = new Set(DIRECT_CHECKS);

type ItemKind = 'new' | 'escalated' | 'reminder' | 'recovered';
interface Item {
  kind: ItemKind;
  id: string;
}

export interface MessageContext {
  label: string;
  /** This evaluation's warnings, by id. */
  warnings: Map<string, Warning>;
  /** The lane's policy state before the decision (what recovered, what had been told). */
  before: PolicyState;
  now: Date;
  timeZone?: string;
}

/** A summary from the policy (a burst, a backlog after quiet hours) is told item by item, numbered. */
function items(notifications: NotificationToShow[], ctx: MessageContext): Item[] {
  const out: Item[] = [];
  for (const n of notifications) {
    if (n.kind !== 'summary') {
      if (n.warningId) out.push({ kind: n.kind, id: n.warningId });
      continue;
    }
    for (const id of n.warningIds) {
      const w = ctx.warnings.get(id);
      const told = ctx.before.tracked[id]?.notifiedSeverity ?? null;
      const rank = { info: 0, warning: 1, critical: 2 };
      const kind: ItemKind = !w
        ? 'recovered'
        : told === null
          ? 'new'
          : rank[w.severity] > rank[told]
            ? 'escalated'
            : 'reminder';
      out.push({ kind, id });
    }
  }
  return out;
}

function checkOf(id: string): string {
  return id.slice(id.indexOf(':') + 1);
}

/** Commands to run on the VM (the laptop's ssh/tunnel lines do not help someone reading this there). */
function vmCommands(w: Warning): string[] {
  return w.commands
    .filter((c) => !c.where.includes('laptop'))
    .slice(0, COMMANDS_PER_ITEM)
    .map((c) => inertText(c.command));
}

function itemLines(item: Item, ctx: MessageContext): string[] {
  const nowMs = ctx.now.getTime();
  const label = inertText(ctx.label);
  if (item.kind === 'recovered') {
    const t = ctx.before.tracked[item.id];
    const title = inertText(t?.title ?? checkOf(item.id));
    const lasted = t ? ` (after ${formatDuration((nowMs - Date.parse(t.firstSeenAt)) / 1000)})` : '';
    return GATEWAY_CHECKS.has(checkOf(item.id))
      ? [`${label}: back online${lasted}. Was: ${title}`]
      : [`${label}: recovered${lasted}: ${title}`];
  }
  const w = ctx.warnings.get(item.id);
  if (!w) return [];
  const lead = { new: '', escalated: `now ${w.severity}: `, reminder: 'still active: ' }[item.kind];
  return [
    `${label}: ${lead}${inertText(w.title)}`,
    `   ${SEVERITY_WORD[w.severity]}, ${formatSince(w.since, nowMs, ctx.timeZone)}`,
    ...vmCommands(w).map((c) => `   $ ${c}`),
  ];
}

/** The text to deliver now, or '' when there is nothing to tell. */
export function formatAlertMessages(notifications: NotificationToShow[], ctx: MessageContext): string {
  const list = items(notifications, ctx)
    .map((item) => itemLines(item, ctx))
    .filter((lines) => lines.length > 0);
  if (list.length === 0) return '';
  if (list.length === 1) return `${list[0]!.join('\n')}\n`;
  return `${list.map((lines, i) => [`${i + 1}. ${lines[0]}`, ...lines.slice(1)].join('\n')).join('\n')}\n`;
}
