/**
 * `hermes-mc spend [--json] [fleet options]`: tokens and cost per UTC day for every instance (today and the
 * 7 days before, as Hermes's dashboard counts them), split by cron / interactive / other and by model, with
 * today's spend against its 7-day average and the instance's daily cap. Same exit code as `status`.
 */
import type { InstanceStatus } from '../../../common/model/instance-status.js';
import type { Warning } from '../../../common/model/warning.js';
import { assessSpend } from '../../../common/spend/spend-guard.js';
import { isLowerBound } from '../../../common/spend/spend-money.js';
import { FLEET_OPTIONS_HELP } from '../cli-args.js';
import type { CliCommand, CliIo } from '../command.js';
import { runFleetReport } from './fleet-report.js';
import { EXIT_STATUS_HELP } from '../exit-codes.js';
import { spendLines } from '../format/spend-view.js';
import { warningToJson } from '../format/warnings-json.js';
import type { LoadFleet } from './warnings.js';

const USAGE = `Usage: hermes-mc spend [options]

Shows tokens and cost per day for every instance: today and the 7 days before it, in UTC days as
Hermes's own dashboard counts them, split by cron / interactive / other and by model, and today's
spend against the 7-day average and the instance's daily cap (Settings). Where Hermes has no price
for a model its tokens are counted and every total that includes them is marked "≥" (a lower bound).

Options:
  --json                      Print {"generatedAt", "instances":[{id, label, state, usage, guard, warnings}]}
${FLEET_OPTIONS_HELP}

${EXIT_STATUS_HELP}`;

interface SpendValues {
  json?: boolean;
  config?: string;
  demo?: boolean;
  'snapshot-root'?: string;
  'accept-host-key'?: string;
}

/** `hermes-mc spend --json` output: the snapshot's usage as is, plus the guard's reading of it. */
export function spendReport(
  instances: InstanceStatus[],
  warnings: Warning[],
  capFor: (id: string) => number | null,
  now: Date,
) {
  return {
    generatedAt: now.toISOString(),
    instances: instances.map((i) => {
      const usage = i.snapshot?.usage ?? null;
      const a = usage ? assessSpend(usage, capFor(i.id)) : null;
      return {
        id: i.id,
        label: i.label,
        state: i.state,
        usage,
        guard: a && {
          todayUsd: a.today.costUsd,
          todayIsLowerBound: isLowerBound(a.today),
          todayUnpricedTokens: a.today.unpricedTokens,
          baselineUsd: a.baselineUsd,
          ratio: a.ratio === null ? null : Math.round(a.ratio * 100) / 100,
          capUsd: a.capUsd,
          capPct: a.capPct === null ? null : Math.round(a.capPct * 10) / 10,
          capStep: a.capStep,
        },
        warnings: warnings
          .filter((w) => w.instanceId === i.id && w.check.startsWith('spend.'))
          .map(warningToJson),
      };
    }),
  };
}

export function createSpendCommand(deps: { loadFleet: LoadFleet; now?: () => Date }): CliCommand {
  return {
    name: 'spend',
    summary:
      'Tokens and cost per day per instance, by source and model, against the 7-day average and the cap',
    usage: USAGE,
    async run(args: string[], io: CliIo): Promise<number> {
      return runFleetReport<SpendValues>(
        'spend',
        args,
        io,
        { usage: USAGE, loadFleet: deps.loadFleet, now: deps.now },
        ({ values, fleet, warnings, now, out }) => {
          const capFor = (id: string) => fleet.thresholds.spendDailyCapUsd[id] ?? null;
          if (values.json) out.json(spendReport(fleet.instances, warnings, capFor, now));
          else out.lines(spendLines(fleet.instances, warnings, capFor, out.columns));
        },
      );
    },
  };
}
