/**
 * The tray as a pure function of state: (AppState, commands, now) → icon, tooltip and menu model.
 * No electron import; the controller turns the model into a real Tray and Menu.
 *
 * The one rule that matters most (field lessons: Nagstamon stayed green while its source was broken):
 * the icon is never green on old data. Any instance that is not `live` makes the icon grey (`stale`)
 * unless something is critical.
 */
import type { AppState, SnoozeDuration } from '../../preload/ipc-contract.js';
import type { InstanceStatus } from '../core/model/instance-status.js';
import type { RunbookCommand, Warning } from '../core/model/warning.js';

export type TrayIcon = 'healthy' | 'warning' | 'critical' | 'stale' | 'paused';
export const TRAY_ICONS: readonly TrayIcon[] = ['healthy', 'warning', 'critical', 'stale', 'paused'];

/** What a menu click asks for; the controller routes it to an injected action. */
export type TrayAction =
  | { kind: 'open-window' }
  | { kind: 'focus-instance'; instanceId: string }
  | { kind: 'refresh' }
  | { kind: 'copy-text'; text: string }
  | { kind: 'open-dashboard'; instanceId: string }
  | { kind: 'mute-notifications'; duration: SnoozeDuration | 'off' }
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

/** Windows truncates tray tooltips at 127 characters; keep ours whole on every OS. */
export const TOOLTIP_MAX = 127;

/** Runbook command ids (main/core/runbook/runbook-commands.ts) the tray offers to copy, best first. */
const TUNNEL_COMMAND = ['dashboard-tunnel', /tunnel/] as const;
const RESTART_COMMAND = ['gateway-restart', /restart/] as const;

type InstanceHealth =
  'healthy' | 'warning' | 'critical' | 'stale' | 'unreachable' | 'unknown' | 'incompatible';

interface InstanceSummary {
  instance: InstanceStatus;
  health: InstanceHealth;
  warnings: number;
  criticals: number;
  ageSeconds: number | null;
}

/** Builds the whole tray model. Pure: same input, same output. */
export function buildTrayModel(input: TrayModelInput): TrayModel {
  const { state, now } = input;
  const paused = input.paused ?? isMuted(state, now);
  const summaries = state.instances.map((instance) => summarize(instance, state.warnings, now));
  const icon = pickIcon(summaries, state.warnings, paused);
  return {
    icon,
    tooltip: buildTooltip(state, summaries, paused, input.timeZone),
    menu: buildMenu(input, summaries, paused),
  };
}

function isMuted(state: AppState, now: Date): boolean {
  const until = state.notifications.mutedUntil;
  return until !== null && Date.parse(until) > now.getTime();
}

function activeFor(warnings: Warning[], instanceId: string): Warning[] {
  return warnings.filter(
    (w) => w.instanceId === instanceId && w.status === 'active' && w.severity !== 'info',
  );
}

function summarize(instance: InstanceStatus, warnings: Warning[], now: Date): InstanceSummary {
  const active = activeFor(warnings, instance.id);
  const criticals = active.filter((w) => w.severity === 'critical').length;
  const base = { instance, warnings: active.length, criticals, ageSeconds: dataAgeSeconds(instance, now) };
  switch (instance.state) {
    case 'live':
      return { ...base, health: criticals > 0 ? 'critical' : active.length > 0 ? 'warning' : 'healthy' };
    case 'stale':
    case 'unreachable':
    case 'unknown':
    case 'incompatible':
      return { ...base, health: instance.state };
  }
}

/**
 * Age of the data shown, now: the exporter's generatedAt moved onto the laptop clock with the measured
 * skew; without it, time since the app fetched it.
 */
export function dataAgeSeconds(instance: InstanceStatus, now: Date): number | null {
  if (instance.generatedAt) {
    const vmNow = now.getTime() - (instance.clockSkewSeconds ?? 0) * 1000;
    return Math.max(0, Math.round((vmNow - Date.parse(instance.generatedAt)) / 1000));
  }
  if (instance.fetchedAt)
    return Math.max(0, Math.round((now.getTime() - Date.parse(instance.fetchedAt)) / 1000));
  return null;
}

function pickIcon(summaries: InstanceSummary[], warnings: Warning[], paused: boolean): TrayIcon {
  // A critical anywhere wins, including fleet-level criticals such as a host-key mismatch.
  if (warnings.some((w) => w.severity === 'critical' && w.status === 'active')) return 'critical';
  if (summaries.some((s) => s.health === 'critical')) return 'critical';
  // Never green (or amber, which implies "otherwise known good") on data we cannot vouch for.
  if (summaries.length === 0 || summaries.some((s) => !['healthy', 'warning'].includes(s.health)))
    return 'stale';
  if (summaries.some((s) => s.health === 'warning')) return 'warning';
  return paused ? 'paused' : 'healthy';
}

/** "Vijay (root)" → "Vijay": the tooltip has little room. */
function shortName(label: string): string {
  return label.replace(/\s*\(.*\)\s*$/, '') || label;
}

function badge(s: InstanceSummary): string {
  switch (s.health) {
    case 'healthy':
      return '✓';
    case 'warning':
      return `⚠ ${s.warnings}`;
    case 'critical':
      return `✖ ${s.warnings}`;
    case 'stale':
      return 'stale';
    case 'unreachable':
      return 'unreachable';
    case 'unknown':
      return 'not checked yet';
    case 'incompatible':
      return 'incompatible';
  }
}

export function formatClock(iso: string | Date, timeZone?: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    timeZone,
  }).format(typeof iso === 'string' ? new Date(iso) : iso);
}

export function formatAge(seconds: number): string {
  if (seconds < 90) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} min old`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h old`;
  return `${Math.round(hours / 24)} d old`;
}

function buildTooltip(
  state: AppState,
  summaries: InstanceSummary[],
  paused: boolean,
  timeZone?: string,
): string {
  const parts = summaries.map((s) => `${shortName(s.instance.label)} ${badge(s)}`);
  if (parts.length === 0) parts.push('no instances configured');
  // "as of" is the oldest fetch, so the tooltip never claims fresher data than the stalest instance has.
  const fetched = summaries.map((s) => s.instance.fetchedAt).filter((t): t is string => t !== null);
  const oldest = fetched.sort((a, b) => Date.parse(a) - Date.parse(b))[0];
  parts.push(oldest ? `as of ${formatClock(oldest, timeZone)}` : 'no data yet');
  if (paused) parts.push('notifications paused');
  const text = (state.demo ? 'Demo · ' : '') + parts.join(' · ');
  return text.length <= TOOLTIP_MAX ? text : text.slice(0, TOOLTIP_MAX - 1) + '…';
}

function instanceLine(s: InstanceSummary): string {
  const name = s.instance.label;
  const age = s.ageSeconds === null ? 'no data' : `data ${formatAge(s.ageSeconds)}`;
  switch (s.health) {
    case 'healthy':
      return `${name} — healthy · ${age}`;
    case 'warning':
      return `${name} — ${s.warnings} warning${s.warnings === 1 ? '' : 's'} · ${age}`;
    case 'critical':
      return `${name} — ${s.criticals} critical · ${age}`;
    case 'stale':
      return `${name} — stale (exporter not writing) · ${age}`;
    case 'unreachable':
      return `${name} — unreachable${s.instance.reason ? ` (${s.instance.reason.code})` : ''} · ${age}`;
    case 'unknown':
      return `${name} — not checked yet`;
    case 'incompatible':
      return `${name} — incompatible exporter · ${age}`;
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
  return {
    id: 'pause',
    label,
    enabled: true,
    submenu: [
      {
        id: 'pause:1h',
        label: 'For 1 hour',
        enabled: true,
        action: { kind: 'mute-notifications', duration: '1h' },
      },
      {
        id: 'pause:4h',
        label: 'For 4 hours',
        enabled: true,
        action: { kind: 'mute-notifications', duration: '4h' },
      },
      {
        id: 'pause:tomorrow',
        label: 'Until tomorrow',
        enabled: true,
        action: { kind: 'mute-notifications', duration: 'tomorrow' },
      },
      {
        id: 'pause:off',
        label: 'Resume notifications',
        enabled: paused,
        action: { kind: 'mute-notifications', duration: 'off' },
      },
    ],
  };
}

const separator = (id: string): TrayMenuItem => ({ id, label: '', enabled: false, type: 'separator' });

function buildMenu(input: TrayModelInput, summaries: InstanceSummary[], paused: boolean): TrayMenuItem[] {
  const commands = input.commands ?? {};
  const lines: TrayMenuItem[] = summaries.map((s) => ({
    id: `instance:${s.instance.id}`,
    label: instanceLine(s),
    enabled: true,
    action: { kind: 'focus-instance', instanceId: s.instance.id },
  }));
  if (lines.length === 0)
    lines.push({ id: 'instance:none', label: 'No instances configured', enabled: false });
  if (input.state.demo)
    lines.unshift({ id: 'demo', label: 'Demo fleet (nothing configured)', enabled: false });
  return [
    ...lines,
    separator('sep:instances'),
    { id: 'open-window', label: 'Open Mission Control', enabled: true, action: { kind: 'open-window' } },
    { id: 'refresh', label: 'Refresh now', enabled: true, action: { kind: 'refresh' } },
    separator('sep:actions'),
    commandSubmenu('copy-tunnel', 'Copy tunnel command', summaries, commands, TUNNEL_COMMAND),
    commandSubmenu('copy-restart', 'Copy restart command', summaries, commands, RESTART_COMMAND),
    dashboardSubmenu(summaries, input.state.demo),
    separator('sep:notifications'),
    pauseSubmenu(input.state, paused, input.timeZone),
    separator('sep:quit'),
    { id: 'quit', label: 'Quit', enabled: true, action: { kind: 'quit' } },
  ];
}
