/**
 * The demo fleet's recent past, as incident events relative to `now`, so the Incidents pane and
 * `hermes-mc incidents --demo` have a week to show before the demo has run that long: Bheem's gateway
 * crashed overnight and came back, a cron run was missed while it was down, a backup gap; Vijay was
 * unreachable for 40 min yesterday (Tailscale down on the laptop) and had a planned restart. Merged with
 * what the demo actually observes; never written to disk.
 */
import type { IncidentEvent } from '../../../common/incidents/incident-types.js';

const H = 3_600_000;
const M = 60_000;

export function demoIncidentEvents(nowMs: number): IncidentEvent[] {
  // Anchored to the whole hour, so the demo does not shift under a person between two refreshes.
  const base = Math.floor(nowMs / H) * H;
  const t = (msAgo: number) => new Date(base - msAgo).toISOString();
  const bheem = { instanceId: 'bheem', source: 'exporter' as const };
  const vijay = { instanceId: 'vijay' };
  return [
    {
      ...bheem,
      t: t(9 * H),
      kind: 'gateway',
      key: 'gateway-down',
      phase: 'begin',
      severity: 'critical',
      title: 'Gateway down',
    },
    {
      ...bheem,
      t: t(9 * H - 4 * M),
      kind: 'gateway',
      key: 'gateway-down',
      phase: 'end',
      severity: 'critical',
      title: 'Gateway down',
    },
    {
      ...bheem,
      t: t(9 * H - 4 * M),
      kind: 'restart',
      key: 'gateway-restart',
      phase: 'point',
      severity: 'warning',
      title: 'Gateway restarted (was down)',
      restartClass: 'crash',
      details: ['exit code 1, faulthandler log present'],
    },
    {
      ...bheem,
      t: t(9 * H - 1 * M),
      kind: 'cron',
      key: 'cron-missed',
      phase: 'begin',
      severity: 'warning',
      title: 'Missed cron run (1 job overdue)',
    },
    {
      ...bheem,
      t: t(8 * H + 30 * M),
      kind: 'cron',
      key: 'cron-missed',
      phase: 'end',
      severity: 'warning',
      title: 'Missed cron run',
    },
    {
      ...bheem,
      t: t(30 * H),
      kind: 'backup',
      key: 'backup-gap',
      phase: 'begin',
      severity: 'warning',
      title: 'No backup for over 60 min',
    },
    {
      ...bheem,
      t: t(28 * H),
      kind: 'backup',
      key: 'backup-gap',
      phase: 'end',
      severity: 'warning',
      title: 'No backup for over 60 min',
      details: ['a backup was committed'],
    },
    {
      ...vijay,
      source: 'app',
      t: t(26 * H),
      kind: 'data',
      key: 'data-state',
      phase: 'begin',
      severity: 'critical',
      title: 'Unreachable (TAILSCALE_DOWN)',
      details: ['was live', 'Tailscale is not connected on this laptop.'],
    },
    {
      ...vijay,
      source: 'app',
      t: t(26 * H - 40 * M),
      kind: 'data',
      key: 'data-state',
      phase: 'end',
      severity: 'critical',
      title: 'Unreachable',
    },
    {
      ...vijay,
      source: 'exporter',
      t: t(3 * 24 * H),
      kind: 'restart',
      key: 'gateway-restart',
      phase: 'point',
      severity: 'info',
      title: 'Gateway restarted (hermes update)',
      restartClass: 'planned',
    },
  ];
}
