/**
 * The Health pane's units, one table per systemd manager, each under a heading that says which: Bheem's
 * gateway is a user unit, its dashboard and backup timer system units, and a single "Units (user)" heading
 * over rows marked "system unit" read as a contradiction. The instance's own manager comes first; units
 * whose manager is unknown (an older exporter) go under "Units".
 */
import type { Snapshot, UnitInfo } from '../../../../common/contract/snapshot.js';
import { defaultUnitScope, unitScope } from '../../../../common/contract/unit-scope.js';

export interface UnitGroup {
  title: string;
  units: UnitInfo[];
}

const TITLE = { system: 'System units', user: 'User units' } as const;

export function unitGroups(snapshot: Pick<Snapshot, 'systemd' | 'instance'>): UnitGroup[] {
  const own = defaultUnitScope(snapshot);
  const order = own === 'user' ? (['user', 'system'] as const) : (['system', 'user'] as const);
  const groups: UnitGroup[] = [];
  for (const scope of order) {
    const units = snapshot.systemd.units.filter((u) => unitScope(u, snapshot) === scope);
    if (units.length > 0) groups.push({ title: TITLE[scope], units });
  }
  const unknown = snapshot.systemd.units.filter((u) => unitScope(u, snapshot) === null);
  if (unknown.length > 0) groups.push({ title: 'Units (manager unknown)', units: unknown });
  return groups;
}
