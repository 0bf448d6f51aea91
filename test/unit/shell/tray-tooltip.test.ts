import { describe, expect, it } from 'vitest';
import type { AppState } from '../../../preload/ipc-contract.js';
import { rollUpHealth } from '../../../main/tray/tray-health.js';
import { buildTrayTooltip, TOOLTIP_MAX } from '../../../main/tray/tray-tooltip.js';
import { appState, bheem, FIXED_NOW, mutedUntil, vijay, warning } from './fixtures.js';

const now = FIXED_NOW; // 12:00 UTC
const tooltipFor = (state: AppState) => buildTrayTooltip(state, rollUpHealth(state, now), 'UTC');

describe('tray tooltip', () => {
  it('gives each instance a short name and its verdict first, then the time of the data', () => {
    expect(tooltipFor(appState())).toBe('Vijay OK · Bheem OK · as of 12:00');
    const warned = appState({
      warnings: [warning('bheem', 'cron.failing'), warning('bheem', 'backup.stale')],
    });
    expect(tooltipFor(warned)).toBe('Vijay OK · Bheem Needs attention 2 · as of 12:00');
  });

  it('names the critical instance and the unreachable one side by side', () => {
    const state = appState({
      instances: [vijay(), bheem({ state: 'unreachable' })],
      warnings: [warning('vijay', 'exposure.public', { severity: 'critical' })],
    });
    const tooltip = tooltipFor(state);
    expect(tooltip).toContain('Vijay Critical 1');
    expect(tooltip).toContain('Bheem Unknown (unreachable)');
  });

  it('says so when there are no instances and no data', () => {
    expect(tooltipFor(appState({ instances: [] }))).toBe('no instances configured · no data yet');
  });

  it('dates the data by the stalest fetch, so it never claims fresher data than it has', () => {
    const state = appState({
      instances: [
        vijay({ fetchedAt: '2026-06-01T11:58:00.000Z' }),
        bheem({ fetchedAt: '2026-06-01T09:15:00.000Z' }),
      ],
    });
    expect(tooltipFor(state)).toContain('as of 09:15');
  });

  it('says demo and paused, and stays within the Windows tooltip limit', () => {
    const many = Array.from({ length: 12 }, (_, i) =>
      vijay({ id: `instance-${i}`, label: `A long instance name ${i}` }),
    );
    const state = appState({
      demo: true,
      instances: many,
      notifications: mutedUntil('2026-06-01T16:00:00.000Z'),
    });
    const tooltip = tooltipFor(state);
    expect(tooltip.startsWith('Demo · ')).toBe(true);
    expect(tooltip.length).toBeLessThanOrEqual(TOOLTIP_MAX);
    expect(tooltipFor({ ...state, instances: [vijay()] })).toBe(
      'Demo · Vijay OK · as of 12:00 · notifications paused',
    );
  });
});

describe('tray tooltip, verdict first', () => {
  it('says Unknown, not OK, for a stale instance with no warnings, and names why', () => {
    const state = appState({ instances: [vijay(), bheem({ state: 'stale' })] });
    expect(tooltipFor(state)).toBe('Vijay OK · Bheem Unknown (stale) · as of 12:00');
  });

  it('keeps a known critical Critical even on data that is no longer current', () => {
    const state = appState({
      instances: [vijay({ state: 'stale' }), bheem()],
      warnings: [warning('vijay', 'exposure.public', { severity: 'critical' })],
    });
    expect(tooltipFor(state)).toContain('Vijay Critical 1');
  });
});
