/**
 * A cron job's schedule in words, with the expression kept beside it ("daily at 07:00 · 0 7 * * *").
 * Hermes schedules are `cron` (a 5-field expression), `interval` ("every 30m") or `once` (an ISO time);
 * `display` is Hermes's own `schedule_display`. cronstrue does the English; anything it cannot read
 * is shown as Hermes wrote it, never guessed.
 */
import cronstrue from 'cronstrue';

export interface ScheduleWords {
  /** "daily at 07:00", "every 30 min", "once", or Hermes's display text when it cannot be read. */
  text: string;
  /** The expression or display Hermes stores, shown beside the words; null when identical to `text`. */
  expression: string | null;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

function describeCron(expr: string): string | null {
  const fields = expr.trim().split(/\s+/);
  if (fields.length !== 5) return null;
  try {
    const words = cronstrue.toString(expr, { use24HourTimeFormat: true, throwExceptionOnParseError: true });
    // cronstrue says "At 07:00" for a time every day; people say "daily at 07:00".
    const everyDay = fields[2] === '*' && fields[3] === '*' && fields[4] === '*';
    if (everyDay && /^At \d{2}:\d{2}$/.test(words)) return `daily at ${words.slice(3)}`;
    return lowerFirst(words);
  } catch {
    return null;
  }
}

function describeInterval(display: string): string | null {
  const m = /^every\s+(\d+)\s*(m|min|minutes?|h|hours?|d|days?)$/i.exec(display.trim());
  if (!m) return null;
  const n = Number(m[1]);
  const unit = m[2]!.toLowerCase()[0];
  if (unit === 'm') return n === 1 ? 'every minute' : `every ${n} min`;
  if (unit === 'h') return n === 1 ? 'hourly' : `every ${n} h`;
  return n === 1 ? 'daily' : `every ${n} d`;
}

export function describeSchedule(kind: string | null, display: string | null): ScheduleWords {
  const raw = (display ?? '').trim();
  if (!raw) return { text: kind ? `${kind} schedule` : 'unknown schedule', expression: null };
  let text: string | null = null;
  if (kind === 'cron' || (kind === null && raw.split(/\s+/).length === 5)) text = describeCron(raw);
  else if (kind === 'interval') text = describeInterval(raw);
  else if (kind === 'once') text = 'once';
  if (text === null || text === raw) return { text: raw, expression: null };
  return { text, expression: raw };
}
