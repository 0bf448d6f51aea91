import { describe, expect, it } from 'vitest';
import { checkingNote, clockWithSeconds, vmClockNote } from '../../../common/text/link-facts.js';

describe('link facts in words', () => {
  it('says "checking…" only while a poll waits, with the last answer to the second', () => {
    const at = '2026-06-01T10:00:03Z';
    expect(checkingNote({ checkingSince: '2026-06-01T10:00:12Z', lastAnswerAt: at })).toBe(
      `checking… last answer at ${clockWithSeconds(at)}`,
    );
    expect(clockWithSeconds(at)).toMatch(/^\d\d:\d\d:03$/);
    expect(checkingNote({ checkingSince: '2026-06-01T10:00:12Z', lastAnswerAt: null })).toBe(
      'checking… no answer yet',
    );
    expect(checkingNote({ checkingSince: null, lastAnswerAt: at })).toBeNull();
    expect(checkingNote({})).toBeNull();
  });

  it('says the VM clock is unknown once there is data, and a snapshot written in the future', () => {
    expect(vmClockNote({ vmClock: 'none', generatedAt: '2026-06-01T10:00:00Z' })).toMatch(
      /^VM clock unknown/,
    );
    expect(vmClockNote({ vmClock: 'none', generatedAt: null })).toBeNull();
    expect(vmClockNote({ vmClock: 'server', generatedAt: '2026-06-01T10:00:00Z' })).toBeNull();
    expect(vmClockNote({ generatedAt: '2026-06-01T10:00:00Z' })).toBeNull();
    expect(
      vmClockNote({ vmClock: 'server', generatedAt: '2026-06-01T10:00:00Z', generatedAheadSeconds: 42.4 }),
    ).toMatch(/42 s in the VM's future/);
  });
});
