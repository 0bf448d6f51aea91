/**
 * Value parsers for `systemctl show` output. systemd prints "unset" in several ways depending on the
 * version and the property: an empty value, `n/a`, `0`, `infinity`. All of them mean "unknown/never"
 * here and become `null`, never a guessed epoch.
 */

const UNSET = new Set(['', 'n/a', '0', 'infinity', '[not set]', '[unprintable]']);

/** Monday-first names are irrelevant: systemd always prints English abbreviations, we only skip them. */
const TIMESTAMP_RE =
  /^(?:[A-Za-z]{3},? )?(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?: ?(.+))?$/;

/**
 * Parses a systemd timestamp property to ISO 8601 UTC, or null when unset/unparseable.
 * Accepted: `Sat 2026-11-21 12:00:00 UTC`, with `.123456` µs (`--timestamp=us`), numeric offsets
 * (`+0530`, `+05:30`), `@1763726400` (`--timestamp=unix`) and raw µs since the epoch (old systemd).
 * A named zone other than UTC/GMT is ambiguous (IST, CST …), so it yields null; the collector runs
 * systemctl with TZ=UTC so this does not happen in practice.
 */
export function parseSystemdTimestamp(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  const value = raw.trim();
  if (UNSET.has(value)) return null;

  const unix = /^@(\d+(?:\.\d+)?)$/.exec(value);
  if (unix) return isoFromMs(Number(unix[1]) * 1000);

  if (/^\d+$/.test(value)) {
    // Raw microseconds since the epoch (`systemctl show` before timestamps were formatted).
    const us = Number(value);
    return us >= 1e14 ? isoFromMs(us / 1000) : null;
  }

  const m = TIMESTAMP_RE.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const offsetMinutes = zoneOffsetMinutes(zone);
  if (offsetMinutes === null) return null;
  const ms =
    Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) +
    (frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0) -
    offsetMinutes * 60_000;
  return isoFromMs(ms);
}

function zoneOffsetMinutes(zone: string | undefined): number | null {
  if (zone === undefined) return 0; // TZ=UTC in the collector's environment
  const z = zone.trim();
  if (/^(UTC|GMT|Z|UCT)$/i.test(z)) return 0;
  const num = /^(?:UTC|GMT)?([+-])(\d{2}):?(\d{2})?$/.exec(z);
  if (num) {
    const minutes = Number(num[2]) * 60 + Number(num[3] ?? '0');
    return num[1] === '-' ? -minutes : minutes;
  }
  return null;
}

function isoFromMs(ms: number): string | null {
  if (!Number.isFinite(ms) || ms <= 0) return null;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

const SPAN_UNITS_US: Record<string, number> = {
  y: 31_557_600e6,
  year: 31_557_600e6,
  years: 31_557_600e6,
  month: 2_629_800e6,
  months: 2_629_800e6,
  M: 2_629_800e6,
  w: 604_800e6,
  week: 604_800e6,
  weeks: 604_800e6,
  d: 86_400e6,
  day: 86_400e6,
  days: 86_400e6,
  h: 3_600e6,
  hr: 3_600e6,
  hour: 3_600e6,
  hours: 3_600e6,
  m: 60e6,
  min: 60e6,
  minute: 60e6,
  minutes: 60e6,
  s: 1e6,
  sec: 1e6,
  second: 1e6,
  seconds: 1e6,
  ms: 1e3,
  msec: 1e3,
  us: 1,
  usec: 1,
  µs: 1,
};

/**
 * Parses a systemd timespan (`format_timespan`: `2d 3h 10min 5.250000s`, `0`, `infinity`) or a raw
 * µs integer to microseconds. Used for `NextElapseUSecMonotonic`. Null when unset or unparseable.
 */
export function parseSystemdTimespanUs(raw: string | undefined): number | null {
  if (raw === undefined) return null;
  const value = raw.trim();
  if (UNSET.has(value)) return null;
  if (/^\d+$/.test(value)) return Number(value);
  let total = 0;
  let rest = value;
  const token = /^\s*(\d+(?:\.\d+)?)\s*([A-Za-zµ]+)/;
  while (rest.trim() !== '') {
    const m = token.exec(rest);
    if (!m) return null;
    const factor = SPAN_UNITS_US[m[2]!];
    if (factor === undefined) return null;
    total += Number(m[1]) * factor;
    rest = rest.slice(m[0].length);
  }
  return total > 0 ? Math.round(total) : null;
}

/** Non-negative integer or null (`NRestarts`, `ExecMainStatus`). */
export function parseSystemdInt(raw: string | undefined): number | null {
  if (raw === undefined) return null;
  const value = raw.trim();
  if (!/^-?\d+$/.test(value)) return null;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : null;
}

/** A plain string property: empty means unknown. */
export function parseSystemdString(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  const value = raw.trim();
  return value === '' ? null : value;
}
