/**
 * The instance as the rules see it, from the VM itself: the snapshot the exporter wrote next door, its age
 * measured on this clock (the same clock wrote it), and "unreachable" only in the sense that the file could
 * not be read or parsed, which on the VM means the exporter is not doing its job.
 */
import type { Snapshot } from '../../../common/contract/snapshot.js';
import type { InstanceStatus, StatusReason } from '../../../common/model/instance-status.js';
import type { ExporterConfig } from '../config.js';

export type SnapshotRead = { ok: true; snapshot: Snapshot } | { ok: false; reason: StatusReason };

export function vmInstanceStatus(config: ExporterConfig, read: SnapshotRead, now: Date): InstanceStatus {
  const base = {
    id: config.instance.id,
    label: config.instance.label,
    hostName: config.host ?? 'this VM',
    source: 'local' as const,
    snapshotIsLastGood: false,
    fetchedAt: now.toISOString(),
    checkedAt: now.toISOString(),
    clockSkewSeconds: null,
    nextRetryAt: null,
  };
  if (!read.ok) {
    return {
      ...base,
      state: 'unreachable',
      reason: read.reason,
      snapshot: null,
      generatedAt: null,
      dataAgeSeconds: null,
    };
  }
  const generatedAt = read.snapshot.generatedAt;
  return {
    ...base,
    state: 'live',
    reason: null,
    snapshot: read.snapshot,
    generatedAt,
    dataAgeSeconds: Math.max(0, (now.getTime() - Date.parse(generatedAt)) / 1000),
  };
}
