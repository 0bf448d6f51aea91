/**
 * The main window's BrowserWindow options. Pure, so the security-relevant flags are asserted in a test
 * rather than trusted: a sandboxed, context-isolated renderer with no node, loading only our preload.
 */
import { join } from 'node:path';

/** Structurally a subset of Electron's BrowserWindowConstructorOptions (what we set, nothing more). */
export interface MainWindowOptions {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  title: string;
  /** Shown on `ready-to-show` unless the app starts hidden (tray only). */
  show: false;
  backgroundColor: string;
  icon?: string;
  autoHideMenuBar: true;
  webPreferences: {
    preload: string;
    sandbox: true;
    contextIsolation: true;
    nodeIntegration: false;
    nodeIntegrationInWorker: false;
    nodeIntegrationInSubFrames: false;
    webSecurity: true;
    allowRunningInsecureContent: false;
    webviewTag: false;
    experimentalFeatures: false;
    navigateOnDragDrop: false;
    spellcheck: false;
    devTools: boolean;
  };
}

export interface WindowOptionsInput {
  /** The folder holding `out/` (app.getAppPath()). */
  appRoot: string;
  /** Devtools only for development builds. */
  isDev: boolean;
  /** App icon for Linux/Windows task bars (resources/icons/icon.png); macOS uses the bundle icon. */
  iconPath?: string;
}

/** The preload bundle electron-vite writes (CommonJS: the sandbox cannot load ESM preloads). */
export function preloadPath(appRoot: string): string {
  return join(appRoot, 'out', 'preload', 'index.cjs');
}

export function rendererIndexPath(appRoot: string): string {
  return join(appRoot, 'out', 'renderer', 'index.html');
}

export function mainWindowOptions(input: WindowOptionsInput): MainWindowOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'Hermes Mission Control',
    show: false,
    backgroundColor: '#0f1115',
    ...(input.iconPath ? { icon: input.iconPath } : {}),
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath(input.appRoot),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: input.isDev,
    },
  };
}
