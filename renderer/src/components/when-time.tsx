import { formatAgo, formatClock, formatFullTime } from '../../../common/text/human-time.js';
import { useAppStore } from '../store/store.js';

/**
 * A time as a person reads it (common/text/human-time.ts): "6 min ago", and past an hour the clock beside
 * it, "3 d ago (Sun 11:51)"; the full time ("Sun, 29 Nov 2026, 11:51:58 UTC") on hover and to screen
 * readers. Never a raw ISO string.
 */
export function WhenTime({ iso, prefix }: { iso: string | null | undefined; prefix?: string }) {
  const now = useAppStore((s) => s.now);
  const lead = prefix ? `${prefix} ` : '';
  if (!iso) return <span className="muted">{lead}never</span>;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return <span className="muted">{lead}unknown</span>;
  const far = Math.abs(now - t) >= 3600_000;
  const full = formatFullTime(iso);
  return (
    <time dateTime={iso} title={full}>
      {lead}
      {formatAgo(iso, now)}
      {far ? <span className="muted"> ({formatClock(iso, now)})</span> : null}
    </time>
  );
}
