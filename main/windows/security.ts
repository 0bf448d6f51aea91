/**
 * Hardening for every web contents and for the session (Electron security checklist): no navigation,
 * no new windows, no webviews, no permissions, our CSP on every response. Takes Electron-shaped objects
 * so a test can assert each handler with a thin fake; main/index.ts passes the real ones.
 */
import { withCspHeader } from './csp.js';

export interface PreventableEvent {
  preventDefault(): void;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- Electron's listener signatures vary per event. */
export interface WebContentsLike {
  on(event: string, listener: (...args: any[]) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export interface SessionLike {
  setPermissionRequestHandler(
    handler:
      | ((webContents: any, permission: string, callback: (granted: boolean) => void, details: any) => void)
      | null,
  ): void;
  setPermissionCheckHandler(handler: ((...args: any[]) => boolean) | null): void;
  webRequest: {
    onHeadersReceived(
      listener: (
        details: { responseHeaders?: Record<string, string[]> },
        callback: (response: { responseHeaders: Record<string, string[]> }) => void,
      ) => void,
    ): void;
  };
}
/* eslint-enable @typescript-eslint/no-explicit-any */

export interface HardenOptions {
  /** The open-external allowlist; an allowed URL goes to the OS browser instead of our window. */
  isAllowedExternal(url: string): boolean;
  openExternal(url: string): unknown;
  /** Told about each blocked attempt (logged without query strings by the caller). */
  onBlocked?(
    what: 'navigation' | 'redirect' | 'window-open' | 'webview' | 'permission',
    detail: string,
  ): void;
}

/** Denies navigation, redirects, window.open and webviews on one web contents. */
export function hardenWebContents(contents: WebContentsLike, options: HardenOptions): void {
  const denyAndMaybeOpen = (what: 'navigation' | 'redirect' | 'window-open', url: string) => {
    options.onBlocked?.(what, url);
    if (options.isAllowedExternal(url))
      void Promise.resolve(options.openExternal(url)).catch(() => undefined);
  };
  contents.on('will-navigate', (event: PreventableEvent, url: string) => {
    event.preventDefault();
    denyAndMaybeOpen('navigation', String(url));
  });
  contents.on('will-redirect', (event: PreventableEvent, url: string) => {
    event.preventDefault();
    options.onBlocked?.('redirect', String(url));
  });
  contents.on('will-attach-webview', (event: PreventableEvent) => {
    event.preventDefault();
    options.onBlocked?.('webview', '');
  });
  contents.setWindowOpenHandler(({ url }) => {
    denyAndMaybeOpen('window-open', url);
    return { action: 'deny' };
  });
}

/** Denies every permission request and check, and sets our CSP header on every response. */
export function hardenSession(session: SessionLike, options: Pick<HardenOptions, 'onBlocked'> = {}): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    options.onBlocked?.('permission', permission);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withCspHeader(details.responseHeaders) });
  });
}
