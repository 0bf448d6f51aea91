import { describe, expect, it } from 'vitest';
import { checkExternalUrl, DOCS_URL, isAllowedExternalUrl } from '../../../main/security/open-external.js';

const policy = { forwardedPorts: new Set([43117]) };

describe('openExternal allowlist', () => {
  it('opens our own loopback dashboard tunnels', () => {
    expect(checkExternalUrl('http://127.0.0.1:43117/', policy)).toEqual({
      allowed: true,
      url: 'http://127.0.0.1:43117/',
    });
    expect(isAllowedExternalUrl('http://localhost:43117/sessions?x=1', policy)).toBe(true);
  });

  it('opens our docs', () => {
    expect(isAllowedExternalUrl(`${DOCS_URL}security.md`, policy)).toBe(true);
  });

  it.each([
    ['a loopback port with no tunnel of ours', 'http://127.0.0.1:9119/'],
    ['loopback without a port', 'http://127.0.0.1/'],
    ['https on loopback', 'https://127.0.0.1:43117/'],
    ['credentials that make the real host evil.example', 'http://127.0.0.1:43117@evil.example/'],
    ['credentials on loopback', 'http://user:pw@127.0.0.1:43117/'],
    ['a look-alike host', 'http://127.0.0.1.evil.example:43117/'],
    ['the Tailscale address directly', 'http://100.87.53.10:9119/'],
    ['a file', 'file:///etc/passwd'],
    ['javascript', 'javascript:alert(1)'],
    ['a custom scheme', 'ms-msdt:/id PCWDiagnostic'],
    ['another https site', 'https://example.com/'],
    ['a path outside the docs on the same origin', 'https://github.com/someone-else/'],
    ['garbage', 'not a url'],
  ])('refuses %s', (_why, url) => {
    const decision = checkExternalUrl(url, policy);
    expect(decision.allowed).toBe(false);
    if (!decision.allowed) expect(decision.reason.length).toBeGreaterThan(0);
  });

  it('refuses a tunnel port once that tunnel has closed', () => {
    expect(isAllowedExternalUrl('http://127.0.0.1:43117/', { forwardedPorts: [] })).toBe(false);
  });
});
