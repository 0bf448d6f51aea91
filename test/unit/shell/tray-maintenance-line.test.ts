// While an instance is in maintenance the tray says so beside its verdict, in the menu line and the
// tooltip ("maintenance until 14:30"); the verdict itself is unchanged (maintenance holds notifications,
// it does not make a problem go away).
import { describe, expect, it } from 'vitest';
import { buildTrayModel } from '../../../main/tray/tray-model.js';
import { appState, FIXED_NOW, warning } from './fixtures.js';

const until = '2026-06-01T14:30:00.000Z'; // FIXED_NOW is 12:00 UTC the same day
const inMaintenance = appState({
  warnings: [warning('bheem', 'cron.failing')],
  maintenance: { bheem: { instanceId: 'bheem', startedAt: FIXED_NOW.toISOString(), until, source: 'tray' } },
});
const model = (state: ReturnType<typeof appState>) =>
  buildTrayModel({ state, now: FIXED_NOW, timeZone: 'UTC' });

describe('tray maintenance line', () => {
  it('says "maintenance until 14:30" beside the verdict in the menu line of that instance only', () => {
    const lines = model(inMaintenance)
      .menu.filter((i) => i.id.startsWith('instance:'))
      .map((i) => i.label);
    expect(lines).toEqual([
      expect.stringMatching(/^Vijay — OK · data /),
      expect.stringMatching(/^Bheem \(uma\) — Needs attention · maintenance until 14:30: 1 warning · data /),
    ]);
  });

  it('says it in the tooltip too, and nothing once the window is over', () => {
    expect(model(inMaintenance).tooltip).toBe(
      'Vijay OK · Bheem Needs attention 1 · maintenance until 14:30 · as of 12:00',
    );
    const after = model({ ...inMaintenance, maintenance: {} });
    expect(after.tooltip).toBe('Vijay OK · Bheem Needs attention 1 · as of 12:00');
    expect(after.menu.map((i) => i.label).join('\n')).not.toContain('maintenance until');
  });
});
