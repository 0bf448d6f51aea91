import { describe, expect, it } from 'vitest';
import { filterItems, paletteItems } from '../../../../renderer/src/features/commands/palette-items.js';
import { withCommandKind } from '../../../../common/runbook/command-kinds.js';

describe('command palette search', () => {
  const items = paletteItems(
    [
      { id: 'vijay', label: 'Vijay' },
      { id: 'bheem', label: 'Bheem' },
    ],
    {
      vijay: {
        status: 'ready',
        value: [
          withCommandKind({
            id: 'gateway-restart',
            label: 'Restart the gateway',
            command: 'systemctl restart hermes-gateway.service',
            where: 'on the VM',
          }),
        ],
      },
      bheem: {
        status: 'ready',
        value: [
          withCommandKind({
            id: 'gateway-restart',
            label: 'Restart the gateway',
            command: 'systemctl --user restart uma-hermes-gateway.service',
            where: 'on the VM',
          }),
        ],
      },
    },
  );

  it('finds a command by instance and words from its label or command text', () => {
    const hits = filterItems(items, 'bheem restart');
    expect(hits.map((h) => h.key)).toEqual(['cmd:bheem:gateway-restart']);
    expect(filterItems(items, 'uma-hermes').map((h) => h.key)).toEqual(['cmd:bheem:gateway-restart']);
  });

  it('also lists the panes to jump to, and shows everything for an empty query', () => {
    expect(filterItems(items, 'trends').map((h) => h.title)).toEqual(['Go to Trends']);
    expect(filterItems(items, '  ')).toHaveLength(items.length);
  });

  it('carries whether a command changes the VM, and finds those by "changes the vm"', () => {
    const withCheck = paletteItems([{ id: 'vijay', label: 'Vijay' }], {
      vijay: {
        status: 'ready',
        value: [
          withCommandKind({
            id: 'gateway-restart',
            label: 'Restart the gateway',
            command: 'systemctl restart hermes-gateway.service',
            where: 'on the VM',
          }),
          withCommandKind({
            id: 'gateway-status',
            label: 'Gateway status',
            command: 'systemctl status hermes-gateway.service',
            where: 'on the VM',
          }),
        ],
      },
    });
    const commands = withCheck.flatMap((i) => (i.kind === 'command' ? [[i.key, i.changesVm]] : []));
    expect(commands).toEqual([
      ['cmd:vijay:gateway-restart', true],
      ['cmd:vijay:gateway-status', false],
    ]);
    expect(filterItems(withCheck, 'changes the vm').map((h) => h.key)).toEqual(['cmd:vijay:gateway-restart']);
  });
});
