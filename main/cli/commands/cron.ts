/**
 * `hermes-mc cron [--json] [--job <id>] [fleet options]`: the cron ledger of every instance — per job the
 * last runs of the 7-day window as a strip (✓ ok, ✕ failed, ✉ delivery failed, ? never confirmed,
 * ○ missed, … running, ! overrun), the counts, why a job will not fire, and whether its failures reach
 * anyone; times in the instance's own time zone. Same exit code as `status`: the fleet's worst verdict.
 *
 * The fleet is injected (`loadFleet`, as for `warnings`), so this module only formats.
 */
import type { CronJobSignal, Snapshot } from '../../../common/contract/snapshot.js';
import type { InstanceStatus } from '../../../common/model/instance-status.js';
import { instanceVerdict } from '../../../common/model/verdict.js';
import { formatClock } from '../../../common/text/human-time.js';
import { FLEET_OPTIONS_HELP } from '../cli-args.js';
import type { CliCommand, CliIo } from '../command.js';
import { runFleetReport } from './fleet-report.js';
import { EXIT_STATUS_HELP } from '../exit-codes.js';
import { span, type Line, type Tone } from '../format/term-doc.js';
import { instanceHeading } from '../format/warning-lines.js';
import type { LoadFleet } from './warnings.js';

const USAGE = `Usage: hermes-mc cron [options]

Shows every cron job's runs over the last 7 days, expected against actual, oldest first:
  ✓ ok   ✕ failed   ✉ ran, delivery failed   ? "delivered", never confirmed
  ○ missed (no run at all)   … running   ! running 10x its usual time   ⌁ interrupted
with the counts, why a job will not fire, and whether its failures reach anyone. Times are in the
instance's own time zone (Hermes's timezone setting), else this computer's.

Options:
  --json                      Print {"generatedAt", "instances":[{id, label, timezone, since, jobs}]}
  --job <id>                  Only this job id
${FLEET_OPTIONS_HELP}

${EXIT_STATUS_HELP}`;

const GLYPH: Record<string, [string, Tone]> = {
  ok: ['✓', 'ok'],
  failed: ['✕', 'critical'],
  'delivery-failed': ['✉', 'attention'],
  undelivered: ['?', 'attention'],
  missed: ['○', 'critical'],
  running: ['…', 'dim'],
  overrun: ['!', 'critical'],
  unknown: ['⌁', 'critical'],
};

/** Two lines, each under 80 columns. */
const LEGEND = [
  'oldest first: ✓ ok  ✕ failed  ✉ delivery failed  ? never confirmed',
  '              ○ missed  … running  ! overrun  ⌁ interrupted',
];

const WILL_NOT_FIRE: Record<string, string> = {
  paused: 'paused',
  disabled: 'disabled',
  'no-ticker': 'no ticker running (gateway down or ticker stalled)',
  'schedule-in-past': 'its one-shot time has passed',
  'no-next-run': 'Hermes has no next run for it',
};

function zoneOf(s: Snapshot): string | undefined {
  const tz = s.config.timezone;
  if (!tz) return undefined;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return tz;
  } catch {
    return undefined;
  }
}

function jobLines(s: Snapshot, j: CronJobSignal, nowMs: number, tz: string | undefined): Line[] {
  const name = s.cron.jobs?.find((c) => c.id === j.id)?.name ?? j.id;
  const lines: Line[] = [[span('  '), span(name, 'bold'), span(`  (${j.id})`, 'dim')]];
  const strip: Line = [span('    '), ...j.runs.map((r) => span(GLYPH[r.outcome]![0], GLYPH[r.outcome]![1]))];
  lines.push(j.runs.length ? strip : [span('    no runs in the last 7 days', 'dim')]);
  const last = j.runs[j.runs.length - 1];
  const counts = `${j.expected7d ?? '?'} expected · ${j.missed7d} missed · ${j.failed7d} failed`;
  lines.push([
    span(`    ${counts}`),
    ...(j.consecutiveFailures > 1 ? [span(` · ${j.consecutiveFailures} failures in a row`, 'critical')] : []),
    ...(j.missedBeforeLatest > 0
      ? [span(` · recovered after ${j.missedBeforeLatest} missed`, 'attention')]
      : []),
    ...(last ? [span(` · latest ${formatClock(last.at, nowMs, tz)} ${last.outcome}`, 'dim')] : []),
  ]);
  if (j.willNotFire)
    lines.push([span(`    will not fire: ${WILL_NOT_FIRE[j.willNotFire] ?? j.willNotFire}`, 'attention')]);
  if (j.failuresGoNowhere) lines.push([span('    failures are delivered nowhere (local only)', 'attention')]);
  return lines;
}

export function cronText(
  instances: InstanceStatus[],
  nowMs: number,
  jobId: string | null,
  verdicts: Map<string, Line>,
): Line[] {
  const lines: Line[] = [];
  instances.forEach((i, n) => {
    if (n > 0) lines.push([]);
    lines.push(verdicts.get(i.id) ?? [span(i.label, 'bold')]);
    const s = i.snapshot;
    if (!s) {
      lines.push([span('  no data', 'unknown')]);
      return;
    }
    const tz = zoneOf(s);
    const jobs = s.signals?.cronJobs;
    if (jobs === undefined)
      lines.push([span('  no run ledger: the exporter on this VM is older than it', 'dim')]);
    else if (jobs === null)
      lines.push([span('  run ledger unknown: jobs.json could not be read', 'unknown')]);
    else {
      const shown = jobs.filter((j) => jobId === null || j.id === jobId);
      if (shown.length === 0) lines.push([span('  no cron jobs', 'dim')]);
      lines.push([span(`  times in ${tz ?? 'this computer\u2019s time zone'}`, 'dim')]);
      for (const j of shown) lines.push(...jobLines(s, j, nowMs, tz));
    }
  });
  lines.push([]);
  for (const l of LEGEND) lines.push([span(l, 'dim')]);
  return lines;
}

export function cronReport(instances: InstanceStatus[], now: Date, jobId: string | null) {
  return {
    generatedAt: now.toISOString(),
    instances: instances.map((i) => ({
      id: i.id,
      label: i.label,
      timezone: i.snapshot?.config.timezone ?? null,
      since: i.snapshot?.signals?.cronLedgerSince ?? null,
      jobs: i.snapshot?.signals?.cronJobs?.filter((j) => jobId === null || j.id === jobId) ?? null,
    })),
  };
}

interface CronValues {
  json?: boolean;
  job?: string;
  config?: string;
  demo?: boolean;
  'snapshot-root'?: string;
  'accept-host-key'?: string;
}

export function createCronCommand(deps: { loadFleet: LoadFleet; now?: () => Date }): CliCommand {
  return {
    name: 'cron',
    summary: 'Show each cron job\u2019s runs over 7 days: expected against actual, missed runs included',
    usage: USAGE,
    async run(args: string[], io: CliIo): Promise<number> {
      return runFleetReport<CronValues>(
        'cron',
        args,
        io,
        { usage: USAGE, loadFleet: deps.loadFleet, now: deps.now, options: { job: { type: 'string' } } },
        ({ values, fleet, warnings, now, out }) => {
          const jobId = values.job ?? null;
          if (values.json) out.json(cronReport(fleet.instances, now, jobId));
          else {
            const headings = new Map(
              fleet.instances.map((i) => [i.id, instanceHeading(i, instanceVerdict(i, warnings))]),
            );
            out.lines(cronText(fleet.instances, now.getTime(), jobId, headings));
          }
        },
      );
    },
  };
}
