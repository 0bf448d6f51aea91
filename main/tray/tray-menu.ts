/**
 * The tray menu as data: a line per instance, then open/refresh, copy-a-command submenus, the dashboard,
 * pausing notifications and quit. Pure; the controller turns it into a real Menu and routes the actions.
 */
import type { AppState, SnoozeDuration } from '../../preload/ipc-contract.js';
import type { RunbookCommand } from '../../common/model/warning.js';
import { verdictText } from '../../common/model/verdict.js';
import type { FleetHealth, InstanceSummary } from './tray-health.js';
import { maintenanceSubmenu } from './maintenance-menu.js';
import { formatAge, formatClock } from './tray-time-labels.js';

/** What a menu click asks for; the controller routes it to an injected action. */
export type TrayAction =
  | { kind: 'open-window' }
  | { kind: 'focus-instance'; instanceId: string }
  | { kind: 'refresh' }
  | { kind: 'copy-text'; text: string }
  | { kind: 'open-dashboard'; instanceId: string }
  | { kind: 'mute-notifications'; duration: SnoozeDuration | 'off' }
  | { kind: 'set-maintenance'; instanceId: string; minutes: number | null }
  | { kind: 'quit' };

export interface TrayMenuItem {
  /** Stable id (used to diff and in tests). */
  id: string;
  label: string;
  enabled: boolean;
  /** A line in the menu that is information only, or a separator. */
  type?: 'normal' | 'separator';
  action?: TrayAction;
  submenu?: TrayMenuItem[];
}

export interface TrayMenuInput {
  state: AppState;
  health: FleetHealth;
  /** Runbook commands per instance id, for the copy submenus. */
  commands: Record<string, RunbookCommand[]>;
  timeZone?: string;
  /** For clock times relative to today ("maintenance until 14:30"); the current time when omitted. */
  now?: Date;
}

/** Runbook command ids (common/runbook/runbook-commands.ts) the tray offers to copy, best first. */
const TUNNEL_COMMAND = ['dashboard-tunnel', /tunnel/] as const;
const RESTART_COMMAND = ['gateway-restart', /restart/] as const;

export function buildTrayMenu({ state, health, commands, timeZone, now }: TrayMenuInput): TrayMenuItem[] {
  const nowMs = (now ?? new Date()).getTime();
  const { summaries, paused } = health;
  const lines: TrayMenuItem[] = summaries.map((s) => ({
    id: `instance:${s.instance.id}`,
    label: instanceLine(s, nowMs, timeZone),
    enabled: true,
    action: { kind: 'focus-instance', instanceId: s.instance.id },
  }));
  if (lines.length === 0)
    lines.push({ id: 'instance:none', label: 'No instances configured', enabled: false });
  if (state.demo) lines.unshift({ id: 'demo', label: 'Demo fleet (nothing configured)', enabled: false });
  return [
    ...lines,
    separator('sep:instances'),
    { id: 'open-window', label: 'Open Mission Control', enabled: true, action: { kind: 'open-window' } },
    { id: 'refresh', label: 'Refresh now', enabled: true, action: { kind: 'refresh' } },
    separator('sep:actions'),
    commandSubmenu('copy-tunnel', 'Copy tunnel command', summaries, commands, TUNNEL_COMMAND),
    commandSubmenu('copy-restart', 'Copy restart command', summaries, commands, RESTART_COMMAND),
    dashboardSubmenu(summaries, state.demo),
    separator('sep:notifications'),
    pauseSubmenu(state, paused, timeZone),
    maintenanceSubmenu(state, timeZone),
    separator('sep:quit'),
    { id: 'quit', label: 'Quit', enabled: true, action: { kind: 'quit' } },
  ];
}

const separator = (id: string): TrayMenuItem => ({ id, label: '', enabled: false, type: 'separator' });

/**
 * "Bheem (uma) — Needs attention: 5 warnings · data 1 min old": the verdict first (with "· maintenance until
 * 14:30" while in maintenance), then why, then the age.
 */
function instanceLine(s: InstanceSummary, nowMs: number, timeZone?: string): string {
  const name = s.instance.label;
  const age = s.ageSeconds === null ? 'no data' : `data ${formatAge(s.ageSeconds)}`;
  const verdict = verdictText(s.verdict, nowMs, timeZone);
  switch (s.health) {
    case 'healthy':
      return `${name} — ${verdict} · ${age}`;
    case 'warning':
      return `${name} — ${verdict}: ${s.warnings} warning${s.warnings === 1 ? '' : 's'} · ${age}`;
    case 'critical':
      return `${name} — ${verdict}: ${s.criticals} critical · ${age}`;
    case 'stale':
      return `${name} — ${verdict}: stale (exporter not writing) · ${age}`;
    case 'unreachable':
      return `${name} — ${verdict}: unreachable${s.instance.reason ? ` (${s.instance.reason.code})` : ''} · ${age}`;
    case 'unknown':
      return `${name} — ${verdict}: not checked yet`;
    case 'incompatible':
      return `${name} — ${verdict}: incompatible exporter · ${age}`;
    case 'invalid':
      return `${name} — ${verdict}: invalid snapshot${s.instance.reason ? ` (${s.instance.reason.code})` : ''}`;
  }
}

function commandSubmenu(
  id: string,
  label: string,
  summaries: InstanceSummary[],
  commands: Record<string, RunbookCommand[]>,
  wanted: readonly [string, RegExp],
): TrayMenuItem {
  const submenu = summaries.map((s): TrayMenuItem => {
    const list = commands[s.instance.id] ?? [];
    const command = list.find((c) => c.id === wanted[0]) ?? list.find((c) => wanted[1].test(c.id));
    return command
      ? {
          id: `${id}:${s.instance.id}`,
          label: s.instance.label,
          enabled: true,
          action: { kind: 'copy-text', text: command.command },
        }
      : { id: `${id}:${s.instance.id}`, label: `${s.instance.label} (not available)`, enabled: false };
  });
  return { id, label, enabled: submenu.some((i) => i.enabled), submenu };
}

function dashboardSubmenu(summaries: InstanceSummary[], demo: boolean): TrayMenuItem {
  const submenu = summaries.map((s): TrayMenuItem => {
    const dash = s.instance.snapshot?.dashboard;
    const id = `open-dashboard:${s.instance.id}`;
    if (demo || s.instance.source !== 'ssh')
      return { id, label: `${s.instance.label} (no SSH host)`, enabled: false };
    if (!dash || dash.port === null)
      return { id, label: `${s.instance.label} (no dashboard known)`, enabled: false };
    if (dash.bindings.length === 0)
      return { id, label: `${s.instance.label} (dashboard not listening)`, enabled: false };
    return {
      id,
      label: `${s.instance.label} (:${dash.port})`,
      enabled: true,
      action: { kind: 'open-dashboard', instanceId: s.instance.id },
    };
  });
  return { id: 'open-dashboard', label: 'Open dashboard', enabled: submenu.some((i) => i.enabled), submenu };
}

function pauseSubmenu(state: AppState, paused: boolean, timeZone?: string): TrayMenuItem {
  const until = state.notifications.mutedUntil;
  const label =
    paused && until ? `Notifications paused until ${formatClock(until, timeZone)}` : 'Pause notifications';
  const option = (id: string, text: string, duration: SnoozeDuration | 'off', enabled = true) => ({
    id: `pause:${id}`,
    label: text,
    enabled,
    action: { kind: 'mute-notifications', duration } as const,
  });
  return {
    id: 'pause',
    label,
    enabled: true,
    submenu: [
      option('1h', 'For 1 hour', '1h'),
      option('4h', 'For 4 hours', '4h'),
      option('tomorrow', 'Until tomorrow', 'tomorrow'),
      option('off', 'Resume notifications', 'off', paused),
    ],
  };
}
