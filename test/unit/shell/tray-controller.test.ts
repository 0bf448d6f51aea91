import { describe, expect, it, vi } from 'vitest';
import {
  TrayController,
  type MenuTemplateItem,
  type TrayActions,
} from '../../../main/tray/tray-controller.js';
import { buildTrayModel } from '../../../main/tray/tray-model.js';
import type { SnoozeDuration } from '../../../preload/ipc-contract.js';
import { appState, FIXED_NOW, warning } from './fixtures.js';
import { withCommandKind } from '../../../common/runbook/command-kinds.js';

function fakeTray() {
  const calls: string[] = [];
  let menu: MenuTemplateItem[] = [];
  return {
    calls,
    menu: () => menu,
    tray: {
      setImage: (image: string) => calls.push(`image:${image}`),
      setToolTip: (text: string) => calls.push(`tooltip:${text}`),
      setContextMenu: (m: MenuTemplateItem[]) => {
        menu = m;
        calls.push('menu');
      },
    },
  };
}

function actions() {
  return {
    openWindow: vi.fn<() => unknown>(),
    focusInstance: vi.fn<(instanceId: string) => unknown>(),
    refresh: vi.fn<() => unknown>(),
    copyText: vi.fn<(text: string) => unknown>(),
    openDashboard: vi.fn<(instanceId: string) => unknown>(),
    muteNotifications: vi.fn<(duration: SnoozeDuration | 'off') => unknown>(),
    quit: vi.fn<() => unknown>(),
  } satisfies TrayActions;
}

function click(menu: MenuTemplateItem[], id: string): void {
  const stack = [...menu];
  while (stack.length) {
    const item = stack.shift()!;
    if (item.id === id) {
      if (!item.click) throw new Error(`${id} has no click`);
      item.click();
      return;
    }
    stack.push(...(item.submenu ?? []));
  }
  throw new Error(`no item ${id}`);
}

const model = (state = appState()) => buildTrayModel({ state, now: FIXED_NOW, timeZone: 'UTC' });
const commands = {
  vijay: [
    withCommandKind({
      id: 'dashboard-tunnel',
      label: 't',
      command: 'ssh -N -L 9119:127.0.0.1:9119 vm',
      where: 'laptop',
    }),
  ],
};

describe('TrayController', () => {
  it('applies the first model fully and then only what changed', () => {
    const fake = fakeTray();
    const controller = new TrayController({
      tray: fake.tray,
      loadIcon: (i) => `png:${i}`,
      buildMenu: (t) => t,
      actions: actions(),
    });
    expect(controller.update(model())).toEqual(['icon', 'tooltip', 'menu']);
    expect(fake.calls).toEqual(['image:png:healthy', 'tooltip:Vijay OK · Bheem OK · as of 12:00', 'menu']);

    fake.calls.length = 0;
    expect(controller.update(model())).toEqual([]);
    expect(fake.calls).toEqual([]);

    // A warning changes icon, tooltip and the instance line; nothing is re-applied twice.
    const warned = appState({ warnings: [warning('bheem', 'cron.failing')] });
    expect(controller.update(model(warned))).toEqual(['icon', 'tooltip', 'menu']);
    expect(fake.calls[0]).toBe('image:png:warning');
  });

  it('routes menu clicks to the injected actions with their arguments', () => {
    const fake = fakeTray();
    const acts = actions();
    const controller = new TrayController({
      tray: fake.tray,
      loadIcon: (i) => i,
      buildMenu: (t) => t,
      actions: acts,
    });
    controller.update(buildTrayModel({ state: appState(), now: FIXED_NOW, commands }));
    click(fake.menu(), 'open-window');
    click(fake.menu(), 'refresh');
    click(fake.menu(), 'copy-tunnel:vijay');
    click(fake.menu(), 'open-dashboard:bheem');
    click(fake.menu(), 'pause:4h');
    click(fake.menu(), 'instance:vijay');
    click(fake.menu(), 'quit');
    expect(acts.openWindow).toHaveBeenCalledTimes(1);
    expect(acts.refresh).toHaveBeenCalledTimes(1);
    expect(acts.copyText).toHaveBeenCalledWith('ssh -N -L 9119:127.0.0.1:9119 vm');
    expect(acts.openDashboard).toHaveBeenCalledWith('bheem');
    expect(acts.muteNotifications).toHaveBeenCalledWith('4h');
    expect(acts.focusInstance).toHaveBeenCalledWith('vijay');
    expect(acts.quit).toHaveBeenCalledTimes(1);
  });

  it('reports a failing action instead of crashing the tray', async () => {
    const fake = fakeTray();
    const acts = actions();
    acts.openDashboard.mockRejectedValue(Object.assign(new Error('refused'), { code: 'TUNNEL_FORBIDDEN' }));
    acts.refresh.mockImplementation(() => {
      throw new Error('boom');
    });
    const errors: string[] = [];
    const controller = new TrayController({
      tray: fake.tray,
      loadIcon: (i) => i,
      buildMenu: (t) => t,
      actions: acts,
      onError: (e, action) => errors.push(`${action.kind}:${(e as Error).message}`),
    });
    controller.update(model());
    click(fake.menu(), 'refresh');
    click(fake.menu(), 'open-dashboard:vijay');
    await new Promise((r) => setImmediate(r));
    expect(errors).toEqual(['refresh:boom', 'open-dashboard:refused']);
  });

  it('reloads the icon for a theme change without touching the menu', () => {
    const fake = fakeTray();
    let theme = 'light';
    const controller = new TrayController({
      tray: fake.tray,
      loadIcon: (i) => `${i}-${theme}`,
      buildMenu: (t) => t,
      actions: actions(),
    });
    controller.update(model());
    fake.calls.length = 0;
    theme = 'dark';
    controller.reloadIcon();
    expect(fake.calls).toEqual(['image:healthy-dark']);
  });
});
