/**
 * The Mission Control core as one service: config → SSH connections (or the demo fleet) → poller →
 * rules → notification policy → local history → AppState. Implements `MissionControlService` (the IPC
 * contract); Electron IPC (main/ipc) and the `hermes-mc web` WebSocket bridge both route to it.
 * Plain Node: no electron import. The desktop injects what only Electron can do (clipboard, opening
 * a dashboard tunnel in the browser, the OS keychain) by overriding those service methods.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type {
  AppState,
  MissionControlService,
  NotificationStatus,
  Settings,
} from '../../preload/ipc-contract.js';
import { hostSettingsSchema, settingsSchema } from '../../preload/ipc-contract.js';
import { commandsByInstance, evaluateRules } from '../../common/alerts/evaluate-rules.js';
import { appSamplesFor, buildAppState } from './app/app-state.js';
import { testHostConnection } from './app/connection-tester.js';
import { HostKeyPrompts } from './app/host-key-prompts.js';
import type { AppConfig } from './config/app-config.js';
import { dataDir as defaultDataDir, pinnedKeysFile, resolveConfigFile } from './config/config-paths.js';
import { loadConfig, saveConfig } from './config/load-config.js';
import { readSshConfig } from './config/ssh-alias.js';
import { openLocalHistoryStore, type LocalHistoryStore } from './history/local-history-store.js';
import { openIncidentLog, type IncidentLog } from './history/incident-log.js';
import { incidentTimeline } from './history/incident-query.js';
import { demoIncidentEvents } from './demo/demo-incidents.js';
import type { Warning } from '../../common/model/warning.js';
import {
  acknowledge,
  decideNotifications,
  emptyPolicyState,
  mute,
  notificationStatus,
  snooze,
  type NotificationToShow,
  type PolicyState,
} from '../../common/notify/notification-policy.js';
import { createPolicyStore, type PolicyStore } from './notify/policy-store.js';
import { createMaintenanceStore, type MaintenanceStore } from './maintenance/maintenance-store.js';
import {
  activeMaintenance,
  emptyMaintenance,
  endMaintenance,
  expireMaintenance,
  startMaintenance,
  type MaintenanceState,
  type MaintenanceWindow,
} from '../../common/model/maintenance.js';
import type { IncidentEvent } from '../../common/incidents/incident-types.js';
import { withoutWhatTheVmTells } from '../notify/vm-delivery-filter.js';
import { createDemoFleetPoller, createFleetPollerFromConfig } from './poll/fleet-factory.js';
import type { FleetPoller, FleetState, PollerTimers } from './poll/fleet-poller.js';
import type { SecretStore } from './ssh/auth.js';
import { ConnectionManager } from './ssh/connection-manager.js';
import { PinnedKeyStore } from './ssh/pinned-keys.js';
import { createTailscaleRefiner } from './ssh/tailscale.js';
import type { Client } from 'ssh2';

export interface AppServiceOptions {
  /** App data folder (pinned keys, notification state, local history). Default: the OS data folder. */
  dataDir?: string;
  /** Where key passphrases come from (desktop: OS keychain via safeStorage). Default: none known. */
  secrets?: SecretStore;
  /** `--config FILE`; default: the OS config folder's config.json. */
  configFile?: string | null;
  /** Force the embedded demo fleet. */
  demo?: boolean;
  env?: NodeJS.ProcessEnv;
  timers?: PollerTimers;
  /** Start polling at once (default true). */
  autoStart?: boolean;
  /** Skip `tailscale status` refinement (tests). */
  tailscale?: boolean;
}

export interface AppServiceHandle {
  service: MissionControlService;
  onState(listener: (state: AppState) => void): () => void;
  onNotification(listener: (notification: NotificationToShow) => void): () => void;
  onFocusWarning(listener: (payload: { warningId: string }) => void): () => void;
  /** Current state without a round trip. */
  state(): AppState;
  /** Resume/network change: reconnect now and poll. */
  retryNow(): void;
  /** Sleep: stop polling; wake: resume, reconnect and send one summary. */
  pausePolling(paused: boolean): void;
  getSshClient(hostName: string): Client | null;
  /** The loaded config (null in demo mode). */
  config(): AppConfig | null;
  close(): Promise<void>;
}

class CodedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const emptySecrets: SecretStore = { get: async () => null, set: async () => undefined };

/** Build and start the core. Errors in the config file do not throw: they become a demo fleet plus a visible error. */
export async function createAppService(options: AppServiceOptions = {}): Promise<AppServiceHandle> {
  const env = options.env ?? process.env;
  const timers = options.timers;
  const nowMs = () => (timers ? timers.now() : Date.now());
  const root = options.dataDir ?? defaultDataDir({ env });
  await mkdir(root, { recursive: true });
  const configPath = resolveConfigFile(options.configFile ?? null, { env });
  const secrets = options.secrets ?? emptySecrets;

  const stateListeners = new Set<(s: AppState) => void>();
  const notificationListeners = new Set<(n: NotificationToShow) => void>();
  const focusListeners = new Set<(p: { warningId: string }) => void>();
  const prompts = new HostKeyPrompts();

  let config: AppConfig | null = null;
  let demo = true;
  let manager: ConnectionManager | null = null;
  let poller: FleetPoller | null = null;
  let history: LocalHistoryStore | null = null;
  let policyStore: PolicyStore | null = null;
  let incidents: IncidentLog | null = null;
  let maintenanceStore: MaintenanceStore | null = null;
  let maintenance: MaintenanceState = emptyMaintenance();
  /** Instances whose maintenance ended since the last policy decision (their summary is owed). */
  let maintenanceEnded: string[] = [];
  /** Every read and write of the maintenance file, in order (a reload never overtakes a save). */
  let maintenanceIo: Promise<void> = Promise.resolve();
  /** Bumped by every in-memory change, so a reload that raced one is dropped. */
  let maintenanceVersion = 0;
  let policy: PolicyState = emptyPolicyState();
  let warnings: Warning[] = [];
  let lastPolls = -1;
  let appStarted = true;
  let wokeFromSleep = false;
  let paused = false;
  let closed = false;
  let unsubscribers: (() => void)[] = [];
  let current: AppState;
  let policySave: Promise<void> = Promise.resolve();
  /** A config file that failed validation: shown in state while the demo fleet stands in. */
  let configError: string | null = null;

  /**
   * The settings last read from or written to the file. Kept apart from `config` (which is null whenever
   * no host is configured, so the demo fleet shows): removing the last host must not reset the thresholds,
   * interval and notification choices saved with it, nor let the next save overwrite them with defaults.
   */
  let fileSettings: Settings | null = null;

  const settings = (): Settings => config ?? fileSettings ?? settingsSchema.parse({});

  async function loadAppConfig(): Promise<AppConfig | null> {
    if (options.demo) return null;
    let sshConfig;
    try {
      sshConfig = readSshConfig();
    } catch {
      sshConfig = undefined;
    }
    const loaded = await loadConfig(configPath, { sshConfig });
    if (!loaded.ok) throw new CodedError('CONFIG_INVALID', loaded.error.message);
    fileSettings = loaded.config;
    return loaded.config && loaded.config.hosts.length > 0 ? loaded.config : null;
  }

  async function build(): Promise<void> {
    demo = config === null;
    // Demo history lives apart from a real fleet's, so switching to a real VM starts clean.
    const folder = join(root, demo ? 'demo' : 'fleet');
    history = await openLocalHistoryStore({ dataDir: join(folder, 'history') });
    incidents = await openIncidentLog({ dir: join(folder, 'incidents'), now: () => new Date(nowMs()) });
    policyStore = createPolicyStore(folder);
    policy = (await policyStore.load()).state;
    maintenanceStore = createMaintenanceStore(folder);
    maintenance = await maintenanceStore.load();
    maintenanceEnded = [];
    if (config) {
      manager = new ConnectionManager({
        hosts: config.hosts,
        secretStore: secrets,
        pinnedKeys: new PinnedKeyStore(pinnedKeysFile({ env })),
        decideUnknownHostKey: async (req) => {
          if (prompts.record(req)) publish();
          return false;
        },
        env,
        home: env.HOME,
        refineUnreachable: options.tailscale === false ? undefined : createTailscaleRefiner(),
      });
      poller = createFleetPollerFromConfig({ config, connections: manager, timers });
    } else {
      poller = createDemoFleetPoller({ timers });
    }
    lastPolls = -1;
    unsubscribers = [
      poller.onChange((fleet) => onFleet(fleet)),
      poller.onHistory((instanceId, delta) => {
        void history?.ingest(instanceId, { raw: delta.raw.samples, rollups: delta.rollup.samples });
        void incidents
          ?.recordHistory(instanceId, delta.raw.samples, {
            backupMaxAgeSeconds: settings().thresholds.backupMaxAgeMinutes * 60,
          })
          .catch(() => undefined);
      }),
    ];
    current = assemble(poller.state());
    if (options.autoStart !== false && !paused) poller.start();
  }

  async function teardown(): Promise<void> {
    for (const u of unsubscribers) u();
    unsubscribers = [];
    await poller?.stop();
    await manager?.close();
    await history?.flush();
    await incidents?.flush();
    await policySave;
    await maintenanceIo;
    poller = null;
    manager = null;
  }

  function assemble(fleet: FleetState): AppState {
    return buildAppState({
      demo,
      instances: fleet.instances,
      warnings,
      notifications: notificationStatus(policy, new Date(nowMs()), settings().notifications),
      hostKeyPrompts: prompts.list(fleet.instances),
      intervalSeconds: demo ? 60 : settings().pollIntervalSeconds,
      paused,
      lastPollAt: fleet.lastPollAt,
      now: new Date(nowMs()),
      configError,
      maintenance: runningWindows(new Date(nowMs())),
    });
  }

  function runningWindows(now: Date): Record<string, MaintenanceWindow> {
    const live = activeMaintenance(maintenance, now);
    return Object.fromEntries(Object.keys(live).map((id) => [id, maintenance.windows[id]!]));
  }

  const maintenanceEvent = (w: MaintenanceWindow, phase: 'begin' | 'end', t: string): IncidentEvent => ({
    t,
    instanceId: w.instanceId,
    kind: 'maintenance',
    key: 'maintenance',
    phase,
    severity: 'info',
    title: 'Maintenance (notifications held)',
    details: phase === 'begin' ? [`started from the ${w.source === 'cli' ? 'terminal' : w.source}`] : [],
    source: 'app',
  });

  /** Adopts `next` as the maintenance state: records windows that began or ended; owes their summaries. */
  function applyMaintenance(next: MaintenanceState, now: Date): void {
    const events: IncidentEvent[] = [];
    for (const w of Object.values(next.windows)) {
      const prev = maintenance.windows[w.instanceId];
      if (!prev || prev.startedAt !== w.startedAt) events.push(maintenanceEvent(w, 'begin', w.startedAt));
    }
    for (const prev of Object.values(maintenance.windows)) {
      const w = next.windows[prev.instanceId];
      if (w && w.startedAt === prev.startedAt) continue;
      const endedAt = new Date(Math.min(now.getTime(), Date.parse(prev.until))).toISOString();
      events.push(maintenanceEvent(prev, 'end', endedAt));
      maintenanceEnded.push(prev.instanceId);
    }
    maintenance = next;
    maintenanceVersion++;
    if (events.length) void incidents?.record(events).catch(() => undefined);
  }

  function saveMaintenance(): void {
    const store = maintenanceStore;
    const snapshot = maintenance;
    maintenanceIo = maintenanceIo.then(() => store?.save(snapshot)).catch(() => undefined);
  }

  /** Picks up windows `hermes-mc maintenance` wrote since (applied at the next poll's decision). */
  function reloadMaintenance(): void {
    const store = maintenanceStore;
    maintenanceIo = maintenanceIo
      .then(async () => {
        if (!store) return;
        const version = maintenanceVersion;
        const loaded = await store.load();
        if (version !== maintenanceVersion || store !== maintenanceStore) return;
        if (JSON.stringify(loaded) === JSON.stringify(maintenance)) return;
        applyMaintenance(loaded, new Date(nowMs()));
        publish();
      })
      .catch(() => undefined);
  }

  function onFleet(fleet: FleetState): void {
    const now = new Date(nowMs());
    const s = settings();
    warnings = evaluateRules({
      instances: fleet.instances,
      thresholds: s.thresholds,
      now,
      previous: warnings,
      hosts: config?.hosts,
    });
    // The notification policy counts polls (flap control), so it runs once per completed poll.
    if (fleet.polls !== lastPolls) {
      lastPolls = fleet.polls;
      const labels = Object.fromEntries(fleet.instances.map((i) => [i.id, i.label]));
      const expired = expireMaintenance(maintenance, now);
      if (expired.ended.length > 0) {
        applyMaintenance(expired.state, now);
        saveMaintenance();
      }
      const ended = maintenanceEnded;
      maintenanceEnded = [];
      const decided = decideNotifications(policy, warnings, s.notifications, now, {
        appStarted,
        wokeFromSleep,
        instanceLabels: labels,
        maintenance: activeMaintenance(maintenance, now),
        maintenanceEnded: ended,
      });
      reloadMaintenance();
      appStarted = false;
      wokeFromSleep = false;
      policy = decided.state;
      savePolicy();
      if (s.notifications.enabled) {
        const shown = withoutWhatTheVmTells(
          decided.notifications,
          s.notifications.deliveryByInstance,
          fleet.instances,
          now,
        );
        for (const n of shown) for (const l of notificationListeners) l(n);
      }
      const rtt = new Map(fleet.hosts.map((h) => [h.hostName, h.lastPollMs]));
      const t = Math.floor(now.getTime() / 1000);
      void incidents?.recordPoll(fleet.instances, warnings, now).catch(() => undefined);
      for (const [id, values] of appSamplesFor(fleet.instances, warnings, rtt)) {
        void history?.recordAppSample(id, t, values);
      }
    }
    current = assemble(fleet);
    for (const l of stateListeners) l(current);
  }

  function savePolicy(): void {
    const store = policyStore;
    const snapshot = policy;
    policySave = policySave.then(() => store?.save(snapshot)).catch(() => undefined);
  }

  function publish(): AppState {
    if (poller) current = assemble(poller.state());
    for (const l of stateListeners) l(current);
    return current;
  }

  function notifications(): NotificationStatus {
    return notificationStatus(policy, new Date(nowMs()), settings().notifications);
  }

  try {
    config = await loadAppConfig();
  } catch (err) {
    // A broken config must not take the app down: show the demo fleet and the error in state.
    config = null;
    configError = err instanceof Error ? err.message : String(err);
  }
  await build();

  const service: MissionControlService = {
    'app:get-state': async () => current,
    'poll:refresh': async () => {
      // Answer within a few seconds whatever the link does; a late poll result follows as a state push.
      if (poller) await poller.refreshWithin(3_000);
      return current;
    },
    'history:query': async (req) => {
      if (!current.instances.some((i) => i.id === req.instanceId)) {
        throw new CodedError('UNKNOWN_INSTANCE', `No instance "${req.instanceId}" in this fleet.`);
      }
      await history?.flush();
      return history!.query(req.instanceId, req.series, req.range, req.maxPoints ?? 600);
    },
    'commands:list': async ({ instanceId }) => {
      const commands = commandsByInstance(current.instances, config?.hosts).get(instanceId);
      if (!commands) throw new CodedError('UNKNOWN_INSTANCE', `No instance "${instanceId}" in this fleet.`);
      return commands;
    },
    'settings:get': async () => settings(),
    'settings:save': async (next) => {
      const saved = await saveConfig(configPath, next);
      if (!saved.ok) throw new CodedError('CONFIG_INVALID', saved.error.message);
      await teardown();
      fileSettings = saved.config;
      config = saved.config && saved.config.hosts.length > 0 ? saved.config : null;
      configError = null;
      warnings = [];
      await build();
      publish();
      return settings();
    },
    'hosts:test-connection': async (host) =>
      testHostConnection(hostSettingsSchema.parse(host), {
        secretStore: secrets,
        pinnedKeysPath: pinnedKeysFile({ env }),
        env,
      }),
    'hostkey:decide': async ({ hostName, fingerprint, accept }) => {
      const prompt = prompts.pending(hostName);
      if (!prompt || prompt.fingerprint !== fingerprint) {
        throw new CodedError('NO_SUCH_PROMPT', `No pending host key ${fingerprint} for ${hostName}.`);
      }
      prompts.resolve(hostName, fingerprint, accept);
      if (accept && manager) {
        const pinned = await manager.acceptHostKey(hostName, fingerprint);
        if (!pinned)
          throw new CodedError(
            'HOST_KEY_CHANGED',
            `The key ${hostName} presents is no longer ${fingerprint}; nothing was trusted.`,
          );
        void poller?.refreshNow();
      }
      return publish();
    },
    'warnings:acknowledge': async ({ warningId }) => {
      policy = acknowledge(policy, warningId, new Date(nowMs()));
      savePolicy();
      publish();
      return notifications();
    },
    'warnings:snooze': async ({ warningId, duration }) => {
      policy = snooze(policy, warningId, duration, new Date(nowMs()));
      savePolicy();
      publish();
      return notifications();
    },
    'notifications:mute': async ({ duration }) => {
      policy = mute(policy, duration, new Date(nowMs()));
      savePolicy();
      publish();
      return notifications();
    },
    'dashboard:open': async () => {
      throw new CodedError(
        'NOT_SUPPORTED',
        'Opening a dashboard needs the desktop app; copy the tunnel command from Commands instead.',
      );
    },
    'clipboard:copy': async () => {
      throw new CodedError('NOT_SUPPORTED', 'Copy from the page: this bridge cannot reach your clipboard.');
    },
    'maintenance:set': async ({ instanceId, minutes, source }) => {
      if (!current.instances.some((i) => i.id === instanceId)) {
        throw new CodedError('UNKNOWN_INSTANCE', `No instance "${instanceId}" in this fleet.`);
      }
      await maintenanceIo;
      const now = new Date(nowMs());
      const next =
        minutes === null
          ? endMaintenance(maintenance, instanceId, now).state
          : startMaintenance(maintenance, instanceId, minutes, now, source ?? 'window');
      applyMaintenance(next, now);
      saveMaintenance();
      await maintenanceIo;
      publish();
      // Ended by hand: the next poll sends the summary of what is still wrong; poll now, not in a minute.
      if (minutes === null) void poller?.refreshNow();
      return runningWindows(now);
    },
    'incidents:list': async (query) => {
      await incidents?.flush();
      const now = new Date(nowMs());
      const recorded = incidents?.events() ?? [];
      return incidentTimeline(
        demo ? [...demoIncidentEvents(now.getTime()), ...recorded] : recorded,
        query,
        now,
      );
    },
  };

  return {
    service,
    onState(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    onNotification(listener) {
      notificationListeners.add(listener);
      return () => notificationListeners.delete(listener);
    },
    onFocusWarning(listener) {
      focusListeners.add(listener);
      return () => focusListeners.delete(listener);
    },
    state: () => current,
    retryNow() {
      manager?.retryNow();
      void poller?.refreshNow();
    },
    pausePolling(next) {
      if (next === paused) return;
      paused = next;
      if (paused) {
        void poller?.stop();
      } else {
        wokeFromSleep = true;
        manager?.retryNow();
        poller?.start();
        void poller?.refreshNow();
      }
      publish();
    },
    getSshClient: (hostName) => manager?.getClient(hostName) ?? null,
    config: () => config,
    async close() {
      if (closed) return;
      closed = true;
      await teardown();
    },
  };
}
