/**
 * Which systemd manager owns a unit, for everything that builds a command or a label from it. A unit's own
 * `scope` wins; snapshots from exporters before per-unit scopes have none, and then every unit belongs to
 * the instance's default manager, as those exporters asked only that one.
 */
import type { Snapshot, SystemdScope, UnitInfo } from './snapshot.js';

/** The instance's default manager (`systemd.scope`, else `instance.systemdScope`); null when unknown. */
export function defaultUnitScope(snapshot: Pick<Snapshot, 'systemd' | 'instance'>): SystemdScope | null {
  return snapshot.systemd.scope ?? snapshot.instance.systemdScope;
}

/** The manager that owns `unit`; null when neither the unit nor the snapshot says. */
export function unitScope(
  unit: Pick<UnitInfo, 'scope'>,
  snapshot: Pick<Snapshot, 'systemd' | 'instance'>,
): SystemdScope | null {
  return unit.scope ?? defaultUnitScope(snapshot);
}
