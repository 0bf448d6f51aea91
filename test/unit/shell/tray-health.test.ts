import { describe, expect, it } from 'vitest';
import type { AppState } from '../../../preload/ipc-contract.js';
import { rollUpHealth } from '../../../main/tray/tray-health.js';
import { appState, bheem, FIXED_NOW, mutedUntil, vijay, warning } from './fixtures.js';

const now = FIXED_NOW; // 12:00 UTC
const iconFor = (state: AppState) => rollUpHealth(state, now).icon;

describe('tray icon', () => {
  it('is green only when every instance is live and nothing is wrong', () => {
    expect(iconFor(appState())).toBe('healthy');
  });

  it('turns amber with a warning and counts them per instance', () => {
    const health = rollUpHealth(
      appState({ warnings: [warning('bheem', 'cron.failing'), warning('bheem', 'backup.stale')] }),
      now,
    );
    expect(health.icon).toBe('warning');
    expect(health.summaries.map((s) => [s.instance.id, s.health, s.warnings])).toEqual([
      ['vijay', 'healthy', 0],
      ['bheem', 'warning', 2],
    ]);
  });

  it.each(['stale', 'unreachable', 'unknown', 'incompatible'] as const)(
    'is grey, never green, when an instance is %s',
    (kind) => {
      expect(iconFor(appState({ instances: [vijay(), bheem({ state: kind })] }))).toBe('stale');
    },
  );

  it('is grey rather than amber when one instance warns and the other cannot be read', () => {
    const state = appState({
      instances: [vijay(), bheem({ state: 'unreachable' })],
      warnings: [warning('vijay', 'disk.pressure')],
    });
    expect(iconFor(state)).toBe('stale');
  });

  it('shows red when something is critical, even while another instance is unreachable', () => {
    const state = appState({
      instances: [vijay(), bheem({ state: 'unreachable' })],
      warnings: [warning('vijay', 'exposure.public', { severity: 'critical' })],
    });
    expect(iconFor(state)).toBe('critical');
  });

  it('does not count checks that cannot be evaluated (status unknown) as problems', () => {
    const state = appState({
      instances: [vijay(), bheem({ state: 'stale' })],
      warnings: [warning('bheem', 'gateway.down', { severity: 'critical', status: 'unknown' })],
    });
    expect(iconFor(state)).toBe('stale');
  });

  it('shows the paused icon when notifications are muted and all is well, but never hides a warning', () => {
    const muted = mutedUntil('2026-06-01T13:00:00.000Z');
    expect(iconFor(appState({ notifications: muted }))).toBe('paused');
    expect(iconFor(appState({ notifications: muted, warnings: [warning('vijay', 'disk.pressure')] }))).toBe(
      'warning',
    );
    expect(iconFor(appState({ notifications: mutedUntil('2026-06-01T11:00:00.000Z') }))).toBe('healthy');
  });

  it('is grey with no instances at all', () => {
    expect(iconFor(appState({ instances: [] }))).toBe('stale');
  });
});

describe('data age', () => {
  const ageOf = (over: Parameters<typeof vijay>[0]) =>
    rollUpHealth(appState({ instances: [vijay(over)] }), now).summaries[0]!.ageSeconds;

  it('uses the same VM-clock age as the window and the stale rule (ADR 0004)', () => {
    // The laptop runs 120 s ahead: at 12:00 laptop time the VM says 11:58, so an 11:57 stamp is 60 s old.
    const stamp = '2026-06-01T11:57:00.000Z';
    expect(ageOf({ generatedAt: stamp, fetchedAt: '2026-06-01T11:59:30.000Z', clockSkewSeconds: 120 })).toBe(
      60,
    );
    expect(ageOf({ generatedAt: stamp, fetchedAt: '2026-06-01T11:59:30.000Z', clockSkewSeconds: 0 })).toBe(
      180,
    );
    // Fetched 10 min ago: never younger than that, whatever the skew estimate says.
    expect(ageOf({ generatedAt: stamp, fetchedAt: '2026-06-01T11:50:00.000Z', clockSkewSeconds: 120 })).toBe(
      600,
    );
    expect(ageOf({ generatedAt: null, fetchedAt: null })).toBeNull();
  });
});
