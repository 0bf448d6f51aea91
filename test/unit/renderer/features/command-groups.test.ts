import { describe, expect, it } from 'vitest';
import { withCommandKind } from '../../../../common/runbook/command-kinds.js';
import { commandSections, matchesFilter } from '../../../../renderer/src/features/commands/command-groups.js';

const cmd = (id: string, label: string, command: string) =>
  withCommandKind({ id, label, command, where: 'on the VM' });

const commands = [
  cmd('ssh-login', 'Log in', 'ssh root@vm'),
  cmd('gateway-status', 'Gateway status', 'systemctl status hermes-gateway --no-pager'),
  cmd('gateway-restart', 'Restart the gateway', 'systemctl restart hermes-gateway'),
  cmd('backup-now', 'Back up now', 'systemctl start hermes-backup.service'),
  cmd('restore-drill-clone', 'Clone the backup', 'git clone /srv/backup /tmp/drill'),
  cmd('dashboard-tunnel', 'Open the dashboard tunnel', 'ssh -L 9119:127.0.0.1:9119 root@vm'),
  cmd('hermes-cron-list', 'List cron jobs', 'hermes cron list'),
];

describe('Commands pane sections', () => {
  it('groups commands in the runbook order: Gateway, Cron, Backups, Restore drill, Dashboard tunnel, Host', () => {
    expect(commandSections(commands, [], '').map((s) => [s.title, s.commands.map((c) => c.id)])).toEqual([
      ['Gateway', ['gateway-status', 'gateway-restart']],
      ['Cron', ['hermes-cron-list']],
      ['Backups', ['backup-now']],
      ['Restore drill', ['restore-drill-clone']],
      ['Dashboard tunnel', ['dashboard-tunnel']],
      ['Host', ['ssh-login']],
    ]);
  });

  it('puts the commands the current warnings list first, once, in the warnings’ order', () => {
    const sections = commandSections(commands, ['gateway-restart', 'gateway-status', 'gateway-restart'], '');
    expect(sections[0]).toMatchObject({ key: 'warnings', title: 'For the current warnings' });
    expect(sections[0]!.commands.map((c) => c.id)).toEqual(['gateway-restart', 'gateway-status']);
    expect(sections.find((s) => s.key === 'gateway')).toBeUndefined();
  });

  it('filters by words from the label, the command, the group or "changes the VM", leaving out empty groups', () => {
    expect(commandSections(commands, [], 'restart').flatMap((s) => s.commands.map((c) => c.id))).toEqual([
      'gateway-restart',
    ]);
    expect(commandSections(commands, [], 'dashboard tunnel').map((s) => s.title)).toEqual([
      'Dashboard tunnel',
    ]);
    expect(
      commandSections(commands, [], 'changes the vm').flatMap((s) => s.commands.map((c) => c.id)),
    ).toEqual(['gateway-restart', 'backup-now', 'restore-drill-clone']);
    expect(commandSections(commands, ['gateway-restart'], 'cron').map((s) => s.key)).toEqual(['cron']);
    expect(commandSections(commands, [], 'nothing-like-this')).toEqual([]);
    expect(matchesFilter(commands[1]!, 'NO-PAGER')).toBe(true);
  });
});
