/**
 * The age rule (common/model/data-age.ts): the largest of the VM-clock age of generatedAt, the VM-clock age
 * of the file's mtime and the time since we first saw the bytes. Each piece alone can be fooled.
 */
import { describe, expect, it } from 'vitest';
import { instanceDataAgeSeconds, isStaleAge, measureDataAge } from '../../../common/model/data-age.js';

const NOW = Date.parse('2026-06-01T10:00:00Z');
const at = (secondsFromNow: number) => new Date(NOW + secondsFromNow * 1000).toISOString();

describe('data age: max of three', () => {
  it('a future generatedAt never makes old bytes young: the mtime ages them', () => {
    const a = measureDataAge({
      generatedAt: at(+3600),
      fileModifiedAt: at(-600),
      fetchedAt: at(0),
      skewMs: 0,
      nowMs: NOW,
    });
    expect(a.age).toBe(600);
    expect(a.byGeneratedAt).toBe(-3600);
    expect(a.generatedAheadSeconds).toBe(4200); // ahead of the file's own mtime
  });

  it('a touched old file (fresh mtime) is still as old as its generatedAt', () => {
    const a = measureDataAge({
      generatedAt: at(-900),
      fileModifiedAt: at(-5),
      fetchedAt: at(0),
      skewMs: 0,
      nowMs: NOW,
    });
    expect(a.age).toBe(900);
    expect(a.generatedAheadSeconds).toBeNull();
  });

  it('bytes we have watched unchanged for 10 min are at least 10 min old, whatever the clocks say', () => {
    // Skew estimate badly off (VM-now computed an hour early): both VM-clock ages look negative.
    const a = measureDataAge({
      generatedAt: at(-10),
      fileModifiedAt: at(-9),
      fetchedAt: at(-600),
      skewMs: 3600_000,
      nowMs: NOW,
    });
    expect(a.age).toBe(600);
    expect(a.unchangedFor).toBe(600);
  });

  it('is never negative and applies the skew to both VM-clock times', () => {
    const a = measureDataAge({
      generatedAt: at(-7230),
      fileModifiedAt: at(-7229),
      fetchedAt: at(0),
      skewMs: -7200_000, // laptop 2 h behind: VM-now is NOW + 2 h
      nowMs: NOW,
    });
    expect(a.age).toBe(14430);
    const b = measureDataAge({
      generatedAt: at(+1),
      fileModifiedAt: null,
      fetchedAt: null,
      skewMs: 0,
      nowMs: NOW,
    });
    expect(b.age).toBe(0);
    expect(b.generatedAheadSeconds).toBe(1);
  });

  it('has no age without a snapshot, and ignores an unparsable mtime', () => {
    expect(
      measureDataAge({ generatedAt: null, fileModifiedAt: at(-5), fetchedAt: null, skewMs: 0, nowMs: NOW })
        .age,
    ).toBeNull();
    expect(
      measureDataAge({
        generatedAt: at(-5),
        fileModifiedAt: 'garbage',
        fetchedAt: null,
        skewMs: 0,
        nowMs: NOW,
      }).age,
    ).toBe(5);
  });

  it('the window and tray recompute the same age from a status (fileModifiedAt included)', () => {
    const status = {
      generatedAt: at(+600),
      fileModifiedAt: at(-600),
      fetchedAt: at(0),
      clockSkewSeconds: 0,
    };
    expect(instanceDataAgeSeconds(status, NOW)).toBe(600);
    expect(instanceDataAgeSeconds(status, NOW + 30_000)).toBe(630);
  });
});

describe('stale boundary: 60 s interval, stale after 3 intervals', () => {
  it('180 s is live, 181 s is stale', () => {
    expect(isStaleAge(180, 60, 3)).toBe(false);
    expect(isStaleAge(180.9, 60, 3)).toBe(true);
    expect(isStaleAge(181, 60, 3)).toBe(true);
    expect(isStaleAge(179, 60, 3)).toBe(false);
  });
});
