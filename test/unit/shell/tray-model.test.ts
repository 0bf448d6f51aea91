// The tray model puts the health rollup, tooltip and menu together; each part has its own tests
// (tray-health, tray-tooltip, tray-menu). These check that the parts agree on one state.
import { describe, expect, it } from 'vitest';
import { buildTrayModel } from '../../../main/tray/tray-model.js';
import { appState, bheem, FIXED_NOW, vijay, warning } from './fixtures.js';

const now = FIXED_NOW; // 12:00 UTC
const tz = 'UTC';

describe('tray model', () => {
  it('shows one state the same way in the icon, the tooltip and the menu', () => {
    const state = appState({
      instances: [vijay(), bheem({ state: 'unreachable' })],
      warnings: [warning('vijay', 'exposure.public', { severity: 'critical' })],
    });
    const model = buildTrayModel({ state, now, timeZone: tz });
    expect(model.icon).toBe('critical');
    expect(model.tooltip).toBe('Vijay Critical 1 · Bheem Unknown (unreachable) · as of 12:00');
    expect(model.menu.slice(0, 2).map((i) => i.label)).toEqual([
      expect.stringMatching(/^Vijay — Critical: 1 critical · /),
      expect.stringMatching(/^Bheem \(uma\) — Unknown: unreachable · /),
    ]);
  });

  it('follows an explicit paused flag over the mute time, in the icon, tooltip and menu alike', () => {
    const model = buildTrayModel({ state: appState(), now, paused: true, timeZone: tz });
    expect(model.icon).toBe('paused');
    expect(model.tooltip).toBe('Vijay OK · Bheem OK · as of 12:00 · notifications paused');
    const pause = model.menu.find((i) => i.id === 'pause');
    expect(pause?.submenu?.find((i) => i.id === 'pause:off')?.enabled).toBe(true);
  });
});
