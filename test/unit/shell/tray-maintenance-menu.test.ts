// The tray's "Maintenance for 30 min": one entry per instance that starts 30 min, or while it runs says
// until when and ends it; a click reaches the injected action with the instance and the minutes.
import { describe, expect, it, vi } from 'vitest';
import {
  TrayController,
  type MenuTemplateItem,
  type TrayActions,
} from '../../../main/tray/tray-controller.js';
import { buildTrayModel } from '../../../main/tray/tray-model.js';
import { appState, FIXED_NOW } from './fixtures.js';

const window = (instanceId: string, until: string) => ({
  instanceId,
  startedAt: new Date(FIXED_NOW).toISOString(),
  until,
  source: 'tray' as const,
});

function menuOf(state: ReturnType<typeof appState>) {
  let menu: MenuTemplateItem[] = [];
  const acts = {
    openWindow: vi.fn(),
    focusInstance: vi.fn(),
    refresh: vi.fn(),
    copyText: vi.fn(),
    openDashboard: vi.fn(),
    muteNotifications: vi.fn(),
    setMaintenance: vi.fn(),
    quit: vi.fn(),
  } satisfies TrayActions;
  const controller = new TrayController({
    tray: {
      setImage: () => undefined,
      setToolTip: () => undefined,
      setContextMenu: (m: MenuTemplateItem[]) => (menu = m),
    },
    loadIcon: (i) => i,
    buildMenu: (t) => t,
    actions: acts,
  });
  controller.update(buildTrayModel({ state, now: new Date(FIXED_NOW), timeZone: 'UTC' }));
  const item = menu.find((i) => i.id === 'maintenance')!;
  return { item, acts };
}

describe('tray: maintenance', () => {
  it('offers 30 min per instance and starts it from the tray', () => {
    const { item, acts } = menuOf(appState());
    expect(item.label).toBe('Maintenance for 30 min');
    expect(item.submenu!.map((i) => i.label)).toEqual(['Vijay', 'Bheem (uma)']);
    item.submenu!.find((i) => i.id === 'maintenance:bheem')!.click!();
    expect(acts.setMaintenance).toHaveBeenCalledWith('bheem', 30);
  });

  it('while Bheem is in maintenance: says until when and ends it on click', () => {
    const state = { ...appState(), maintenance: { bheem: window('bheem', '2026-06-01T12:30:00.000Z') } };
    const { item, acts } = menuOf(state);
    expect(item.label).toBe('Maintenance for 30 min (running)');
    const bheem = item.submenu!.find((i) => i.id === 'maintenance:bheem')!;
    expect(bheem.label).toBe('Bheem (uma) — until 12:30, end now');
    bheem.click!();
    expect(acts.setMaintenance).toHaveBeenCalledWith('bheem', null);
  });
});
