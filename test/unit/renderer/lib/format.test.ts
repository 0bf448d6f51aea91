import { describe, expect, it } from 'vitest';
import { asOfLine, bytes, duration, orDash, relativeTime } from '../../../../renderer/src/lib/format.js';

const NOW = Date.parse('2026-05-14T14:08:00Z');

describe('time and size formatting', () => {
  it('says how old data is the honest way: clock time plus age', () => {
    process.env.TZ = 'UTC';
    expect(asOfLine('2026-05-14T14:02:00Z', 360)).toBe('as of 14:02, 6 min ago');
    expect(asOfLine('2026-05-14T14:07:58Z', 2)).toBe('as of 14:07, just now');
    expect(asOfLine(null, null)).toBe('no data yet');
  });

  it('reads future times as "in …" and very recent past as "just now"', () => {
    expect(relativeTime('2026-05-14T14:08:08Z', NOW)).toBe('in 8 s');
    expect(relativeTime('2026-05-14T14:07:55Z', NOW)).toBe('just now');
    expect(relativeTime('2026-05-11T14:08:00Z', NOW)).toBe('3 d ago');
    expect(relativeTime(null, NOW)).toBe('never');
  });

  it('shows unknown as a dash, never as 0 or "no"', () => {
    expect(orDash(null)).toBe('—');
    expect(orDash(0)).toBe('0');
    expect(orDash(false)).toBe('no');
    expect(duration(null)).toBe('—');
    expect(bytes(256 * 1024 * 1024)).toBe('256 MiB');
  });
});
