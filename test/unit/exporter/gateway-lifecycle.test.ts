import { describe, expect, it } from 'vitest';
import {
  parseExitDiag,
  parseSentinel,
  restartPendingOf,
  summarizeExitDiag,
} from '../../../exporter/src/collect/gateway-lifecycle.js';
import { parseTickerLastError } from '../../../exporter/src/collect/cron-ticker.js';

const NOW = Date.parse('2026-07-18T10:00:00Z');

describe('gateway-exit-diag.log', () => {
  it('keeps only allowlisted tags, times, pids and codes — never argv, tracebacks or exception text', () => {
    const text = [
      JSON.stringify({
        ts: '2026-07-18T09:00:00+00:00',
        tag: 'gateway.start',
        pid: 7,
        argv: ['--token', 'SECRET'],
      }),
      JSON.stringify({
        ts: '2026-07-18T09:10:00+00:00',
        tag: 'asyncio.run.SystemExit',
        pid: 7,
        code: 75,
        traceback: 'SECRET',
      }),
      JSON.stringify({ ts: '2026-07-18T09:11:00+00:00', tag: 'something.new', pid: 7 }),
      '{"torn": ',
      'plain text SECRET',
    ].join('\n');
    const events = parseExitDiag(text);
    expect(events).toEqual([
      {
        at: Date.parse('2026-07-18T09:00:00Z'),
        tag: 'gateway.start',
        pid: 7,
        code: null,
        suspectedOom: false,
      },
      {
        at: Date.parse('2026-07-18T09:10:00Z'),
        tag: 'asyncio.run.SystemExit',
        pid: 7,
        code: 75,
        suspectedOom: false,
      },
    ]);
    expect(JSON.stringify(events)).not.toContain('SECRET');
  });

  it('counts a week: starts, unclean exits, suspected OOM, crash exits (75 and 0 are not crashes)', () => {
    const ev = (minutesAgo: number, tag: string, extra = {}) =>
      JSON.stringify({ ts: new Date(NOW - minutesAgo * 60_000).toISOString(), tag, pid: 1, ...extra });
    const events = parseExitDiag(
      [
        ev(9000 * 2, 'gateway.start'),
        ev(300, 'gateway.start'),
        ev(200, 'asyncio.run.SystemExit', { code: 75 }),
        ev(199, 'gateway.start'),
        ev(100, 'gateway.exit_nonzero'),
        ev(99, 'gateway.start'),
        ev(98, 'gateway.previous_unclean_exit', { suspected_oom: true }),
      ].join('\n'),
    );
    expect(summarizeExitDiag(events, NOW)).toMatchObject({
      starts7d: 3,
      uncleanExits7d: 1,
      suspectedOom7d: 1,
      nonzeroExits7d: 1,
      lastExitCode: 1,
    });
  });
});

describe('the lifecycle sentinel and code_sha', () => {
  it('reads the sentinel as lifecycle_ledger writes it, refusing odd labels', () => {
    expect(
      parseSentinel({
        phase: 'exited',
        pid: 9,
        exit_code: 1,
        exit_reason: 'graceful_shutdown',
        exited_at: '2026-07-18T09:00:00+00:00',
      }),
    ).toMatchObject({
      phase: 'exited',
      exitCode: 1,
      exitReason: 'graceful_shutdown',
      exitedAt: '2026-07-18T09:00:00.000Z',
    });
    expect(
      parseSentinel({ phase: 'running', exit_reason: 'has spaces and sk-secret' })!.exitReason,
    ).toBeNull();
    expect(parseSentinel('nope')).toBeNull();
  });

  it('calls a restart pending when the running commit or release differs from the installed one', () => {
    expect(restartPendingOf('deadbeefcafe00001111', null, 'deadbeef', null)).toBe(false);
    expect(restartPendingOf('deadbeefcafe00001111', null, '0123abcd', null)).toBe(true);
    expect(restartPendingOf(null, 'v0.21.3', null, '0.21.3')).toBe(false);
    expect(restartPendingOf(null, '0.21.3+4.gabc1234', null, '0.21.4')).toBe(true);
    expect(restartPendingOf(null, null, 'deadbeef', '0.21.3')).toBeNull();
  });
});

describe('cron/ticker_last_error', () => {
  it('reads the epoch line and the message, redacted', () => {
    const t = parseTickerLastError(
      `${NOW / 1000 - 90}\nHTTP 401 bot123456789:AAabcdefghijklmnop\nsecond line\n`,
      new Date(NOW),
    );
    expect(t.ageSeconds).toBe(90);
    expect(t.message).toBe('HTTP 401 [redacted] second line');
  });
});
