// Electron entry: bootstraps only. Every decision below is made by a pure, tested module; this file
// hands them the real Electron objects (single-instance lock, window, tray, IPC, notifications, power).
import { join } from 'node:path';
import {
  app,
  BrowserWindow,
  clipboard,
  ipcMain,
  Menu,
  nativeImage,
  nativeTheme,
  net,
  Notification,
  powerMonitor,
  safeStorage,
  session,
  shell,
  Tray,
} from 'electron';
import { createAppService } from './core/app-service.js';
import {
  Channels,
  PushChannels,
  type AppState,
  type MissionControlService,
} from '../preload/ipc-contract.js';
import type { RunbookCommand } from '../common/model/warning.js';
import { registerIpc, sendPush } from './ipc/register-ipc.js';
import { NotificationRegistry } from './notify/notification-delivery.js';
import { watchOnline, wirePowerEvents } from './power/power-events.js';
import { checkExternalUrl } from './security/open-external.js';
import { createSafeStorageSecrets } from './security/safe-storage-secrets.js';
import { TrayController, type MenuTemplateItem } from './tray/tray-controller.js';
import { trayIconPath } from './tray/tray-icons.js';
import { buildTrayModel } from './tray/tray-model.js';
import { TunnelRegistry } from './tunnels/tunnel-registry.js';
import { MainWindow, rendererUrl } from './windows/main-window.js';
import { hardenSession, hardenWebContents } from './windows/security.js';
import { loginItemOptions, shouldStartHidden } from './windows/startup-options.js';

const devServerUrl = !app.isPackaged ? process.env['ELECTRON_RENDERER_URL'] : undefined;
let quitting = false;

if (!app.requestSingleInstanceLock()) {
  // Another copy runs already; it shows its window (see 'second-instance').
  app.quit();
} else {
  void bootstrap();
}

function codedError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

async function bootstrap(): Promise<void> {
  // Tunnels ride on the core's SSH connections (looked up per connection, so a reconnect is transparent).
  const tunnels = new TunnelRegistry({ getClient: (hostName) => core.getSshClient(hostName) });
  const allowedExternal = (url: string) =>
    checkExternalUrl(url, { forwardedPorts: tunnels.forwardedPorts() });

  // Every web contents ever created (window, devtools, anything) is hardened before it can navigate.
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, {
      isAllowedExternal: (url) => allowedExternal(url).allowed,
      openExternal: (url) => shell.openExternal(url),
    });
  });
  app.on('window-all-closed', () => {
    // A tray app keeps running with no window.
  });

  await app.whenReady();
  hardenSession(session.defaultSession);

  const appRoot = app.getAppPath();
  const iconsDir = app.isPackaged
    ? join(process.resourcesPath, 'icons')
    : join(appRoot, 'resources', 'icons');
  const secrets = createSafeStorageSecrets({
    safeStorage,
    platform: process.platform,
    filePath: join(app.getPath('userData'), 'secrets.json'),
  });
  const core = await createAppService({ dataDir: app.getPath('userData'), secrets });

  const settings = await core.service[Channels.getSettings](undefined);
  const applyLoginItem = (s: typeof settings) => {
    const options = loginItemOptions(s, process.platform);
    if (options) app.setLoginItemSettings(options);
  };
  applyLoginItem(settings);

  const window = new MainWindow({
    createWindow: (options) => new BrowserWindow(options),
    appRoot,
    isDev: !app.isPackaged,
    iconPath: join(iconsDir, 'icon.png'),
    devServerUrl,
    startHidden: shouldStartHidden(process.argv, settings),
    isQuitting: () => quitting,
  });

  const openDashboard = async (instanceId: string): Promise<{ url: string }> => {
    const state = await core.service[Channels.getState](undefined);
    const instance = state.instances.find((i) => i.id === instanceId);
    if (!instance) throw codedError('NOT_FOUND', `No instance "${instanceId}".`);
    const opened = await tunnels.open(instance.hostName, instance.snapshot);
    const decision = allowedExternal(opened.url);
    if (!decision.allowed) throw codedError('FORBIDDEN_URL', decision.reason);
    await shell.openExternal(decision.url);
    return { url: decision.url };
  };

  // The core cannot touch Electron: the clipboard, the browser and the login item are added here.
  const service: MissionControlService = {
    ...core.service,
    [Channels.openDashboard]: ({ instanceId }) => openDashboard(instanceId),
    [Channels.copyText]: async ({ text }) => {
      clipboard.writeText(text);
      return { copied: true as const };
    },
    [Channels.saveSettings]: async (payload) => {
      const saved = await core.service[Channels.saveSettings](payload);
      applyLoginItem(saved);
      return saved;
    },
  };

  registerIpc({ ipcMain, service, trustedRendererUrls: [rendererUrl(appRoot, devServerUrl)] });

  // ---- tray
  const loadIcon = (icon: Parameters<typeof trayIconPath>[0]) =>
    nativeImage.createFromPath(
      trayIconPath(icon, {
        platform: process.platform,
        darkTheme: nativeTheme.shouldUseDarkColors,
        iconsDir,
      }),
    );
  const tray = new Tray(loadIcon('stale'));
  const trayController = new TrayController({
    tray,
    loadIcon,
    buildMenu: (template: MenuTemplateItem[]) => Menu.buildFromTemplate(template),
    actions: {
      openWindow: () => window.show(),
      focusInstance: () => window.show(),
      refresh: () => service[Channels.refresh](undefined),
      copyText: (text) => clipboard.writeText(text),
      openDashboard,
      muteNotifications: (duration) => service[Channels.muteNotifications]({ duration }),
      setMaintenance: (instanceId, minutes) =>
        service[Channels.setMaintenance]({ instanceId, minutes, source: 'tray' }),
      quit: () => app.quit(),
    },
    onError: (error) => console.error('tray action failed:', (error as Error).message),
  });
  tray.on('click', () => window.show());
  nativeTheme.on('updated', () => trayController.reloadIcon());

  let lastState: AppState | null = null;
  let commands: Record<string, RunbookCommand[]> = {};
  const renderTray = () => {
    if (lastState) trayController.update(buildTrayModel({ state: lastState, now: new Date(), commands }));
  };
  const onState = async (state: AppState) => {
    lastState = state;
    sendPush(window.window?.webContents ?? null, PushChannels.state, state);
    const lists = await Promise.all(
      state.instances.map(
        async (i) =>
          [i.id, await service[Channels.listCommands]({ instanceId: i.id }).catch(() => [])] as const,
      ),
    );
    commands = Object.fromEntries(lists);
    renderTray();
  };
  core.onState((state) => void onState(state));
  // Data ages and mute expiry move with the clock, not only with new state.
  setInterval(renderTray, 30_000).unref();
  await onState(await service[Channels.getState](undefined));

  // ---- notifications
  const notifications = new NotificationRegistry({
    create: (options) => new Notification(options),
    platform: process.platform,
    openWarning: (warningId) => {
      window.show();
      if (warningId) window.send(PushChannels.focusWarning, { warningId });
    },
    acknowledge: (warningId) => service[Channels.acknowledgeWarning]({ warningId }),
    snooze: (warningId, duration) => service[Channels.snoozeWarning]({ warningId, duration }),
    onError: (error) => console.error('notification action failed:', (error as Error).message),
  });
  if (Notification.isSupported()) core.onNotification((n) => notifications.show(n));

  // ---- sleep/wake and network
  const network = watchOnline({
    isOnline: () => net.isOnline(),
    setInterval: (fn, ms) => setInterval(fn, ms).unref(),
    clearInterval: (h) => clearInterval(h as NodeJS.Timeout),
  });
  const unwirePower = wirePowerEvents(
    { power: powerMonitor, network },
    {
      pausePolling: (paused) => core.pausePolling(paused),
      retryNow: () => core.retryNow(),
      refresh: () => service[Channels.refresh](undefined),
    },
  );

  window.create();
  app.on('second-instance', () => window.show());
  if (process.env['HMC_E2E'] === '1') {
    // Handles for the Playwright smoke tests only (test/e2e/electron-smoke.test.ts); never set otherwise.
    Object.assign(globalThis, {
      __hmcE2E: {
        trayTooltip: () => trayController.currentTooltip,
        pushState: async () =>
          sendPush(
            window.window?.webContents ?? null,
            PushChannels.state,
            await service[Channels.getState](undefined),
          ),
        clickNotification: (warningId: string) => notifications.simulateClick(warningId),
        showNotification: (warningId: string) =>
          notifications.show({
            kind: 'new',
            warningId,
            severity: 'warning',
            title: 'E2E',
            body: 'smoke test',
          }),
      },
    });
  }
  app.on('activate', () => window.show());

  // ---- quit: close tunnels, notifications and connections once, then really quit.
  let cleanedUp = false;
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('will-quit', (event) => {
    if (cleanedUp) return;
    event.preventDefault();
    cleanedUp = true;
    unwirePower();
    network.stop();
    notifications.closeAll();
    tray.destroy();
    void Promise.allSettled([tunnels.closeAll(), core.close()]).then(() => app.quit());
  });
}
