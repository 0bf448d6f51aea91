import { describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { mainWindowOptions } from '../../../main/windows/window-options.js';
import { MainWindow, rendererUrl, type BrowserWindowLike } from '../../../main/windows/main-window.js';
import { HIDDEN_FLAG, loginItemOptions, shouldStartHidden } from '../../../main/windows/startup-options.js';

describe('main window options', () => {
  const options = mainWindowOptions({ appRoot: '/opt/hmc', isDev: false });

  it('runs the renderer sandboxed, isolated and without node', () => {
    expect(options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
    });
  });

  it('loads only the bundled CommonJS preload and starts hidden until ready', () => {
    expect(options.webPreferences.preload).toBe(join('/opt/hmc', 'out', 'preload', 'index.cjs'));
    expect(options.show).toBe(false);
  });
});

class FakeWindow implements BrowserWindowLike {
  visible = false;
  destroyed = false;
  loadedUrl = '';
  sent: Array<[string, unknown]> = [];
  private handlers = new Map<string, Array<(...a: unknown[]) => void>>();
  webContents = {
    send: (channel: string, payload: unknown) => this.sent.push([channel, payload]),
    once: (event: string, l: () => void) => this.on(event, l),
  };
  constructor(readonly options: unknown) {}
  on(event: string, l: (...a: never[]) => void) {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), l as (...a: unknown[]) => void]);
    return this;
  }
  once(event: string, l: () => void) {
    return this.on(event, l);
  }
  emit(event: string, ...args: unknown[]) {
    for (const l of this.handlers.get(event) ?? []) l(...args);
  }
  show() {
    this.visible = true;
  }
  hide() {
    this.visible = false;
  }
  focus() {}
  isVisible() {
    return this.visible;
  }
  isMinimized() {
    return false;
  }
  restore() {}
  isDestroyed() {
    return this.destroyed;
  }
  async loadURL(url: string) {
    this.loadedUrl = url;
  }
}

function setup(startHidden: boolean) {
  let quitting = false;
  const windows: FakeWindow[] = [];
  const main = new MainWindow<FakeWindow>({
    createWindow: (o) => {
      const w = new FakeWindow(o);
      windows.push(w);
      return w;
    },
    appRoot: '/opt/hmc',
    isDev: false,
    startHidden,
    isQuitting: () => quitting,
  });
  return { main, windows, quit: () => (quitting = true) };
}

describe('MainWindow', () => {
  it('loads the built renderer from a file URL and shows when ready unless started hidden', () => {
    const shown = setup(false);
    const w = shown.main.create();
    expect(w.loadedUrl).toBe(pathToFileURL('/opt/hmc/out/renderer/index.html').href);
    w.emit('ready-to-show');
    expect(w.visible).toBe(true);

    const hidden = setup(true);
    const h = hidden.main.create();
    h.emit('ready-to-show');
    expect(h.visible).toBe(false);
  });

  it('hides to the tray when closed, and really closes once the user quits', () => {
    const { main, quit } = setup(false);
    const w = main.create();
    w.show();
    const closeEvent = { preventDefault: vi.fn() };
    w.emit('close', closeEvent);
    expect(closeEvent.preventDefault).toHaveBeenCalled();
    expect(w.visible).toBe(false);

    quit();
    const again = { preventDefault: vi.fn() };
    w.emit('close', again);
    expect(again.preventDefault).not.toHaveBeenCalled();
  });

  it('delivers a focus push sent before the renderer loaded once it has', () => {
    const { main } = setup(true);
    const w = main.create();
    main.send('push:focus-warning', { warningId: 'a' });
    main.send('push:focus-warning', { warningId: 'b' });
    expect(w.sent).toEqual([]);
    w.emit('did-finish-load');
    expect(w.sent).toEqual([['push:focus-warning', { warningId: 'b' }]]);
    main.send('push:state', { n: 1 });
    expect(w.sent).toHaveLength(2);
  });

  it('recreates the window on show after it was destroyed', () => {
    const { main, windows } = setup(true);
    const first = main.create();
    first.destroyed = true;
    main.show();
    expect(windows).toHaveLength(2);
    expect(windows[1]!.visible).toBe(true);
  });

  it('trusts the dev server URL in development', () => {
    expect(rendererUrl('/opt/hmc', 'http://localhost:5173')).toBe('http://localhost:5173');
  });
});

describe('start-up options', () => {
  it('starts hidden from the setting or the login-item flag', () => {
    expect(shouldStartHidden([], { startHidden: false, launchAtLogin: false })).toBe(false);
    expect(shouldStartHidden([], { startHidden: true, launchAtLogin: false })).toBe(true);
    expect(shouldStartHidden(['/app', HIDDEN_FLAG], { startHidden: false, launchAtLogin: true })).toBe(true);
  });

  it('asks macOS and Windows for a hidden login item and leaves Linux alone', () => {
    const s = { launchAtLogin: true, startHidden: false };
    expect(loginItemOptions(s, 'darwin')).toEqual({ openAtLogin: true, openAsHidden: true });
    expect(loginItemOptions(s, 'win32')).toEqual({ openAtLogin: true, args: [HIDDEN_FLAG] });
    expect(loginItemOptions({ ...s, launchAtLogin: false }, 'win32')?.openAtLogin).toBe(false);
    expect(loginItemOptions(s, 'linux')).toBeNull();
  });
});
