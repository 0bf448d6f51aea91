/**
 * The unattended-spend guard (issue 16 §2): today's spend against the trailing 7-day average and against
 * the instance's optional daily cap, plus an overnight cron burn. A burn that happens while nobody watches
 * (the overnight window, local time like quiet hours) is critical, so it notifies at once and breaks
 * through quiet hours (notification-policy: criticals skip the hold). Spend that Hermes could not price is
 * never hidden: every amount that includes it reads "≥ $x".
 */
import type { UsageInfo } from '../../contract/snapshot-usage.js';
import { inQuietHours } from '../../notify/local-time.js';
import { assessSpend, CAP_STEPS, type CapStep, type SpendAssessment } from '../../spend/spend-guard.js';
import { formatSpend, formatTokens, formatUsd, isLowerBound } from '../../spend/spend-money.js';
import { result, type Finding, type Rule, type RuleContext } from '../rule-types.js';
import type { Severity } from '../../model/warning.js';

const CAP_SEVERITY: Record<CapStep, Severity> = { 50: 'info', 75: 'warning', 90: 'warning', 100: 'critical' };
const COMMANDS = ['hermes-cron-list', 'hermes-status'];

function sourceFacts(a: SpendAssessment, usage: UsageInfo): string[] {
  const { cron, interactive, other } = a.todayBySource;
  const facts = [
    `Today (${usage.today}, UTC day as Hermes's dashboard counts it): ${formatSpend(a.today)} — cron ${formatSpend(cron)}, interactive ${formatSpend(interactive)}, other ${formatSpend(other)}`,
  ];
  if (a.baselineUsd !== null)
    facts.push(`7-day average: ${a.baselineLowerBound ? '≥ ' : ''}${formatUsd(a.baselineUsd)} a day`);
  if (isLowerBound(a.today)) {
    const models = usage.unpricedModels.length > 0 ? ` (${usage.unpricedModels.slice(0, 3).join(', ')})` : '';
    facts.push(
      `${formatTokens(a.today.unpricedTokens)} tokens have no price in Hermes${models}: the total is a lower bound`,
    );
  }
  const top = usage.days.find((d) => d.date === usage.today)?.byModel[0];
  if (top && top.costUsd > 0)
    facts.push(
      `Biggest model today: ${top.model ?? '(no model)'}${top.task ? ` (${top.task})` : ''} ${formatSpend(top)}`,
    );
  return facts;
}

function overnight(ctx: RuleContext): boolean {
  return inQuietHours(ctx.thresholds.spendOvernight, ctx.now);
}

export const spendRule: Rule = (ctx) => {
  const usage = ctx.snapshot.usage;
  // An older exporter (no key) or a failed probe (null): a spend warning from before cannot be confirmed.
  if (usage === undefined || usage === null) return result([], ['spend']);
  const capUsd = ctx.thresholds.spendDailyCapUsd[ctx.status.id] ?? null;
  const a = assessSpend(usage, capUsd);
  const facts = sourceFacts(a, usage);
  const night = overnight(ctx);
  const cronMostly = a.todayBySource.cron.costUsd > a.today.costUsd / 2;
  const findings: Finding[] = [];

  const t = ctx.thresholds;
  const floor = Math.max(t.spendBaselineMultiple * (a.baselineUsd ?? 0), t.spendBaselineMinUsd);
  if (a.baselineUsd !== null && a.today.costUsd > 0 && a.today.costUsd >= floor) {
    const times =
      a.ratio === null ? 'with nothing spent the 7 days before' : `${a.ratio.toFixed(1)}× the 7-day average`;
    findings.push({
      check: 'spend.baseline',
      severity: night && cronMostly ? 'critical' : 'warning',
      title: `Spend today ${formatSpend(a.today)} is ${times}${night && cronMostly ? ', mostly cron, overnight' : ''}`,
      facts,
      commands: COMMANDS,
    });
  }

  if (a.capStep !== null && a.capUsd !== null) {
    const pct = Math.floor(a.capPct!);
    const cap = formatUsd(a.capUsd);
    // One warning id per step, so each crossing notifies once. Steps already passed stay listed but fall to
    // info (falling is silent): were they dropped, the policy would announce them as "recovered".
    for (const step of CAP_STEPS.filter((x) => x <= a.capStep!)) {
      const current = step === a.capStep;
      findings.push({
        check: `spend.cap.${step}`,
        severity: current ? CAP_SEVERITY[step] : 'info',
        title: !current
          ? `Spend today passed ${step} % of the ${cap} daily cap`
          : step === 100
            ? `Spend today ${formatSpend(a.today)} has reached the ${cap} daily cap (${pct} %)`
            : `Spend today ${formatSpend(a.today)} is ${pct} % of the ${cap} daily cap`,
        facts: [...facts, 'Hermes does not stop at this cap: pause cron jobs on the VM to stop the spend'],
        commands: COMMANDS,
      });
    }
  }

  const burn = usage.lastHour.cron;
  if (night && burn.costUsd > 0 && burn.costUsd >= t.spendOvernightCronUsdPerHour) {
    findings.push({
      check: 'spend.overnight-cron',
      severity: 'critical',
      title: `Cron spent ${formatSpend(burn)} in the last hour, overnight (${burn.sessions} run${burn.sessions === 1 ? '' : 's'})`,
      facts: [
        `Overnight window ${t.spendOvernight.start}–${t.spendOvernight.end}; alert from ${formatUsd(t.spendOvernightCronUsdPerHour)} an hour`,
        ...facts,
      ],
      commands: COMMANDS,
    });
  }
  return result(findings);
};
