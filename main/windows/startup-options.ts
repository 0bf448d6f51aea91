/**
 * Start-up decisions, pure: whether to start in the tray only, and what to ask the OS for "launch at login".
 */
export interface StartupSettings {
  launchAtLogin: boolean;
  startHidden: boolean;
}

/** The flag the login item passes, so a login start stays in the tray even if the setting changes later. */
export const HIDDEN_FLAG = '--hidden';

export function shouldStartHidden(argv: readonly string[], settings: StartupSettings): boolean {
  return settings.startHidden || argv.includes(HIDDEN_FLAG);
}

/** Structurally Electron's Settings for app.setLoginItemSettings. */
export interface LoginItemOptions {
  openAtLogin: boolean;
  openAsHidden?: boolean;
  args?: string[];
}

/**
 * What to pass to app.setLoginItemSettings, or null where Electron does not support it (Linux: there the
 * user adds an autostart entry; the settings pane says so).
 */
export function loginItemOptions(
  settings: StartupSettings,
  platform: NodeJS.Platform,
): LoginItemOptions | null {
  if (platform !== 'darwin' && platform !== 'win32') return null;
  return {
    openAtLogin: settings.launchAtLogin,
    // macOS ignores args for login items; openAsHidden is its equivalent (deprecated but still honoured).
    ...(platform === 'darwin' ? { openAsHidden: true } : { args: [HIDDEN_FLAG] }),
  };
}
