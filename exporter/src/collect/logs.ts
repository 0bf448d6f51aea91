/**
 * ERROR / CRITICAL line counts over 24 h from logs/errors.log (and its first rotation). Lines start
 * with Python logging's asctime, `YYYY-MM-DD HH:MM:SS,mmm LEVEL …`, in the VM's local time. Counts only.
 */
import { join } from 'node:path';
import type { LogsInfo } from '../../../common/contract/snapshot.js';
import { readTextOrNull, statOrNull } from '../lib/read-text.js';

export const UNKNOWN_LOGS: LogsInfo = { errors24h: null, critical24h: null };

const LINE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})[,.](\d{3}) (ERROR|CRITICAL)\b/;

export function countErrorLines(text: string, now: Date): LogsInfo {
  const since = now.getTime() - 86400_000;
  let errors = 0;
  let critical = 0;
  for (const line of text.split('\n')) {
    const m = LINE.exec(line);
    if (!m) continue;
    const [, y, mo, d, h, mi, s] = m;
    const at = new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)).getTime();
    if (at < since || at > now.getTime() + 300_000) continue;
    if (m[8] === 'CRITICAL') critical++;
    else errors++;
  }
  return { errors24h: errors, critical24h: critical };
}

export async function collectLogs(hermesHome: string, now: Date): Promise<LogsInfo> {
  const dir = join(hermesHome, 'logs');
  if ((await statOrNull(dir)) === null) return UNKNOWN_LOGS;
  // 2 MB × 2 rotation: read both so a rotation in the last 24 h does not hide errors.
  const [current, rotated] = await Promise.all([
    readTextOrNull(join(dir, 'errors.log'), 4 * 1024 * 1024),
    readTextOrNull(join(dir, 'errors.log.1'), 4 * 1024 * 1024),
  ]);
  const a = countErrorLines(current ?? '', now);
  const b = countErrorLines(rotated ?? '', now);
  return {
    errors24h: (a.errors24h ?? 0) + (b.errors24h ?? 0),
    critical24h: (a.critical24h ?? 0) + (b.critical24h ?? 0),
  };
}
