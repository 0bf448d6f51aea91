/**
 * Rules: (instance states and snapshots, thresholds, now, previous warnings) → warnings. Pure.
 *
 * Honesty rules:
 * - While an instance's data is stale, unreachable, incompatible or unknown, only the data checks run;
 *   every other warning it had is carried forward with `status: 'unknown'` (never green, never new).
 * - A live snapshot with a null field makes the checks that need it unknown the same way.
 * - `since` stays stable across polls: the snapshot's own timestamp when it has one, else the first time
 *   we saw the condition.
 */
import type { Thresholds } from '../model/rule-settings.js';
import type { InstanceStatus } from '../model/instance-status.js';
import type { RefusedCommand, RunbookCommand, Warning } from '../model/warning.js';
import { buildRunbook, type RunbookHost, type RunbookPlan } from '../runbook/runbook-commands.js';
import { SEVERITY_RANK, type Finding, type Rule, type RuleResult } from './rule-types.js';
import { backupRule } from './rules/backup.js';
import { cronRule } from './rules/cron.js';
import { effectiveState, evaluateDataChecks } from './rules/data.js';
import { exposureRule } from './rules/exposure.js';
import { gatewayRule } from './rules/gateway.js';
import { hostRule } from './rules/host.js';
import { evaluateParity } from './rules/parity.js';
import { SIGNAL_RULES } from './rules/signal-rules.js';
import { spendRule } from './rules/spend-guard.js';

export interface EvaluateRulesInput {
  instances: InstanceStatus[];
  thresholds: Thresholds;
  /** Laptop clock. */
  now: Date;
  /** The previous evaluation's output: carried forward as `unknown` when a check cannot run, keeps `since`. */
  previous?: Warning[];
  /** SSH settings per configured host (by `name` = InstanceStatus.hostName), used in copied commands. */
  hosts?: RunbookHost[];
}

const INSTANCE_RULES: Rule[] = [gatewayRule, cronRule, backupRule, exposureRule, spendRule, ...SIGNAL_RULES];

function matchesUnknown(check: string, unknown: string[]): boolean {
  return unknown.some((u) => check === u || check.startsWith(`${u}.`));
}

/** Host settings for an instance; without them, the configured host name works as an ssh alias. */
export function hostFor(status: InstanceStatus, hosts: RunbookHost[] | undefined): RunbookHost {
  return (
    hosts?.find((h) => h.name === status.hostName) ?? {
      name: status.hostName,
      host: status.hostName,
      user: '',
      port: 22,
    }
  );
}

/**
 * The runbook (commands to show and refused ones) for every instance, with each host's dashboard ports
 * shared (one `ss` filter for both).
 */
export function runbookByInstance(
  instances: InstanceStatus[],
  hosts?: RunbookHost[],
): Map<string, RunbookPlan> {
  const out = new Map<string, RunbookPlan>();
  for (const status of instances) {
    const dashboardPorts = instances
      .filter((i) => i.hostName === status.hostName)
      .map((i) => i.snapshot?.dashboard.port ?? null)
      .filter((p): p is number => p !== null);
    out.set(status.id, buildRunbook(status, hostFor(status, hosts), { dashboardPorts }));
  }
  return out;
}

/** Runbook commands to show for every instance (see runbookByInstance for the refused ones). */
export function commandsByInstance(
  instances: InstanceStatus[],
  hosts?: RunbookHost[],
): Map<string, RunbookCommand[]> {
  return new Map([...runbookByInstance(instances, hosts)].map(([id, plan]) => [id, plan.commands]));
}

/** Host data is per VM: only the first instance per host that reports it raises host warnings. */
function hostOwners(instances: InstanceStatus[]): Set<string> {
  const owners = new Map<string, string>();
  for (const i of instances) {
    if (i.snapshot?.host && !owners.has(i.hostName)) owners.set(i.hostName, i.id);
  }
  return new Set(owners.values());
}

function toWarning(
  status: InstanceStatus,
  f: Finding,
  plan: RunbookPlan,
  prev: Warning | undefined,
  fallbackSince: string | null,
): Warning {
  const byId = new Map(plan.commands.map((c) => [c.id, c]));
  const refusedById = new Map(plan.refused.map((c) => [c.id, c]));
  const refused = f.commands
    .map((id) => refusedById.get(id))
    .filter((c): c is RefusedCommand => c !== undefined);
  return {
    id: `${status.id}:${f.check}`,
    instanceId: status.id,
    check: f.check,
    severity: f.severity,
    title: f.title,
    facts: f.facts,
    since: f.since ?? prev?.since ?? fallbackSince,
    status: 'active',
    commands: f.commands.map((id) => byId.get(id)).filter((c): c is RunbookCommand => c !== undefined),
    ...(refused.length > 0 ? { refusedCommands: refused } : {}),
  };
}

function carriedUnknown(prev: Warning, why: string): Warning {
  const note = `Cannot check now: ${why}`;
  return {
    ...prev,
    status: 'unknown',
    facts: [note, ...prev.facts.filter((f) => !f.startsWith('Cannot check now:'))],
  };
}

/** Evaluates every rule for every instance. Output order: instance order, then most severe first. */
export function evaluateRules(input: EvaluateRulesInput): Warning[] {
  const { instances, thresholds, now } = input;
  const previous = input.previous ?? [];
  const prevById = new Map(previous.map((w) => [w.id, w]));
  const runbooks = runbookByInstance(instances, input.hosts);
  const owners = hostOwners(instances);
  const parity = evaluateParity(instances, (i) => effectiveState(i, thresholds) === 'live');
  const nowIso = now.toISOString();
  const out: Warning[] = [];

  instances.forEach((status) => {
    const cmds = runbooks.get(status.id) ?? { commands: [], refused: [] };
    const state = effectiveState(status, thresholds);
    const emitted = new Map<string, Warning>();
    const emit = (f: Finding, fallbackSince: string | null): void => {
      const id = `${status.id}:${f.check}`;
      if (!emitted.has(id)) emitted.set(id, toWarning(status, f, cmds, prevById.get(id), fallbackSince));
    };
    for (const f of evaluateDataChecks(status, thresholds)) emit(f, nowIso);

    const mine = previous.filter((w) => w.instanceId === status.id && !w.check.startsWith('data.'));
    if (state !== 'live' || !status.snapshot) {
      const why = state === 'unknown' ? 'no data yet' : `instance data is ${state}`;
      for (const w of mine) if (!emitted.has(w.id)) emitted.set(w.id, carriedUnknown(w, why));
    } else {
      const snapshot = status.snapshot;
      const vmNow = Date.parse(snapshot.generatedAt);
      const ctx = { status, snapshot, thresholds, now, vmNow };
      const results: RuleResult[] = INSTANCE_RULES.map((rule) => rule(ctx));
      if (owners.has(status.id)) results.push(hostRule(ctx));
      const p = parity.get(status.id);
      if (p) results.push(p);
      const unknown = results.flatMap((r) => r.unknown);
      for (const r of results) for (const f of r.findings) emit(f, status.generatedAt ?? nowIso);
      for (const w of mine) {
        if (!emitted.has(w.id) && matchesUnknown(w.check, unknown))
          emitted.set(w.id, carriedUnknown(w, 'the exporter could not read this value'));
      }
    }
    const list = [...emitted.values()].sort(
      (a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.check.localeCompare(b.check),
    );
    out.push(...list);
  });
  return out;
}
