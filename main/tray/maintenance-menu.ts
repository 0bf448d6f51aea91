/**
 * The tray's "Maintenance for 30 min" submenu (issue 16 §5): one entry per instance — start 30 min, or,
 * while it runs, "until 14:30 — end now". Its own builder so the rest of the tray menu can change
 * without it. Pure: AppState.maintenance holds only windows running when the state was assembled.
 */
import type { AppState } from '../../preload/ipc-contract.js';
import type { TrayMenuItem } from './tray-menu.js';
import { formatClock } from './tray-time-labels.js';

export const TRAY_MAINTENANCE_MINUTES = 30;

export function maintenanceSubmenu(state: AppState, timeZone?: string): TrayMenuItem {
  const running = state.maintenance ?? {};
  const submenu = state.instances.map((i): TrayMenuItem => {
    const w = running[i.id];
    return w
      ? {
          id: `maintenance:${i.id}`,
          label: `${i.label} — until ${formatClock(w.until, timeZone)}, end now`,
          enabled: true,
          action: { kind: 'set-maintenance', instanceId: i.id, minutes: null },
        }
      : {
          id: `maintenance:${i.id}`,
          label: i.label,
          enabled: true,
          action: { kind: 'set-maintenance', instanceId: i.id, minutes: TRAY_MAINTENANCE_MINUTES },
        };
  });
  const any = Object.keys(running).length > 0;
  return {
    id: 'maintenance',
    label: any
      ? `Maintenance for ${TRAY_MAINTENANCE_MINUTES} min (running)`
      : `Maintenance for ${TRAY_MAINTENANCE_MINUTES} min`,
    enabled: submenu.length > 0,
    submenu,
  };
}
