/**
 * The IPC contract between main and the renderer (Podman Desktop style): a constant per channel, a map of
 * request → response types with a zod schema per request, a map of push payloads, and the `window.api`
 * type. main, preload, the `hermes-mc web` WebSocket bridge and the renderer all compile against this
 * file, so a change here breaks every side that is out of date.
 *
 * No node or electron imports: the renderer imports it (types and schemas only).
 */
import { z } from 'zod';
import type { InstanceStatus } from '../common/model/instance-status.js';
import type { RunbookCommand, Warning } from '../common/model/warning.js';
import type { HistorySeries } from '../common/contract/history.js';
import { incidentQuerySchema, type IncidentQuery } from '../common/incidents/incident-schema.js';
import type { Incident } from '../common/incidents/incident-types.js';
import { MAINTENANCE_MAX_MINUTES, type MaintenanceWindow } from '../common/model/maintenance.js';
import {
  notificationPrefsSchema,
  SNOOZE_DURATIONS,
  thresholdsSchema,
  type NotificationStatus,
  type SnoozeDuration,
} from '../common/model/rule-settings.js';

export {
  notificationPrefsSchema,
  SNOOZE_DURATIONS,
  thresholdsSchema,
  type NotificationPrefs,
  type NotificationStatus,
  type SnoozeDuration,
  type Thresholds,
} from '../common/model/rule-settings.js';

/** Errors cross the bridge as values, with codes the UI branches on. */
export interface IpcError {
  code: string;
  message: string;
}
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

// ---------------------------------------------------------------- shared value types

export const HISTORY_RANGES = ['6h', '24h', '7d', '30d', '90d'] as const;
export type HistoryRange = (typeof HISTORY_RANGES)[number];

/** One downsampled point; `min`/`max` present when it stands for a bucket of samples. */
export interface HistoryPoint {
  t: number;
  v: number | null;
  min?: number | null;
  max?: number | null;
}

export interface HistoryQueryResult {
  instanceId: string;
  range: HistoryRange;
  /** Per requested series, at most `maxPoints` points, oldest first. */
  series: Partial<Record<HistorySeries | AppSeries, HistoryPoint[]>>;
}

/** Series the app records about itself (not from the exporter). */
export type AppSeries = 'pollRttMs' | 'connectionUp' | 'warningsWarning' | 'warningsCritical';

export interface HostKeyPrompt {
  /** Configured host name. */
  hostName: string;
  host: string;
  port: number;
  keyType: string;
  /** `SHA256:…` */
  fingerprint: string;
  /** A command to run on the VM to confirm the fingerprint out of band. */
  verifyCommand: string;
  /** `unknown` (first use) or `mismatch` (refused; shown for information, cannot be accepted here). */
  kind: 'unknown' | 'mismatch';
  /**
   * The person chose "Don't trust" for this key. It stays listed (not asked again unprompted) so it can be
   * reviewed and trusted later, after a reload or a poll. Absent from older cores: treat as false.
   */
  declined?: boolean;
}

export interface AppState {
  /** True when showing the embedded demo fleet (nothing configured). */
  demo: boolean;
  instances: InstanceStatus[];
  warnings: Warning[];
  notifications: NotificationStatus;
  /** Laptop clock when this state was assembled. */
  updatedAt: string;
  /** Host-key decisions waiting for the user. */
  hostKeyPrompts: HostKeyPrompt[];
  /** Polling: `paused` while the system sleeps. */
  polling: { intervalSeconds: number; paused: boolean; lastPollAt: string | null };
  /** The config file failed validation (names the file and field); the demo fleet stands in meanwhile. */
  configError?: string | null;
  /** Instance id → its running maintenance window (notifications held; see common/model/maintenance.ts). */
  maintenance?: Record<string, MaintenanceWindow>;
}

export const hostSettingsSchema = z.object({
  name: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash and underscore only'),
  host: z.string().min(1).max(255),
  port: z.number().int().min(1).max(65535).default(22),
  user: z.string().min(1).max(64),
  identityFile: z.string().max(1024).optional(),
  useAgent: z.boolean().optional(),
  knownHostsFile: z.string().max(1024).optional(),
  snapshotRoot: z.string().min(1).max(1024).default('/var/lib/hermes-exporter'),
  instances: z
    .array(
      z.object({
        id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lowercase letters, digits, - and _ only'),
        label: z.string().min(1).max(64),
      }),
    )
    .min(1, 'at least one instance'),
});
export type HostSettings = z.infer<typeof hostSettingsSchema>;

export const settingsSchema = z.object({
  pollIntervalSeconds: z.number().int().min(10).max(3600).default(60),
  hosts: z.array(hostSettingsSchema).default([]),
  thresholds: thresholdsSchema.default(thresholdsSchema.parse({})),
  notifications: notificationPrefsSchema.default(notificationPrefsSchema.parse({})),
  launchAtLogin: z.boolean().default(false),
  startHidden: z.boolean().default(false),
});
export type Settings = z.infer<typeof settingsSchema>;

/** `incidents:list`: the incident timeline (newest first) for the window asked, filters applied. */
export interface IncidentTimeline {
  /** Laptop clock when it was built (durations of ongoing incidents run to here). */
  generatedAt: string;
  sinceSeconds: number;
  incidents: Incident[];
}

export interface ConnectionTestResult {
  ok: boolean;
  /** Reason code when not ok (AUTH_FAILED, HOST_KEY_UNKNOWN, …). */
  code: string | null;
  message: string;
  fingerprint: string | null;
  instancesFound: string[];
  rttMs: number | null;
}

// ---------------------------------------------------------------- channels

export const Channels = {
  getState: 'app:get-state',
  refresh: 'poll:refresh',
  queryHistory: 'history:query',
  listCommands: 'commands:list',
  getSettings: 'settings:get',
  saveSettings: 'settings:save',
  testConnection: 'hosts:test-connection',
  decideHostKey: 'hostkey:decide',
  acknowledgeWarning: 'warnings:acknowledge',
  snoozeWarning: 'warnings:snooze',
  muteNotifications: 'notifications:mute',
  openDashboard: 'dashboard:open',
  copyText: 'clipboard:copy',
  listIncidents: 'incidents:list',
  setMaintenance: 'maintenance:set',
} as const;
export type Channel = (typeof Channels)[keyof typeof Channels];

export const PushChannels = {
  state: 'push:state',
  focusWarning: 'push:focus-warning',
} as const;
export type PushChannel = (typeof PushChannels)[keyof typeof PushChannels];

/** A zod schema for every request payload; a test fails if a channel lacks one. */
export const requestSchemas = {
  [Channels.getState]: z.undefined(),
  [Channels.refresh]: z.undefined(),
  [Channels.queryHistory]: z.object({
    instanceId: z.string().min(1).max(64),
    range: z.enum(HISTORY_RANGES),
    series: z.array(z.string().min(1).max(64)).min(1).max(16),
    maxPoints: z.number().int().min(10).max(2000).default(600),
  }),
  [Channels.listCommands]: z.object({ instanceId: z.string().min(1).max(64) }),
  [Channels.getSettings]: z.undefined(),
  [Channels.saveSettings]: settingsSchema,
  [Channels.testConnection]: hostSettingsSchema,
  [Channels.decideHostKey]: z.object({
    hostName: z.string().min(1).max(64),
    fingerprint: z.string().regex(/^SHA256:[A-Za-z0-9+/=]+$/),
    accept: z.boolean(),
  }),
  [Channels.acknowledgeWarning]: z.object({ warningId: z.string().min(1).max(200) }),
  [Channels.snoozeWarning]: z.object({
    warningId: z.string().min(1).max(200),
    duration: z.enum(SNOOZE_DURATIONS),
  }),
  [Channels.muteNotifications]: z.object({ duration: z.enum([...SNOOZE_DURATIONS, 'off'] as const) }),
  [Channels.openDashboard]: z.object({ instanceId: z.string().min(1).max(64) }),
  [Channels.copyText]: z.object({ text: z.string().min(1).max(4000) }),
  [Channels.listIncidents]: incidentQuerySchema,
  [Channels.setMaintenance]: z.object({
    instanceId: z.string().min(1).max(64),
    /** Minutes from now; null ends it. */
    minutes: z.number().int().min(1).max(MAINTENANCE_MAX_MINUTES).nullable(),
    source: z.enum(['window', 'tray']).default('window'),
  }),
} as const satisfies Record<Channel, z.ZodType>;

/** Request payload and response value per channel. */
export interface RequestMap {
  [Channels.getState]: { request: undefined; response: AppState };
  [Channels.refresh]: { request: undefined; response: AppState };
  [Channels.queryHistory]: {
    request: z.input<(typeof requestSchemas)['history:query']>;
    response: HistoryQueryResult;
  };
  [Channels.listCommands]: { request: { instanceId: string }; response: RunbookCommand[] };
  [Channels.getSettings]: { request: undefined; response: Settings };
  [Channels.saveSettings]: { request: z.input<typeof settingsSchema>; response: Settings };
  [Channels.testConnection]: { request: z.input<typeof hostSettingsSchema>; response: ConnectionTestResult };
  [Channels.decideHostKey]: {
    request: { hostName: string; fingerprint: string; accept: boolean };
    response: AppState;
  };
  [Channels.acknowledgeWarning]: { request: { warningId: string }; response: NotificationStatus };
  [Channels.snoozeWarning]: {
    request: { warningId: string; duration: SnoozeDuration };
    response: NotificationStatus;
  };
  [Channels.muteNotifications]: {
    request: { duration: SnoozeDuration | 'off' };
    response: NotificationStatus;
  };
  [Channels.openDashboard]: { request: { instanceId: string }; response: { url: string } };
  [Channels.copyText]: { request: { text: string }; response: { copied: true } };
  [Channels.listIncidents]: { request: IncidentQuery; response: IncidentTimeline };
  [Channels.setMaintenance]: {
    request: { instanceId: string; minutes: number | null; source?: 'window' | 'tray' };
    response: Record<string, MaintenanceWindow>;
  };
}

export interface PushMap {
  [PushChannels.state]: AppState;
  [PushChannels.focusWarning]: { warningId: string };
}

/**
 * The service main implements once; Electron IPC and the WebSocket bridge both route to it.
 * Each method takes an already-validated payload.
 */
export type MissionControlService = {
  [C in Channel]: (payload: RequestMap[C]['request']) => Promise<RequestMap[C]['response']>;
};

/** Method name (as exposed on `window.api`) per channel. */
export type ChannelKey = keyof typeof Channels;

/**
 * What the preload exposes as `window.api` (and what the web bridge shim provides in a browser): one
 * method per channel, nothing generic; subscriptions return an unsubscribe function.
 */
export type WindowApi = {
  [K in ChannelKey]: RequestMap[(typeof Channels)[K]]['request'] extends undefined
    ? () => Promise<IpcResult<RequestMap[(typeof Channels)[K]]['response']>>
    : (
        payload: RequestMap[(typeof Channels)[K]]['request'],
      ) => Promise<IpcResult<RequestMap[(typeof Channels)[K]]['response']>>;
} & {
  onState(listener: (state: AppState) => void): () => void;
  onFocusWarning(listener: (payload: { warningId: string }) => void): () => void;
};
