import { describe, expect, it } from 'vitest';
import { unitGroups } from '../../../../renderer/src/features/health/unit-scope-note.js';
import { buildDemoSnapshot } from '../../../../main/core/demo/demo-fleet.js';
import { makeSnapshot } from '../../../fixtures/snapshot-factory.js';

const NOW = Date.parse('2026-06-01T10:00:00Z');
const shape = (groups: ReturnType<typeof unitGroups>) =>
  groups.map((g) => [g.title, g.units.map((u) => u.name)]);

describe('the Health pane’s units by systemd manager', () => {
  it('puts Bheem’s user gateway under "User units" and its system dashboard and timer under "System units"', () => {
    const bheem = buildDemoSnapshot('bheem', NOW);
    expect(shape(unitGroups(bheem))).toEqual([
      ['User units', ['uma-hermes-gateway.service']],
      ['System units', ['uma-hermes-dashboard.service', 'uma-hermes-backup.timer']],
    ]);
  });

  it('has one "System units" table when every unit belongs to the system manager', () => {
    const vijay = buildDemoSnapshot('vijay', NOW);
    expect(unitGroups(vijay).map((g) => g.title)).toEqual(['System units']);
    expect(unitGroups(vijay)[0]!.units).toHaveLength(vijay.systemd.units.length);
  });

  it('uses the snapshot’s manager for units of an older exporter that name none, and says so when that is unknown too', () => {
    const old = makeSnapshot('bheem');
    expect(unitGroups(old).flatMap((g) => g.units)).toHaveLength(3);
    const unknown = makeSnapshot('bheem', { systemd: { scope: null }, instance: { systemdScope: null } });
    expect(unitGroups(unknown).map((g) => g.title)).toEqual(['Units (manager unknown)']);
  });
});
