import { describe, expect, it } from 'vitest';
import { unitScopeNote, unitsTitle } from '../../../../renderer/src/features/health/unit-scope-note.js';
import { buildDemoSnapshot } from '../../../../main/core/demo/demo-fleet.js';
import { makeSnapshot } from '../../../fixtures/snapshot-factory.js';

const NOW = Date.parse('2026-06-01T10:00:00Z');

describe('the Health pane’s unit scope notes', () => {
  it('marks Bheem’s system dashboard and backup timer, not its user gateway', () => {
    const bheem = buildDemoSnapshot('bheem', NOW);
    expect(unitsTitle(bheem)).toBe('Units (user)');
    expect(bheem.systemd.units.map((u) => [u.name, unitScopeNote(u, bheem)])).toEqual([
      ['uma-hermes-gateway.service', null],
      ['uma-hermes-dashboard.service', 'system unit'],
      ['uma-hermes-backup.timer', 'system unit'],
    ]);
  });

  it('adds nothing when every unit belongs to the instance’s manager', () => {
    const vijay = buildDemoSnapshot('vijay', NOW);
    expect(unitsTitle(vijay)).toBe('Units (system)');
    expect(vijay.systemd.units.map((u) => unitScopeNote(u, vijay))).toEqual(
      vijay.systemd.units.map(() => null),
    );
  });

  it('adds nothing for a snapshot from an older exporter, whose units name no scope', () => {
    const old = makeSnapshot('bheem');
    expect(old.systemd.units.map((u) => unitScopeNote(u, old))).toEqual([null, null, null]);
    const unknown = makeSnapshot('bheem', { systemd: { scope: null }, instance: { systemdScope: null } });
    expect(unitsTitle(unknown)).toBe('Units (scope unknown)');
  });
});
