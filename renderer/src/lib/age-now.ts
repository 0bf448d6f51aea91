/**
 * An age the snapshot reports ("heartbeat 12 s old at generatedAt") as it is now: plus how old the snapshot
 * is, so it keeps counting from the last real data instead of freezing when no new data comes (issue 11
 * §2: the heartbeat age stood still while the link was down). Pure.
 */
import { instanceDataAgeSeconds } from '../../../common/model/data-age.js';
import type { InstanceStatus } from '../../../common/model/instance-status.js';

export function ageNow(
  ageAtSnapshotSeconds: number | null,
  instance: Pick<InstanceStatus, 'generatedAt' | 'fetchedAt' | 'clockSkewSeconds'>,
  nowMs: number,
): number | null {
  if (ageAtSnapshotSeconds === null) return null;
  return ageAtSnapshotSeconds + Math.max(0, instanceDataAgeSeconds(instance, nowMs) ?? 0);
}
