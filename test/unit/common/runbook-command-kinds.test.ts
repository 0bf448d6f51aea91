import { describe, expect, it } from 'vitest';
import { buildRunbookCommands } from '../../../common/runbook/runbook-commands.js';
import { makeSnapshot, makeStatus, VM_HOST } from '../../fixtures/snapshot-factory.js';

describe('runbook command kinds', () => {
  const commands = buildRunbookCommands(makeStatus(makeSnapshot('vijay')), VM_HOST, {
    dashboardPorts: [9119, 9120],
  });
  const kind = (id: string) => commands.find((c) => c.id === id);

  it('marks every command that restarts, starts a job, or creates or deletes a folder as changing the VM', () => {
    const changing = commands.filter((c) => c.changesVm).map((c) => c.id);
    expect(changing.sort()).toEqual(
      [
        'backup-now',
        'dashboard-restart',
        'emergency-upload-now',
        'gateway-restart',
        'restore-drill-cleanup',
        'restore-drill-clone',
      ].sort(),
    );
    expect(kind('gateway-status')?.changesVm).toBe(false);
    expect(kind('hermes-cron-list')?.changesVm).toBe(false);
  });

  it('puts each command in the group an operator looks for it under', () => {
    expect(kind('gateway-restart')?.group).toBe('gateway');
    expect(kind('hermes-cron-list')?.group).toBe('cron');
    expect(kind('backup-now')?.group).toBe('backups');
    expect(kind('restore-drill-secret-scan')?.group).toBe('restore-drill');
    expect(kind('dashboard-tunnel')?.group).toBe('dashboard');
    expect(kind('disk-usage')?.group).toBe('host');
    expect(new Set(commands.map((c) => c.group))).toEqual(
      new Set(['gateway', 'cron', 'backups', 'restore-drill', 'dashboard', 'host']),
    );
  });
});
