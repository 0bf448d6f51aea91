/**
 * How times and durations read everywhere a person sees them (window, CLI, notifications, Telegram):
 * one wording, 24-hour clock, a relative age first with the clock time beside it ("3 d ago (Sun 11:51)"),
 * the full time for hover/focus. Runtime-neutral (Intl only); the time zone is passed in (undefined =
 * the viewer's own), `now` always explicit.
 */

/** "45 s", "12 min", "3 h 5 min", "4 d". Floors, so an age is never overstated. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.floor(Math.abs(seconds)));
  if (s < 120) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 120) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  return `${Math.floor(h / 24)} d`;
}

function parse(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${timeZone ?? ''}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { ...options, hourCycle: 'h23', ...(timeZone ? { timeZone } : {}) });
    formatters.set(key, f);
  }
  return f;
}

function dayKey(t: number, timeZone: string | undefined): string {
  return formatter(timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' }).format(t);
}

/**
 * A clock time as short as it can be without being ambiguous: "11:51" today, "Sun 11:51" within the
 * last or next 6 days, "29 Nov 11:51" further away, "29 Nov 2025 11:51" in another year.
 */
export function formatClock(iso: string | null | undefined, nowMs: number, timeZone?: string): string {
  const t = parse(iso);
  if (t === null) return '—';
  const time = formatter(timeZone, { hour: '2-digit', minute: '2-digit' }).format(t);
  if (dayKey(t, timeZone) === dayKey(nowMs, timeZone)) return time;
  const days = Math.abs(nowMs - t) / 86_400_000;
  if (days < 6.5) return `${formatter(timeZone, { weekday: 'short' }).format(t)} ${time}`;
  const sameYear =
    formatter(timeZone, { year: 'numeric' }).format(t) ===
    formatter(timeZone, { year: 'numeric' }).format(nowMs);
  const date = formatter(timeZone, {
    day: 'numeric',
    month: 'short',
    ...(sameYear ? {} : { year: 'numeric' }),
  }).format(t);
  return `${date} ${time}`;
}

/** "just now", "6 min ago", "in 4 min". */
export function formatAgo(iso: string | null | undefined, nowMs: number): string {
  const t = parse(iso);
  if (t === null) return iso ? 'unknown' : 'never';
  const diff = (nowMs - t) / 1000;
  if (Math.abs(diff) < 10) return 'just now';
  return diff >= 0 ? `${formatDuration(diff)} ago` : `in ${formatDuration(-diff)}`;
}

/** "3 d ago (Sun 11:51)", "in 4 min (14:06)": the relative age first, the clock time beside it. */
export function formatWhen(iso: string | null | undefined, nowMs: number, timeZone?: string): string {
  if (parse(iso) === null) return formatAgo(iso, nowMs);
  return `${formatAgo(iso, nowMs)} (${formatClock(iso, nowMs, timeZone)})`;
}

/** How long a condition has held: "for 4 min (since 14:02)", "for 39 d (since 24 Oct 09:10)". */
export function formatSince(iso: string | null | undefined, nowMs: number, timeZone?: string): string {
  const t = parse(iso);
  if (t === null) return 'since an unknown time';
  // A start a little ahead of this clock (VM clock skew) reads "for 0 s", never "for -33 s".
  return `for ${formatDuration(Math.max(0, (nowMs - t) / 1000))} (since ${formatClock(iso, nowMs, timeZone)})`;
}

/** The full time for a tooltip or `--verbose`: "Sun, 29 Nov 2026, 11:51:58 UTC". */
export function formatFullTime(iso: string | null | undefined, timeZone?: string): string {
  const t = parse(iso);
  if (t === null) return 'unknown';
  return formatter(timeZone, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    timeZoneName: 'short',
  }).format(t);
}

// An ISO 8601 date-time with a zone, as the exporter and the rules write them.
const ISO_IN_TEXT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})(?![\w:.])/g;

/**
 * Every ISO time inside a sentence in the one wording, for texts written once and read later (warning
 * facts such as "Last fired: 2026-11-29T11:51:58.800Z" → "Last fired: 3 d ago (Sun 11:51)"). Relative
 * words are made at display time, so they never go stale in stored text. Anything that does not parse
 * as a time is left as written.
 */
export function humanizeTimes(text: string, nowMs: number, timeZone?: string): string {
  return text.replace(ISO_IN_TEXT, (iso) => (parse(iso) === null ? iso : formatWhen(iso, nowMs, timeZone)));
}
