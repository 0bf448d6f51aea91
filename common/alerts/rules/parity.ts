/**
 * Parity between instances (roadmap Phase 4): the two agents should be equals. A safeguard one has and
 * the other lacks is a warning on the one that lacks it; version drift is shown on both.
 * Only live instances are compared; while a peer is not live, parity checks are unknown.
 */
import type { Snapshot } from '../../contract/snapshot.js';
import type { InstanceStatus } from '../../model/instance-status.js';
import { unitWithRole } from '../../runbook/runbook-commands.js';
import { result, type Finding, type RuleResult } from '../rule-types.js';

interface Safeguard {
  key: string;
  name: string;
  /** A short description of what the instance has, or null when it lacks it. */
  has(s: Snapshot): string | null;
  commands: string[];
}

const SAFEGUARDS: Safeguard[] = [
  {
    key: 'backup-timer',
    name: 'a backup timer',
    has: (s) => unitWithRole(s, 'backup-timer')?.name ?? null,
    commands: ['backup-timer-status'],
  },
  {
    key: 'watchdog',
    name: 'a health watchdog',
    has: (s) => {
      const job = (s.cron.jobs ?? []).find((j) => j.role === 'watchdog' && j.enabled !== false);
      if (job) return `cron job "${job.name ?? job.id}"`;
      return unitWithRole(s, 'watchdog')?.name ?? null;
    },
    commands: ['hermes-cron-list'],
  },
  {
    key: 'restore-drill',
    name: 'a recorded restore drill',
    has: (s) => (s.recovery.restoreDrillAt ? `drill on ${s.recovery.restoreDrillAt.slice(0, 10)}` : null),
    commands: ['restore-drill-clone'],
  },
];

/** Per instance id, the parity findings (and unknowns) for that instance. */
export function evaluateParity(
  instances: InstanceStatus[],
  isLive: (i: InstanceStatus) => boolean = (i) => i.state === 'live',
): Map<string, RuleResult> {
  const out = new Map<string, RuleResult>();
  const live = instances.filter(
    (i): i is InstanceStatus & { snapshot: Snapshot } => isLive(i) && i.snapshot !== null,
  );
  const someNotLive = live.length < instances.length;
  for (const i of live) out.set(i.id, result([], someNotLive ? ['parity'] : []));
  if (live.length < 2) return out;

  const add = (id: string, f: Finding): void => {
    out.get(id)?.findings.push(f);
  };
  for (const g of SAFEGUARDS) {
    const havers = live.map((i) => ({ i, what: g.has(i.snapshot) })).filter((x) => x.what !== null);
    if (havers.length === 0) continue;
    for (const i of live) {
      if (g.has(i.snapshot) !== null) continue;
      add(i.id, {
        check: `parity.${g.key}`,
        severity: 'warning',
        title: `${i.label} lacks ${g.name} that ${havers.map((h) => h.i.label).join(', ')} has`,
        facts: havers.map((h) => `${h.i.label}: ${h.what}`),
        commands: g.commands,
      });
    }
  }

  const versions = live.map((i) => ({ i, v: i.snapshot.hermes.version })).filter((x) => x.v !== null);
  if (new Set(versions.map((x) => x.v)).size > 1) {
    for (const { i } of versions) {
      add(i.id, {
        check: 'parity.hermes-version',
        severity: 'info',
        title: 'Hermes versions differ between instances',
        facts: versions.map((x) => `${x.i.label}: ${x.v}`),
        commands: ['hermes-status'],
      });
    }
  }
  const configs = live
    .map((i) => ({ i, v: i.snapshot.config.configVersion }))
    .filter((x): x is { i: (typeof live)[number]; v: number } => x.v !== null);
  const newest = Math.max(...configs.map((x) => x.v));
  for (const { i, v } of configs) {
    if (v >= newest) continue;
    add(i.id, {
      check: 'parity.config-version',
      severity: 'warning',
      title: `Config version ${v} is behind the other instance (${newest}): migration not run`,
      facts: configs.map((x) => `${x.i.label}: config version ${x.v}`),
      commands: ['hermes-doctor', 'hermes-config-check'],
    });
  }
  return out;
}
