/**
 * What a rule sees and what it returns. Rules are pure functions of one live snapshot (plus settings and
 * the clock); evaluate-rules.ts turns their findings into Warnings with ids, commands and `since`.
 */
import type { Snapshot } from '../contract/snapshot.js';
import type { Thresholds } from '../model/rule-settings.js';
import type { InstanceStatus } from '../model/instance-status.js';
import type { Severity } from '../model/warning.js';

export interface RuleContext {
  status: InstanceStatus;
  snapshot: Snapshot;
  thresholds: Thresholds;
  /** Laptop clock. */
  now: Date;
  /** The VM's "now" for comparing VM timestamps: generatedAt (ages in the snapshot are measured there too). */
  vmNow: number;
}

export interface Finding {
  /** Check key, e.g. `gateway.hung`; the warning id is `<instanceId>:<check>`. */
  check: string;
  severity: Severity;
  title: string;
  facts: string[];
  /** ISO, when the snapshot tells since when the condition holds. */
  since?: string | null;
  /** Runbook command ids that help, in order. */
  commands: string[];
}

export interface RuleResult {
  findings: Finding[];
  /**
   * Checks (exact keys or prefixes: `cron.job-failing` covers `cron.job-failing.<id>`) this rule could not
   * evaluate because the data is null. A previous warning for them is carried forward as `unknown`
   * instead of silently clearing.
   */
  unknown: string[];
}

export type Rule = (ctx: RuleContext) => RuleResult;

export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

/** Short human duration: 45 s, 12 min, 3.5 h, 4 d. */
export function humanDuration(seconds: number): string {
  const s = Math.max(0, seconds);
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 90 * 60) return `${Math.round(s / 60)} min`;
  if (s < 48 * 3600) return `${Math.round((s / 3600) * 10) / 10} h`;
  return `${Math.round((s / 86400) * 10) / 10} d`;
}

/** `since` = a VM time `ageSeconds` before the snapshot was generated. */
export function isoBefore(vmNow: number, ageSeconds: number | null): string | null {
  if (ageSeconds === null || !Number.isFinite(ageSeconds)) return null;
  return new Date(vmNow - ageSeconds * 1000).toISOString();
}

export function result(findings: Finding[] = [], unknown: string[] = []): RuleResult {
  return { findings, unknown };
}
