/**
 * Removing a host from Settings, pure. Instances are declared inside their host's entry in the config
 * (`hosts[i].instances`), so an instance cannot outlive its host: removing the host removes them, and the
 * confirmation names each one. Refusing instead would leave no way to drop a decommissioned VM short of
 * editing the file by hand.
 */
import type { HostSettings } from '../../../../preload/ipc-contract.js';

export interface HostRemoval {
  host: HostSettings;
  /** The hosts left, in their order. */
  remaining: HostSettings[];
  /** Labels (with ids) of the instances that stop being watched with it. */
  instances: string[];
  /** No host left: the app goes back to the labelled demo fleet. */
  leavesNoHosts: boolean;
}

export function planHostRemoval(hosts: readonly HostSettings[], name: string): HostRemoval | null {
  const host = hosts.find((h) => h.name === name);
  if (!host) return null;
  const remaining = hosts.filter((h) => h !== host);
  return {
    host,
    remaining,
    instances: host.instances.map((i) => (i.label === i.id ? i.id : `${i.label} (${i.id})`)),
    leavesNoHosts: remaining.length === 0,
  };
}

/** What the confirmation says will happen, one sentence each. */
export function removalConsequences(plan: HostRemoval): string[] {
  const n = plan.instances.length;
  const out = [
    `Mission Control stops watching ${n === 1 ? 'its instance' : `its ${n} instances`}: ${plan.instances.join(', ')}. Instances belong to the host they run on, so they are removed with it.`,
  ];
  if (plan.leavesNoHosts)
    out.push('It is your only host, so the app goes back to the demo fleet until you add one.');
  out.push('Nothing on the VM changes, and the history already kept on this laptop is not deleted.');
  return out;
}
