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
});
