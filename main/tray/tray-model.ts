/**
 * The tray as a pure function of state: (AppState, commands, now) → icon, tooltip and menu model.
 * No electron import; the controller turns the model into a real Tray and Menu. The parts: the health
 * rollup and icon (tray-health.ts), the tooltip (tray-tooltip.ts) and the menu (tray-menu.ts).
 */
import type { AppState } from '../../preload/ipc-contract.js';
import type { RunbookCommand } from '../../common/model/warning.js';
import { rollUpHealth, type TrayIcon } from './tray-health.js';
import { buildTrayMenu, type TrayMenuItem } from './tray-menu.js';
import { buildTrayTooltip } from './tray-tooltip.js';

// The model's parts, for callers that only know the model.
export { TRAY_ICONS, type TrayIcon } from './tray-health.js';
export type { TrayAction, TrayMenuItem } from './tray-menu.js';

export interface TrayModel {
  icon: TrayIcon;
  tooltip: string;
  menu: TrayMenuItem[];
}

export interface TrayModelInput {
  state: AppState;
  now: Date;
  /** Notifications paused; defaults to "global mute is in the future". */
  paused?: boolean;
  /** Runbook commands per instance id (from the runbook module), for the copy submenus. */
  commands?: Record<string, RunbookCommand[]>;
  /** IANA zone for clock times in labels; the system zone when omitted (tests pin it). */
  timeZone?: string;
}

/** Builds the whole tray model. Pure: same input, same output. */
export function buildTrayModel(input: TrayModelInput): TrayModel {
  const { state, now, timeZone } = input;
  const health = rollUpHealth(state, now, input.paused);
  return {
    icon: health.icon,
    tooltip: buildTrayTooltip(state, health, timeZone, now),
    menu: buildTrayMenu({ state, health, commands: input.commands ?? {}, timeZone, now }),
  };
}
