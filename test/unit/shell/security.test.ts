import { describe, expect, it, vi } from 'vitest';
import { hardenSession, hardenWebContents } from '../../../main/windows/security.js';
import { RENDERER_CSP_HEADER } from '../../../main/windows/csp.js';

function fakeContents() {
  const handlers = new Map<string, (...args: unknown[]) => void>();
  let openHandler: ((d: { url: string }) => { action: 'deny' }) | null = null;
  return {
    contents: {
      on: (event: string, l: (...args: unknown[]) => void) => handlers.set(event, l),
      setWindowOpenHandler: (h: (d: { url: string }) => { action: 'deny' }) => (openHandler = h),
    },
    fire(event: string, url = '') {
      const e = { preventDefault: vi.fn() };
      const h = handlers.get(event);
      if (!h) throw new Error(`no ${event} handler installed`);
      h(e, url);
      return e;
    },
    open: (url: string) => openHandler!({ url }),
  };
}

describe('web contents hardening', () => {
  const setup = () => {
    const fake = fakeContents();
    const openExternal = vi.fn();
    hardenWebContents(fake.contents, {
      isAllowedExternal: (url) => url.startsWith('http://127.0.0.1:43117/'),
      openExternal,
    });
    return { fake, openExternal };
  };

  it('blocks every navigation and redirect of the app window', () => {
    const { fake, openExternal } = setup();
    expect(fake.fire('will-navigate', 'https://evil.example/').preventDefault).toHaveBeenCalled();
    expect(fake.fire('will-redirect', 'https://evil.example/').preventDefault).toHaveBeenCalled();
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('denies window.open, handing only allowlisted URLs to the OS browser', () => {
    const { fake, openExternal } = setup();
    expect(fake.open('https://evil.example/')).toEqual({ action: 'deny' });
    expect(openExternal).not.toHaveBeenCalled();
    expect(fake.open('http://127.0.0.1:43117/')).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledWith('http://127.0.0.1:43117/');
  });

  it('prevents webviews from attaching', () => {
    const { fake } = setup();
    expect(fake.fire('will-attach-webview').preventDefault).toHaveBeenCalled();
  });
});

describe('session hardening', () => {
  it('denies every permission request and check, and sets the CSP header', () => {
    let request: ((...a: unknown[]) => void) | null = null;
    let check: ((...a: unknown[]) => boolean) | null = null;
    let headers: ((d: unknown, cb: (r: unknown) => void) => void) | null = null;
    hardenSession({
      setPermissionRequestHandler: (h) => (request = h as never),
      setPermissionCheckHandler: (h) => (check = h as never),
      webRequest: { onHeadersReceived: (l) => (headers = l as never) },
    });
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      request!({}, permission, callback, {});
      expect(callback).toHaveBeenCalledWith(false);
      expect(check!({}, permission, 'file://', {})).toBe(false);
    }
    const cb = vi.fn();
    headers!({ responseHeaders: {} }, cb);
    expect(cb).toHaveBeenCalledWith({
      responseHeaders: { 'Content-Security-Policy': [RENDERER_CSP_HEADER] },
    });
  });
});
