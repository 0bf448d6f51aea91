import { describe, expect, it } from 'vitest';
import type { AppState } from '../../../preload/ipc-contract.js';
import type { RunbookCommand } from '../../../common/model/warning.js';
import { rollUpHealth } from '../../../main/tray/tray-health.js';
import { buildTrayMenu, type TrayMenuItem } from '../../../main/tray/tray-menu.js';
import { makeSnapshot } from '../../fixtures/snapshot-factory.js';
import { appState, bheem, FIXED_NOW, mutedUntil, vijay } from './fixtures.js';
import { withCommandKind } from '../../../common/runbook/command-kinds.js';

const now = FIXED_NOW; // 12:00 UTC

function menuFor(state: AppState, commands: Record<string, RunbookCommand[]> = {}): TrayMenuItem[] {
  return buildTrayMenu({ state, health: rollUpHealth(state, now), commands, timeZone: 'UTC' });
}

function find(menu: TrayMenuItem[], id: string): TrayMenuItem {
  for (const item of menu) {
    if (item.id === id) return item;
    const inner = item.submenu && findOrNull(item.submenu, id);
    if (inner) return inner;
  }
  throw new Error(`no menu item ${id}`);
}
function findOrNull(menu: TrayMenuItem[], id: string): TrayMenuItem | null {
  try {
    return find(menu, id);
  } catch {
    return null;
  }
}

describe('tray menu', () => {
  const commands = {
    vijay: [
      withCommandKind({
        id: 'dashboard-tunnel',
        label: 'Tunnel',
        command: 'ssh -N -L 9119:127.0.0.1:9119 ops@100.87.53.10',
        where: 'on your laptop',
      }),
      withCommandKind({
        id: 'gateway-restart',
        label: 'Restart',
        command: 'systemctl restart hermes-root-gateway.service',
        where: 'on the VM',
      }),
    ],
  };

  it('has one line per instance with its state and data age, then the fixed entries in order', () => {
    const state = appState({
      instances: [
        vijay({ generatedAt: '2026-06-01T11:55:00.000Z' }),
        bheem({ state: 'unreachable', reason: { code: 'TAILSCALE_DOWN', message: 'x' } }),
      ],
    });
    const menu = menuFor(state, commands);
    expect(menu.filter((i) => i.type !== 'separator').map((i) => i.label)).toEqual([
      'Vijay — OK · data 5 min old',
      expect.stringMatching(/^Bheem \(uma\) — Unknown: unreachable \(TAILSCALE_DOWN\) · data /),
      'Open Mission Control',
      'Refresh now',
      'Copy tunnel command',
      'Copy restart command',
      'Open dashboard',
      'Pause notifications',
      'Quit',
    ]);
    expect(find(menu, 'quit').action).toEqual({ kind: 'quit' });
    expect(find(menu, 'refresh').action).toEqual({ kind: 'refresh' });
  });

  it('copies the exact runbook command per instance and disables instances that have none', () => {
    const menu = menuFor(appState(), commands);
    expect(find(menu, 'copy-tunnel:vijay').action).toEqual({
      kind: 'copy-text',
      text: commands.vijay[0]!.command,
    });
    expect(find(menu, 'copy-restart:vijay').action).toEqual({
      kind: 'copy-text',
      text: commands.vijay[1]!.command,
    });
    expect(find(menu, 'copy-restart:bheem')).toMatchObject({
      enabled: false,
      label: 'Bheem (uma) (not available)',
    });
  });

  it('offers Open dashboard only where a dashboard is listening on an SSH host', () => {
    const silent = makeSnapshot('bheem', { dashboard: { bindings: [] } });
    const state = appState({ instances: [vijay(), bheem({ snapshot: silent })] });
    const menu = menuFor(state);
    expect(find(menu, 'open-dashboard:vijay')).toMatchObject({
      enabled: true,
      label: 'Vijay (:9119)',
      action: { kind: 'open-dashboard', instanceId: 'vijay' },
    });
    expect(find(menu, 'open-dashboard:bheem')).toMatchObject({
      enabled: false,
      label: 'Bheem (uma) (dashboard not listening)',
    });
    const demo = menuFor(appState({ demo: true, instances: [vijay({ source: 'demo' })] }));
    expect(find(demo, 'open-dashboard').enabled).toBe(false);
  });

  it('pauses notifications for 1 h, 4 h or until tomorrow, and offers Resume only while paused', () => {
    const menu = menuFor(appState());
    const pause = find(menu, 'pause');
    expect(pause.submenu?.map((i) => [i.label, i.action])).toEqual([
      ['For 1 hour', { kind: 'mute-notifications', duration: '1h' }],
      ['For 4 hours', { kind: 'mute-notifications', duration: '4h' }],
      ['Until tomorrow', { kind: 'mute-notifications', duration: 'tomorrow' }],
      ['Resume notifications', { kind: 'mute-notifications', duration: 'off' }],
    ]);
    expect(find(menu, 'pause:off').enabled).toBe(false);
    const pausedMenu = menuFor(appState({ notifications: mutedUntil('2026-06-01T16:00:00.000Z') }));
    expect(find(pausedMenu, 'pause').label).toBe('Notifications paused until 16:00');
    expect(find(pausedMenu, 'pause:off').enabled).toBe(true);
  });
});
