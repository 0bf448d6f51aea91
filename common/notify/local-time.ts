/**
 * Local-time helpers for quiet hours and "until tomorrow". They use the process's time zone (the
 * laptop's), which is what a person means by "22:00" or "tomorrow".
 */
import type { SnoozeDuration } from '../model/rule-settings.js';

/** "Tomorrow" ends its snooze at this local hour. */
export const TOMORROW_HOUR = 8;

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** True when `now` (local time) is inside [start, end); windows may wrap midnight (22:00–07:00). */
export function inQuietHours(
  quiet: { enabled: boolean; start: string; end: string } | null,
  now: Date,
): boolean {
  if (!quiet?.enabled) return false;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return false;
  const m = now.getHours() * 60 + now.getMinutes();
  return start < end ? m >= start && m < end : m >= start || m < end;
}

/**
 * When a snooze or mute of `duration` started at `now` ends. "tomorrow" is the next day's 08:00 local —
 * except in the small hours (before 05:00), where the person's "tomorrow" is the coming morning.
 */
export function snoozeUntil(duration: SnoozeDuration, now: Date): Date {
  if (duration === '1h') return new Date(now.getTime() + 3600_000);
  if (duration === '4h') return new Date(now.getTime() + 4 * 3600_000);
  const until = new Date(now.getTime());
  if (now.getHours() >= 5) until.setDate(until.getDate() + 1);
  until.setHours(TOMORROW_HOUR, 0, 0, 0);
  return until;
}
