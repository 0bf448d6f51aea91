/** Time parsing shared by the collectors: Hermes writes ISO strings with offsets and epoch floats. */

/** ISO string (with or without offset; naive = UTC) or epoch seconds → Date, else null. */
export function parseTime(value: unknown): Date | null {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) {
    // Epoch milliseconds are 13 digits; seconds 10. Hermes uses seconds, some token files use ms.
    return new Date(value > 1e12 ? value : value * 1000);
  }
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (text === '') return null;
  if (/^\d+(\.\d+)?$/.test(text)) return parseTime(Number(text));
  // Python isoformat may carry microseconds; JS Date accepts them only to ms, so trim the extra digits.
  let iso = text.replace(/(\.\d{3})\d+/, '$1');
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(iso)) iso = `${iso.replace(' ', 'T')}Z`;
  if (!/^\d{4}-\d{2}-\d{2}/.test(iso)) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function toIso(date: Date | null): string | null {
  return date === null ? null : date.toISOString();
}

/** Seconds from `then` to `now` (positive when `then` is in the past), rounded to 0.1 s. */
export function ageSeconds(then: Date | null, now: Date): number | null {
  if (then === null) return null;
  return Math.round((now.getTime() - then.getTime()) / 100) / 10;
}
