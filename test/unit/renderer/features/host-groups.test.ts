import { describe, expect, it } from 'vitest';
import type { InstanceStatus } from '../../../../common/model/instance-status.js';
import { hostGroups } from '../../../../renderer/src/features/host/host-groups.js';
import { makeSnapshot } from '../../../fixtures/snapshot-factory.js';

const vijaySnap = makeSnapshot('vijay');
const bheemSnap = { ...makeSnapshot('bheem'), host: null };
const inst = (id: string, hostName: string, snapshot: InstanceStatus['snapshot']) =>
  ({ id, label: id, hostName, snapshot, state: 'live' }) as unknown as InstanceStatus;

const vijay = inst('vijay', 'hermes-vm', vijaySnap);
const bheem = inst('bheem', 'hermes-vm', bheemSnap);
const other = inst('lab', 'lab-vm', null);

describe('the Host pane’s VMs', () => {
  it('shows two instances on one VM once, read by the instance that runs the host probes', () => {
    const [g, ...rest] = hostGroups([vijay, bheem], [vijay, bheem]);
    expect(rest).toEqual([]);
    expect(g!.hostName).toBe('hermes-vm');
    expect(g!.instances.map((i) => i.id)).toEqual(['vijay', 'bheem']);
    expect(g!.source?.id).toBe('vijay');
    expect(g!.host).toBe(vijaySnap.host);
  });

  it('on Bheem’s tab still shows the VM, with Vijay’s readings, not "host probes are off"', () => {
    const [g] = hostGroups([vijay, bheem], [bheem]);
    expect(g!.source?.id).toBe('vijay');
    expect(g!.host).not.toBeNull();
  });

  it('keeps separate VMs apart and says when none of a VM’s instances reads the host', () => {
    const groups = hostGroups([vijay, bheem, other], [vijay, bheem, other]);
    expect(groups.map((g) => [g.hostName, g.instances.length, g.source?.id ?? null])).toEqual([
      ['hermes-vm', 2, 'vijay'],
      ['lab-vm', 1, null],
    ]);
  });
});
