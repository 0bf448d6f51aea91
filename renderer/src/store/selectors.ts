/** Pure selectors and derivations over the store; kept apart so panes stay small and testable. */
import { instanceDataAgeSeconds } from '../../../common/model/data-age.js';
import type { InstanceStatus } from '../../../common/model/instance-status.js';
import type { Warning } from '../../../common/model/warning.js';
import type { NotificationStatus } from '../../../preload/ipc-contract.js';
import type { Store } from './store-types.js';

const NO_INSTANCES: InstanceStatus[] = [];
const NO_WARNINGS: Warning[] = [];

export const selectInstances = (s: Store): InstanceStatus[] => s.app?.instances ?? NO_INSTANCES;
export const selectWarnings = (s: Store): Warning[] => s.app?.warnings ?? NO_WARNINGS;

/** The instances the current tab shows; an unknown remembered scope falls back to all. */
export function selectScopedInstances(s: Store): InstanceStatus[] {
  const all = selectInstances(s);
  if (s.scope === 'all') return all;
  const one = all.filter((i) => i.id === s.scope);
  return one.length > 0 ? one : all;
}

/** Acknowledged or snoozed (until a time still in the future) warnings are hidden from the feed. */
export function isWarningHidden(w: Warning, n: NotificationStatus | undefined, now: number): boolean {
  if (!n) return false;
  if (n.acknowledged.includes(w.id)) return true;
  const until = n.snoozed[w.id];
  return until !== undefined && new Date(until).getTime() > now;
}

export function countBySeverity(
  ws: Warning[],
  instanceId: string,
): Record<'critical' | 'warning' | 'info', number> {
  const c = { critical: 0, warning: 0, info: 0 };
  for (const w of ws) if (w.instanceId === instanceId) c[w.severity] += 1;
  return c;
}

/** The oldest data on screen (by its VM-clock age at `now`) decides the top bar's honest "as of" line. */
export function oldestData(
  instances: InstanceStatus[],
  now: number,
): { generatedAt: string; ageSeconds: number } | null {
  let oldest: { generatedAt: string; ageSeconds: number } | null = null;
  for (const i of instances) {
    const ageSeconds = instanceDataAgeSeconds(i, now);
    if (!i.generatedAt || ageSeconds === null) continue;
    if (oldest === null || ageSeconds > oldest.ageSeconds)
      oldest = { generatedAt: i.generatedAt, ageSeconds };
  }
  return oldest;
}
