import { useAppStore } from '../store/store.js';
import { absoluteTime, relativeTime } from '../lib/format.js';

/** A relative time ("6 min ago") with the absolute time on hover. */
export function RelTime({ iso, prefix }: { iso: string | null | undefined; prefix?: string }) {
  const now = useAppStore((s) => s.now);
  if (!iso) return <span className="muted">{prefix ? `${prefix} ` : ''}never</span>;
  return (
    <time dateTime={iso} title={absoluteTime(iso)}>
      {prefix ? `${prefix} ` : ''}
      {relativeTime(iso, now)}
    </time>
  );
}
