import { describe, expect, it } from 'vitest';
import { describeSchedule } from '../../../common/text/describe-schedule.js';
import {
  formatClock,
  formatDuration,
  formatFullTime,
  formatSince,
  formatWhen,
} from '../../../common/text/human-time.js';

// Wednesday 2 Dec 2026, 14:30 UTC.
const NOW = Date.parse('2026-12-02T14:30:00.000Z');

describe('human time', () => {
  it('reads a raw ISO time as an age with the clock time beside it, 24-hour', () => {
    expect(formatWhen('2026-11-29T11:51:58.800Z', NOW, 'UTC')).toBe('3 d ago (Sun 11:51)');
    expect(formatWhen('2026-12-02T14:26:00.000Z', NOW, 'UTC')).toBe('4 min ago (14:26)');
    expect(formatWhen('2026-12-02T14:34:00.000Z', NOW, 'UTC')).toBe('in 4 min (14:34)');
    expect(formatWhen(null, NOW, 'UTC')).toBe('never');
  });

  it('says how long a condition has held rather than "since 39 d ago"', () => {
    expect(formatSince('2026-12-02T14:26:00.000Z', NOW, 'UTC')).toBe('for 4 min (since 14:26)');
    expect(formatSince('2026-10-24T09:10:00.000Z', NOW, 'UTC')).toBe('for 39 d (since 24 Oct 09:10)');
  });

  it('uses the time zone it is given, and shows the year only when it differs', () => {
    expect(formatClock('2026-12-02T14:26:00.000Z', NOW, 'Asia/Kolkata')).toBe('19:56');
    expect(formatClock('2025-11-02T09:00:00.000Z', NOW, 'UTC')).toBe('2 Nov 2025 09:00');
    expect(formatFullTime('2026-11-29T11:51:58.800Z', 'UTC')).toBe('Sun, 29 Nov 2026, 11:51:58 UTC');
  });

  it('has one duration wording, floored', () => {
    expect([59, 119, 120, 7199, 7260, 3 * 86400 + 5].map(formatDuration)).toEqual([
      '59 s',
      '119 s',
      '2 min',
      '119 min',
      '2 h 1 min',
      '3 d',
    ]);
  });
});

describe('describeSchedule', () => {
  it('puts cron expressions into words and keeps the expression beside them', () => {
    expect(describeSchedule('cron', '0 7 * * *')).toEqual({
      text: 'daily at 07:00',
      expression: '0 7 * * *',
    });
    expect(describeSchedule('cron', '0 9 * * 1-5')).toEqual({
      text: 'at 09:00, Monday through Friday',
      expression: '0 9 * * 1-5',
    });
    expect(describeSchedule('interval', 'every 30m')).toEqual({
      text: 'every 30 min',
      expression: 'every 30m',
    });
  });

  it('shows what Hermes wrote when it cannot be read, never a guess', () => {
    expect(describeSchedule('cron', 'not a cron')).toEqual({ text: 'not a cron', expression: null });
    expect(describeSchedule(null, null)).toEqual({ text: 'unknown schedule', expression: null });
  });
});
