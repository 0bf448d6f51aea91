import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsp, RENDERER_CSP, RENDERER_CSP_HEADER, withCspHeader } from '../../../main/windows/csp.js';

const html = readFileSync(join(import.meta.dirname, '../../../renderer/index.html'), 'utf8');

function metaCsp(source: string): string {
  const tag = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(source);
  if (!tag?.[1]) throw new Error('renderer/index.html has no Content-Security-Policy meta tag');
  return tag[1];
}

describe('renderer CSP', () => {
  it('is the same policy in renderer/index.html and in main', () => {
    expect(parseCsp(metaCsp(html))).toEqual(parseCsp(RENDERER_CSP));
  });

  it('allows scripts only from the app itself: no inline, no eval, no remote origins', () => {
    const policy = parseCsp(RENDERER_CSP);
    expect(policy['default-src']).toEqual(["'self'"]);
    expect(policy['script-src']).toEqual(["'self'"]);
    for (const sources of Object.values(policy)) {
      expect(sources).not.toContain("'unsafe-eval'");
      expect(sources.some((s) => /^https?:/.test(s) || s === '*')).toBe(false);
    }
  });

  it('sends the policy as a header too, adding what a meta tag cannot carry, and replaces any other CSP', () => {
    const headers = withCspHeader({
      'content-security-policy': ['default-src *'],
      'Content-Type': ['text/html'],
    });
    expect(headers).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': [RENDERER_CSP_HEADER],
    });
    expect(parseCsp(RENDERER_CSP_HEADER)['frame-ancestors']).toEqual(["'none'"]);
    expect(withCspHeader(undefined)).toEqual({ 'Content-Security-Policy': [RENDERER_CSP_HEADER] });
  });
});
