/**
 * Time labels for charts, 24-hour everywhere (axis and tooltip alike). Formatters are built once:
 * Intl.DateTimeFormat construction is slow and axes format on every draw.
 */
const DAY = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const TIME = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const WEEKDAY = new Intl.DateTimeFormat(undefined, { weekday: 'short' });
const HOVER = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** Within a day the clock is enough; across a day boundary the weekday tells "24 h ago" from "now". */
export function tickTime(spanMs: number): (t: number) => string {
  return (t: number) => {
    if (spanMs > 2 * 86400_000) return DAY.format(t);
    const time = TIME.format(t);
    return spanMs >= 20 * 3600_000 ? `${WEEKDAY.format(t)} ${time}` : time;
  };
}

/** Five evenly spaced ticks across the range, ends included. */
export function timeTicks([from, to]: [number, number]): number[] {
  return [0, 1, 2, 3, 4].map((i) => Math.round(from + ((to - from) * i) / 4));
}

/** The hover read-out's time, e.g. "Wed 2 Dec, 14:15" (24-hour, like the axis). */
export const hoverTime = (t: number): string => HOVER.format(t);
