/**
 * The shipped timing keeps issue 11 §4's promise: a silent (black-holed) link is reported within
 * max(2 poll intervals, 20 s) of going silent, by keepalives or by the poll deadline, whichever is first.
 */
import { describe, expect, it } from 'vitest';
import { defaultPollDeadlineMs } from '../../../main/core/poll/fleet-poller.js';
import { DEFAULT_TIMING, silentLinkDetectionMs } from '../../../main/core/ssh/connection-timing.js';
import { checkingNote } from '../../../main/cli/format/status-view.js';
import { initialStatus } from '../../../main/core/poll/status-model.js';

/** Worst case by the poll deadline: the link dies right after a poll; the next one starts an interval later. */
const byPollDeadline = (intervalMs: number) => intervalMs + defaultPollDeadlineMs(intervalMs);

describe('dead-link detection budget', () => {
  it('keepalives alone notice a silent link within 20 s', () => {
    expect(silentLinkDetectionMs(DEFAULT_TIMING)).toBeLessThanOrEqual(20_000);
  });

  it.each([10_000, 30_000, 60_000, 300_000])(
    'with %i ms polls, the earlier of the two is within max(2 intervals, 20 s)',
    (intervalMs) => {
      const reported = Math.min(silentLinkDetectionMs(DEFAULT_TIMING), byPollDeadline(intervalMs));
      expect(reported).toBeLessThanOrEqual(Math.max(2 * intervalMs, 20_000));
    },
  );

  it('the poll deadline never cuts a healthy slow poll short: at least 5 s', () => {
    expect(defaultPollDeadlineMs(10_000)).toBeGreaterThanOrEqual(5_000);
    expect(defaultPollDeadlineMs(1_000)).toBe(5_000);
  });
});

describe('the watch screen while a poll waits', () => {
  const base = initialStatus({ id: 'vijay', label: 'Vijay', hostName: 'vm', source: 'ssh' });
  it('says "checking… last answer at HH:MM:SS" with the real last answer', () => {
    const prevTz = process.env.TZ;
    process.env.TZ = 'UTC';
    try {
      expect(
        checkingNote({
          ...base,
          checkingSince: '2026-06-01T10:00:12Z',
          lastAnswerAt: '2026-06-01T09:59:58Z',
        }),
      ).toBe('checking… last answer at 09:59:58');
    } finally {
      process.env.TZ = prevTz;
    }
    expect(checkingNote({ ...base, checkingSince: '2026-06-01T10:00:12Z', lastAnswerAt: null })).toBe(
      'checking… no answer yet',
    );
    expect(checkingNote({ ...base, checkingSince: null })).toBeNull();
  });
});
