/**
 * Timed maintenance per instance (issue 16 §5): "Maintenance for 30 min" holds the instance's
 * notifications, the verdict says "maintenance until 14:30", the window ends on its own, and one summary
 * is owed at the end if something is still wrong (common/notify/notification-policy.ts). Pure: the clock
 * is always passed in. Runtime-neutral: the app, the CLI and the renderer use it.
 */
import { formatClock } from '../text/human-time.js';

/** One instance's window. Times are ISO (laptop clock). */
export interface MaintenanceWindow {
  instanceId: string;
  startedAt: string;
  until: string;
  /** Where it was started: the window, the tray menu or `hermes-mc maintenance`. */
  source: 'window' | 'tray' | 'cli';
}

export interface MaintenanceState {
  version: 1;
  windows: Record<string, MaintenanceWindow>;
}

/** Longest window one request may ask for: a forgotten maintenance must not silence an instance for days. */
export const MAINTENANCE_MAX_MINUTES = 12 * 60;
/** What the window and the tray offer. */
export const MAINTENANCE_PRESETS_MINUTES = [30, 60, 120] as const;

export const emptyMaintenance = (): MaintenanceState => ({ version: 1, windows: {} });

/** "30m", "90m", "2h", "1h30m", "45" (minutes) → minutes; null when it does not parse or is out of range. */
export function parseMaintenanceMinutes(text: string): number | null {
  const m = /^\s*(?:(\d{1,3})h)?\s*(?:(\d{1,4})m?)?\s*$/i.exec(text);
  if (!m || (m[1] === undefined && m[2] === undefined)) return null;
  const minutes = Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0);
  return minutes >= 1 && minutes <= MAINTENANCE_MAX_MINUTES ? minutes : null;
}

/** Starts (or replaces) the instance's window: from `now` for `minutes`. */
export function startMaintenance(
  state: MaintenanceState,
  instanceId: string,
  minutes: number,
  now: Date,
  source: MaintenanceWindow['source'],
): MaintenanceState {
  const clamped = Math.max(1, Math.min(MAINTENANCE_MAX_MINUTES, Math.round(minutes)));
  const previous = state.windows[instanceId];
  const live = previous && Date.parse(previous.until) > now.getTime();
  return {
    version: 1,
    windows: {
      ...state.windows,
      [instanceId]: {
        instanceId,
        // Extending a running window keeps when it began (one maintenance on the timeline, not two).
        startedAt: live ? previous.startedAt : now.toISOString(),
        until: new Date(now.getTime() + clamped * 60_000).toISOString(),
        source,
      },
    },
  };
}

/** Ends the instance's window now; returns the window that ended (null if none was running). */
export function endMaintenance(
  state: MaintenanceState,
  instanceId: string,
  now: Date,
): { state: MaintenanceState; ended: MaintenanceWindow | null } {
  const w = state.windows[instanceId];
  if (!w) return { state, ended: null };
  const windows = { ...state.windows };
  delete windows[instanceId];
  const endedAt = new Date(Math.min(now.getTime(), Date.parse(w.until))).toISOString();
  return { state: { version: 1, windows }, ended: { ...w, until: endedAt } };
}

/** Drops windows whose time is up; returns them (each ended at its `until`). */
export function expireMaintenance(
  state: MaintenanceState,
  now: Date,
): { state: MaintenanceState; ended: MaintenanceWindow[] } {
  const ended: MaintenanceWindow[] = [];
  const windows: Record<string, MaintenanceWindow> = {};
  for (const [id, w] of Object.entries(state.windows)) {
    const until = Date.parse(w.until);
    if (!Number.isFinite(until) || until <= now.getTime()) ended.push(w);
    else windows[id] = w;
  }
  return ended.length === 0 ? { state, ended } : { state: { version: 1, windows }, ended };
}

/** Instance id → until (ISO), for the windows still running at `now`. */
export function activeMaintenance(state: MaintenanceState, now: Date): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [id, w] of Object.entries(state.windows))
    if (Date.parse(w.until) > now.getTime()) out[id] = w.until;
  return out;
}

/** "maintenance until 14:30" (the clock time as short as it can be without being ambiguous). */
export function maintenanceLabel(until: string, nowMs: number, timeZone?: string): string {
  return `maintenance until ${formatClock(until, nowMs, timeZone)}`;
}
