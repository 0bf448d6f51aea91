/**
 * The one main window: created hidden, shown on `ready-to-show` unless the app starts hidden, hidden (not
 * closed) when the user closes it, so the app lives on in the tray and the poll keeps running in main.
 * The Electron BrowserWindow constructor is injected.
 */
import { pathToFileURL } from 'node:url';
import { mainWindowOptions, rendererIndexPath, type MainWindowOptions } from './window-options.js';
import type { PreventableEvent } from './security.js';

export interface BrowserWindowLike {
  on(event: 'close', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
  once(event: 'ready-to-show', listener: () => void): unknown;
  show(): void;
  hide(): void;
  focus(): void;
  isVisible(): boolean;
  isMinimized(): boolean;
  restore(): void;
  isDestroyed(): boolean;
  loadURL(url: string): Promise<void>;
  webContents: {
    send(channel: string, ...args: unknown[]): void;
    once(event: 'did-finish-load', listener: () => void): unknown;
  };
}

export interface MainWindowDeps<W extends BrowserWindowLike> {
  createWindow(options: MainWindowOptions): W;
  appRoot: string;
  isDev: boolean;
  iconPath?: string;
  /** electron-vite's dev server (ELECTRON_RENDERER_URL) in development; the built file otherwise. */
  devServerUrl?: string;
  /** Start in the tray only (setting `startHidden` or `--hidden`). */
  startHidden: boolean;
  /** True once the user chose Quit: then close really closes. */
  isQuitting(): boolean;
  onLoadError?(error: unknown): void;
}

/** The URL the renderer is loaded from (also what the IPC sender check trusts). */
export function rendererUrl(appRoot: string, devServerUrl?: string): string {
  return devServerUrl ?? pathToFileURL(rendererIndexPath(appRoot)).href;
}

/** Owns the window's lifecycle; `show()` recreates it if it was ever destroyed. */
export class MainWindow<W extends BrowserWindowLike = BrowserWindowLike> {
  private current: W | null = null;
  private loaded = false;
  /** Pushes sent before the renderer loaded: only the latest per channel matters (state, focus). */
  private readonly pending = new Map<string, unknown>();

  constructor(private readonly deps: MainWindowDeps<W>) {}

  get window(): W | null {
    return this.current && !this.current.isDestroyed() ? this.current : null;
  }

  /** Creates the window (hidden unless `startHidden` is false) and loads the renderer. */
  create(showWhenReady = !this.deps.startHidden): W {
    const win = this.deps.createWindow(
      mainWindowOptions({ appRoot: this.deps.appRoot, isDev: this.deps.isDev, iconPath: this.deps.iconPath }),
    );
    this.current = win;
    this.loaded = false;
    win.once('ready-to-show', () => {
      if (showWhenReady) win.show();
    });
    win.on('close', (event) => {
      if (this.deps.isQuitting()) return;
      event.preventDefault();
      win.hide();
    });
    win.on('closed', () => {
      if (this.current === win) this.current = null;
    });
    win.webContents.once('did-finish-load', () => {
      this.loaded = true;
      for (const [channel, payload] of this.pending) win.webContents.send(channel, payload);
      this.pending.clear();
    });
    win.loadURL(rendererUrl(this.deps.appRoot, this.deps.devServerUrl)).catch((error: unknown) => {
      this.deps.onLoadError?.(error);
    });
    return win;
  }

  /** Shows and focuses the window, creating it if needed. */
  show(): W {
    const win = this.window ?? this.create(true);
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
    return win;
  }

  hide(): void {
    this.window?.hide();
  }

  /** Sends a push; if the renderer has not loaded yet, it is delivered once it has. */
  send(channel: string, payload: unknown): void {
    const win = this.window;
    if (!win) return;
    if (this.loaded) win.webContents.send(channel, payload);
    else this.pending.set(channel, payload);
  }
}
