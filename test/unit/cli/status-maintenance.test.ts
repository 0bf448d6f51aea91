// `hermes-mc status --json` carries each instance's maintenance window (`maintenanceUntil`), and
// `--watch` reads the windows again for every screen, in poll order.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyMaintenance, startMaintenance } from '../../../common/model/maintenance.js';
import type { InstanceStatus } from '../../../common/model/instance-status.js';
import { statusCommand } from '../../../main/cli/commands/status.js';
import { createStatusRefresher, type MaintenanceNow } from '../../../main/cli/commands/status-refresh.js';
import { createMaintenanceStore } from '../../../main/core/maintenance/maintenance-store.js';

let home: string | null = null;
afterEach(async () => {
  if (home) await rm(home, { recursive: true, force: true });
  home = null;
});

describe('hermes-mc status and maintenance', () => {
  it('--json gives maintenanceUntil for the instance in maintenance, null for the others', async () => {
    home = await mkdtemp(join(tmpdir(), 'hmc-status-maint-'));
    const dataHome = join(home, 'data');
    const store = createMaintenanceStore(join(dataHome, 'hermes-mission-control', 'demo'));
    const state = startMaintenance(emptyMaintenance(), 'bheem', 30, new Date(), 'cli');
    await store.save(state);
    let out = '';
    const io = {
      stdout: { write: (t: string) => (out += t) },
      stderr: { write: () => undefined },
      stdin: process.stdin,
      env: { HOME: home, XDG_DATA_HOME: dataHome, XDG_CONFIG_HOME: join(home, 'config') },
      interrupted: new Promise<void>(() => undefined),
    };
    await statusCommand.run(['--demo', '--json'], io);
    const json = JSON.parse(out) as { instances: { id: string; maintenanceUntil: string | null }[] };
    expect(json.instances.map((i) => [i.id, i.maintenanceUntil])).toEqual([
      ['vijay', null],
      ['bheem', state.windows['bheem']!.until],
    ]);
  });

  it('--watch reads the windows again for each screen and draws the screens in poll order', async () => {
    const reads: MaintenanceNow[] = [{}, { bheem: '2026-06-01T14:30:00.000Z' }, {}];
    const drawn: [string, MaintenanceNow][] = [];
    let release: () => void = () => undefined;
    const slowFirst = new Promise<void>((r) => (release = r));
    let call = 0;
    const refresher = createStatusRefresher({
      readMaintenance: async () => {
        const n = call++;
        if (n === 0) await slowFirst; // the first read is slow: the second screen must still come second
        if (n === 2) throw new Error('file vanished mid-write');
        return reads[n]!;
      },
      draw: (instances, m) => drawn.push([instances[0]!.id, m]),
    });
    const poll = (id: string) => [{ id } as InstanceStatus];
    refresher.refresh(poll('first'));
    refresher.refresh(poll('second'));
    refresher.refresh(poll('third'));
    release();
    await refresher.settled();
    expect(drawn).toEqual([
      ['first', {}],
      ['second', { bheem: '2026-06-01T14:30:00.000Z' }],
      // An unreadable file keeps the windows last known, and the screen still comes.
      ['third', { bheem: '2026-06-01T14:30:00.000Z' }],
    ]);
  });
});
