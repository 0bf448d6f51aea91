import { describe, expect, it } from 'vitest';
import { hostSettingsSchema, settingsSchema, type HostSettings } from '../../../../preload/ipc-contract.js';
import { appConfigSchema } from '../../../../main/core/config/app-config.js';
import {
  planHostRemoval,
  removalConsequences,
} from '../../../../renderer/src/features/settings/host-removal.js';

const host = (name: string, instances: [string, string][]): HostSettings =>
  hostSettingsSchema.parse({
    name,
    host: `${name}.tail`,
    user: 'monitor',
    instances: instances.map(([id, label]) => ({ id, label })),
  });

const vm = host('hermes-vm', [
  ['vijay', 'Vijay (root)'],
  ['bheem', 'Bheem (uma)'],
]);
const spare = host('spare-vm', [['spare', 'spare']]);

describe('removing a host in Settings', () => {
  it('keeps the other hosts in order and names the instances that go with the removed one', () => {
    const plan = planHostRemoval([vm, spare], 'hermes-vm')!;
    expect(plan.remaining).toEqual([spare]);
    expect(plan.instances).toEqual(['Vijay (root) (vijay)', 'Bheem (uma) (bheem)']);
    expect(plan.leavesNoHosts).toBe(false);
    const text = removalConsequences(plan).join(' ');
    expect(text).toContain('stops watching its 2 instances: Vijay (root) (vijay), Bheem (uma) (bheem)');
    expect(text).not.toContain('demo fleet');
    expect(text).toContain('Nothing on the VM changes');
  });

  it('says the app goes back to the demo fleet when the last host is removed', () => {
    const plan = planHostRemoval([spare], 'spare-vm')!;
    expect(plan.remaining).toEqual([]);
    expect(plan.leavesNoHosts).toBe(true);
    expect(plan.instances).toEqual(['spare']);
    expect(removalConsequences(plan).join(' ')).toMatch(
      /its instance: spare\. .*only host, so the app goes back to the demo fleet/,
    );
  });

  it('leaves settings the config schema accepts, with no instance left pointing at the removed host', () => {
    const plan = planHostRemoval([vm, spare], 'spare-vm')!;
    const next = settingsSchema.parse({ hosts: plan.remaining });
    expect(appConfigSchema.safeParse(next).success).toBe(true);
    expect(next.hosts.flatMap((h) => h.instances.map((i) => i.id))).toEqual(['vijay', 'bheem']);
  });

  it('plans nothing for a host that is not there', () => {
    expect(planHostRemoval([vm], 'gone')).toBeNull();
  });
});
