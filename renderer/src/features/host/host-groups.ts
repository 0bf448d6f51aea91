/**
 * The Host pane shows each VM once: instances on the same configured host are one machine, whose disks,
 * memory and containers are read by whichever instance's exporter runs the host probes (usually the root
 * one). Pure.
 */
import type { Snapshot } from '../../../../common/contract/snapshot.js';
import type { InstanceStatus } from '../../../../common/model/instance-status.js';

export interface HostGroup {
  hostName: string;
  /** Every instance on this VM, in configured order. */
  instances: InstanceStatus[];
  /** The instance whose snapshot carries the host probes, or null when none does. */
  source: InstanceStatus | null;
  host: NonNullable<Snapshot['host']> | null;
}

/**
 * One group per VM that any of `scoped` lives on (a single-instance tab still shows its whole VM, read by
 * the other instance when that one runs the probes).
 */
export function hostGroups(all: readonly InstanceStatus[], scoped: readonly InstanceStatus[]): HostGroup[] {
  const names = [...new Set(scoped.map((i) => i.hostName))];
  return names.map((hostName) => {
    const instances = all.filter((i) => i.hostName === hostName);
    const source = instances.find((i) => i.snapshot?.host) ?? null;
    return { hostName, instances, source, host: source?.snapshot?.host ?? null };
  });
}
