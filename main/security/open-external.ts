/**
 * What `shell.openExternal` may open: only the loopback dashboard tunnels this app opened itself, and our
 * docs. Parsed with URL (never matched as strings), so `http://127.0.0.1:9119@evil.example/`,
 * `file:`, `javascript:`, custom schemes and look-alike hosts are all refused. Pure.
 */

/** Where the in-app "help" links point. */
export const DOCS_URL = 'https://github.com/hermes-mission-control/hermes-mission-control/tree/main/docs/';

export interface OpenExternalPolicy {
  /** Local ports of the dashboard forwards currently open (from the tunnel registry). */
  forwardedPorts: ReadonlySet<number> | readonly number[];
  /** Allowed documentation prefixes (origin + path prefix). Default: DOCS_URL. */
  docsUrls?: readonly string[];
}

export type OpenExternalDecision = { allowed: true; url: string } | { allowed: false; reason: string };

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost']);

/** Decides whether `raw` may be handed to the OS browser; returns the normalised URL when it may. */
export function checkExternalUrl(raw: string, policy: OpenExternalPolicy): OpenExternalDecision {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { allowed: false, reason: 'not a valid URL' };
  }
  if (url.username || url.password) return { allowed: false, reason: 'URLs with credentials are refused' };

  if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) {
    const port = Number(url.port);
    const ports = new Set(policy.forwardedPorts);
    if (!url.port || !ports.has(port)) {
      return { allowed: false, reason: `no dashboard tunnel is open on port ${url.port || 80}` };
    }
    return { allowed: true, url: url.href };
  }

  if (url.protocol === 'https:') {
    for (const prefix of policy.docsUrls ?? [DOCS_URL]) {
      const base = new URL(prefix);
      if (url.origin === base.origin && url.pathname.startsWith(base.pathname))
        return { allowed: true, url: url.href };
    }
  }
  return {
    allowed: false,
    reason: `${url.protocol} URL is not on the allowlist (dashboard tunnels and docs only)`,
  };
}

export function isAllowedExternalUrl(raw: string, policy: OpenExternalPolicy): boolean {
  return checkExternalUrl(raw, policy).allowed;
}
