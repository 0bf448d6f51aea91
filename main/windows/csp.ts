/**
 * The renderer's Content-Security-Policy, in one place. The same policy sits in renderer/index.html's
 * <meta> (so it holds for `file://` loads and the browser bridge) and is sent as a response header by
 * the session (so it also holds for anything the meta tag cannot cover). A test checks they agree.
 */

/** Directive → sources. `'unsafe-inline'` styles: React and recharts set style attributes. */
export const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  // The browser build talks to `hermes-mc web` over a loopback WebSocket; Electron never does.
  'connect-src': ["'self'", 'ws://127.0.0.1:*'],
};

/** Directives a <meta> CSP ignores; only the header carries them. */
export const HEADER_ONLY_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  'frame-ancestors': ["'none'"],
};

export function serializeCsp(directives: Readonly<Record<string, readonly string[]>>): string {
  return Object.entries(directives)
    .map(([name, sources]) => [name, ...sources].join(' '))
    .join('; ');
}

/** Parses a policy string into directive → sources (lower-cased names, order kept). */
export function parseCsp(policy: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) out[name.toLowerCase()] = sources;
  }
  return out;
}

/** The policy in renderer/index.html's meta tag. */
export const RENDERER_CSP = serializeCsp(CSP_DIRECTIVES);
/** The policy sent as the `Content-Security-Policy` header. */
export const RENDERER_CSP_HEADER = serializeCsp({ ...CSP_DIRECTIVES, ...HEADER_ONLY_DIRECTIVES });

/**
 * Response headers with our CSP set (replacing any other CSP header, whatever its case).
 * Shape of Electron's `onHeadersReceived` details.responseHeaders.
 */
export function withCspHeader(headers: Record<string, string[]> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') out[name] = value;
  }
  out['Content-Security-Policy'] = [RENDERER_CSP_HEADER];
  return out;
}
