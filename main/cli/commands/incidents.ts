/**
 * `hermes-mc incidents [--since 7d] [--instance ID] [--kind K]… [--json]`: the incident timeline the
 * desktop app (or `hermes-mc web`) recorded in this machine's data folder — warnings that began and
 * ended, data state changes, gateway downs and restarts, missed cron runs, backup gaps — newest first,
 * with durations. It reads the log; it polls nothing and changes nothing.
 * Exit 0 with the timeline (empty or not, whatever the fleet's verdict: a timeline is not a health report,
 * exit-codes.ts); 64 for bad arguments; 69 when there is no log here at all (nothing has recorded on this
 * machine, which is not the same as "nothing happened").
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { INCIDENT_KINDS, type IncidentKind } from '../../../common/incidents/incident-types.js';
import { parseSpan } from '../../../common/incidents/timeline.js';
import { formatClock, formatDuration } from '../../../common/text/human-time.js';
import { dataDir, resolveConfigFile } from '../../core/config/config-paths.js';
import { loadConfig } from '../../core/config/load-config.js';
import { DEMO_INSTANCES } from '../../core/demo/demo-fleet.js';
import { demoIncidentEvents } from '../../core/demo/demo-incidents.js';
import { readIncidentEvents } from '../../core/history/incident-log.js';
import { incidentTimeline } from '../../core/history/incident-query.js';
import { parseCommandArgs, usageError } from '../cli-args.js';
import type { CliCommand, CliIo } from '../command.js';
import { EXIT, EXIT_STATUS_HELP } from '../exit-codes.js';
import { incidentLines } from '../format/incident-lines.js';
import { span } from '../format/term-doc.js';
import { termOut } from '../format/term-output.js';

const USAGE = `Usage: hermes-mc incidents [options]

The incident timeline Mission Control recorded on this machine, newest first:
when each warning began and ended, data state changes (live, stale,
unreachable), gateway downs and restarts (with their class when known), missed
cron runs and backup gaps, with how long each lasted. Read from the VM's
history too, so the hours the laptop slept are in it. Nothing is polled and
nothing is changed.

Options:
  --since SPAN       How far back: 90m, 24h, 7d, 2w (default 7d; at most 120d)
  --instance ID      Only this instance (e.g. bheem)
  --kind KIND        Only this kind; repeat for several: warning, data,
                     gateway, restart, cron, backup, maintenance
  --json             Print {"generatedAt", "sinceSeconds", "incidents":[…]}
  --demo             The demo fleet's timeline
  --data-dir DIR     The app data folder to read (default: this computer's)
  -h, --help         Show this help

This command: 0 when the timeline was printed (it may be empty; whatever the
fleet's verdict now, as this is a record, not a health check: use status for
that); 64 for a bad --since or --kind; 69 when there is no incident log here
(neither the app nor \`hermes-mc web\` has run with this data folder).

${EXIT_STATUS_HELP}`;

interface IncidentsValues {
  since?: string;
  instance?: string;
  kind?: string[];
  json?: boolean;
  demo?: boolean;
  'data-dir'?: string;
}

/** Instance labels from the config file, best effort: the timeline reads fine with ids. */
async function configuredLabels(io: CliIo): Promise<Record<string, string> | undefined> {
  try {
    const loaded = await loadConfig(resolveConfigFile(null, { env: io.env as NodeJS.ProcessEnv }));
    if (!loaded.ok || !loaded.config) return undefined;
    return Object.fromEntries(loaded.config.hosts.flatMap((h) => h.instances.map((i) => [i.id, i.label])));
  } catch {
    return undefined;
  }
}

export function createIncidentsCommand(deps: { now?: () => Date; timeZone?: string } = {}): CliCommand {
  return {
    name: 'incidents',
    summary: 'Show the incident timeline (warnings, outages, restarts, missed runs) with durations',
    usage: USAGE,
    async run(args: string[], io: CliIo): Promise<number> {
      const parsed = parseCommandArgs<IncidentsValues>(
        'incidents',
        args,
        {
          since: { type: 'string' },
          instance: { type: 'string' },
          kind: { type: 'string', multiple: true },
          json: { type: 'boolean' },
          demo: { type: 'boolean' },
          'data-dir': { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
        USAGE,
        io,
      );
      if (!parsed.ok) return parsed.code;
      const v = parsed.values;
      const sinceSeconds = parseSpan(v.since ?? '7d');
      if (sinceSeconds === null || sinceSeconds < 60 || sinceSeconds > 120 * 86400)
        return usageError(
          'incidents',
          `--since ${v.since}: give a span such as 90m, 24h, 7d (up to 120d)`,
          io,
        ).code;
      const kinds = v.kind ?? [];
      const bad = kinds.find((k) => !(INCIDENT_KINDS as readonly string[]).includes(k));
      if (bad !== undefined)
        return usageError('incidents', `--kind ${bad}: one of ${INCIDENT_KINDS.join(', ')}`, io).code;
      if (v.instance !== undefined && !/^[a-z0-9][a-z0-9_-]{0,63}$/.test(v.instance))
        return usageError('incidents', `--instance ${v.instance}: not an instance id`, io).code;

      const root = v['data-dir'] ? resolve(v['data-dir']) : dataDir({ env: io.env as NodeJS.ProcessEnv });
      const dir = join(root, v.demo ? 'demo' : 'fleet', 'incidents');
      const now = deps.now?.() ?? new Date();
      if (!v.demo && !existsSync(join(dir, 'events.jsonl'))) {
        termOut(io.stderr, io.env).lines([
          [span(`hermes-mc incidents: no incident log in ${dir}.`)],
          [
            span(
              'Incidents are recorded while the desktop app or `hermes-mc web` runs with this data folder.',
            ),
          ],
        ]);
        return EXIT.unavailable;
      }
      const recorded = await readIncidentEvents(dir);
      const events = v.demo ? [...demoIncidentEvents(now.getTime()), ...recorded] : recorded;
      const timeline = incidentTimeline(
        events,
        { sinceSeconds, instanceId: v.instance ?? null, kinds: kinds as IncidentKind[] },
        now,
      );
      const out = termOut(io.stdout, io.env);
      if (v.json) {
        out.json(timeline);
        return EXIT.ok;
      }
      const since = new Date(now.getTime() - sinceSeconds * 1000).toISOString();
      const filters = [v.instance && `instance ${v.instance}`, kinds.length && `kind ${kinds.join(', ')}`]
        .filter(Boolean)
        .join('; ');
      out.line(
        span(`Incidents since ${formatClock(since, now.getTime(), deps.timeZone)}`, 'bold'),
        span(` (${formatDuration(sinceSeconds)})${filters ? ` · ${filters}` : ''}`, 'dim'),
      );
      if (timeline.incidents.length === 0) {
        out.line(span('  none recorded in this window', 'dim'));
        return EXIT.ok;
      }
      const labels = v.demo
        ? Object.fromEntries(DEMO_INSTANCES.map((i) => [i.id, i.label]))
        : await configuredLabels(io);
      out.lines(
        incidentLines(timeline.incidents, {
          nowMs: now.getTime(),
          columns: out.columns,
          timeZone: deps.timeZone,
          labels,
        }),
      );
      return EXIT.ok;
    },
  };
}
