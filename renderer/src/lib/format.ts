/**
 * Pure formatting helpers for times, ages and sizes. Every function takes `now` explicitly so panes stay
 * honest about when they were rendered and tests stay deterministic.
 */

/** "14:02" in the viewer's local time zone. */
export function clockTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  return d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hour12: false });
}

/** Full absolute time for `title` tooltips. */
export function absoluteTime(iso: string | null | undefined): string {
  if (!iso) return 'unknown';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return 'unknown';
  return d.toLocaleString([], { dateStyle: 'medium', timeStyle: 'medium' });
}

/** A duration in seconds as "45 s", "6 min", "3 h", "2 d". */
export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.abs(seconds);
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 48 * 3600) return `${Math.floor(s / 3600)} h`;
  return `${Math.floor(s / 86400)} d`;
}

/** "6 min ago" / "in 4 min" relative to `now` (ms). */
export function relativeTime(iso: string | null | undefined, now: number): string {
  if (!iso) return 'never';
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return 'unknown';
  const diff = (now - t) / 1000;
  if (diff >= 0 && diff < 10) return 'just now';
  if (diff < 0 && diff > -1) return 'now';
  return diff >= 0 ? `${duration(diff)} ago` : `in ${duration(-diff)}`;
}

/**
 * The honest data-age line: "as of 14:02, 6 min ago". The clock time is when the exporter wrote the
 * snapshot; the age is measured on the VM's clock (common/model/data-age.ts), not by comparing that
 * time with this computer's clock, which may be off.
 */
export function asOfLine(iso: string | null | undefined, ageSeconds: number | null): string {
  if (!iso || ageSeconds === null) return 'no data yet';
  return `as of ${clockTime(iso)}, ${ageSeconds < 10 ? 'just now' : `${duration(ageSeconds)} ago`}`;
}

export function bytes(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${v >= 10 || i === 0 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

export function pct(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return `${Math.round(n)}%`;
}

/** Renders null/undefined (unknown, per the snapshot contract) as an em dash, never as false or 0. */
export function orDash(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return String(v);
}

export function usd(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return `$${n.toFixed(2)}`;
}
