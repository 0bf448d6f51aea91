/** Times as the tray shows them: a 24-hour clock and a coarse data age. Pure. */

export function formatClock(iso: string | Date, timeZone?: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    timeZone,
  }).format(typeof iso === 'string' ? new Date(iso) : iso);
}

/** "just now", "5 min old", "3 h old", "2 d old". */
export function formatAge(seconds: number): string {
  if (seconds < 90) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} min old`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h old`;
  return `${Math.round(hours / 24)} d old`;
}
