/**
 * What the Health pane says about a unit's systemd manager. Most units belong to the instance's manager
 * (the section title says which); only a unit owned by the other one gets a note, so Bheem's system
 * dashboard does not read as a user unit whose commands need `--user`.
 */
import type { Snapshot, UnitInfo } from '../../../../common/contract/snapshot.js';
import { defaultUnitScope, unitScope } from '../../../../common/contract/unit-scope.js';

/** `system unit` / `user unit` when the unit's manager differs from the instance's; null otherwise. */
export function unitScopeNote(
  unit: UnitInfo,
  snapshot: Pick<Snapshot, 'systemd' | 'instance'>,
): string | null {
  const scope = unitScope(unit, snapshot);
  return scope !== null && scope !== defaultUnitScope(snapshot) ? `${scope} unit` : null;
}

/** The section title: the instance's manager, which every unit without a note belongs to. */
export function unitsTitle(snapshot: Pick<Snapshot, 'systemd' | 'instance'>): string {
  const scope = defaultUnitScope(snapshot);
  return scope === null ? 'Units (scope unknown)' : `Units (${scope})`;
}
