/**
 * Cron files beside jobs.json that newer Hermes writes:
 * - `cron/ticker_last_error` (cron/jobs.py `record_ticker_error`: "<epoch>\n<message>\n", removed by
 *   `clear_ticker_error` after a good tick; `get_ticker_last_error` reads lines[1:]).
 * - `jobs.json.last-good`, `jobs.json.strict-durability`, `jobs.json.corrupt-<sha256>`
 *   (cron/jobs_store.py `last_good_path`, `latch_path`, `forensic_path`).
 * Existence, times and a redacted message only; the corrupt files' bytes are never read.
 */
import { join } from 'node:path';
import type { Signals } from '../../../common/contract/snapshot-signals.js';
import { readDirOrNull, readTextOrNull, statOrNull } from '../lib/read-text.js';
import { redactAndTruncate } from '../lib/redact.js';
import { ageSeconds, parseTime, toIso } from '../lib/time.js';

/** Parses ticker_last_error text the way get_ticker_last_error does (first line = epoch). */
export function parseTickerLastError(text: string, now: Date): NonNullable<Signals['tickerLastError']> {
  const lines = text.split(/\r?\n/);
  const at = parseTime(lines[0]?.trim() ?? null);
  const message = lines.length >= 2 ? lines.slice(1).join('\n').trim() : '';
  return {
    present: true,
    at: toIso(at),
    ageSeconds: ageSeconds(at, now),
    message: message === '' ? null : redactAndTruncate(message),
  };
}

export async function readTickerLastError(
  hermesHome: string,
  now: Date,
): Promise<Signals['tickerLastError']> {
  const text = await readTextOrNull(join(hermesHome, 'cron', 'ticker_last_error'), 16 * 1024);
  if (text === null) return { present: false, at: null, ageSeconds: null, message: null };
  return parseTickerLastError(text, now);
}

const CORRUPT = /^jobs\.json\.corrupt-[0-9a-f]{64}$/;

/** Null when the cron directory cannot be listed (unknown); an absent cron dir means "no files". */
export async function readJobsFiles(hermesHome: string): Promise<Signals['jobsFiles']> {
  const dir = join(hermesHome, 'cron');
  const entries = await readDirOrNull(dir);
  const names = new Set((entries ?? []).filter((e) => e.isFile()).map((e) => e.name));
  const corrupt = [...names].filter((n) => CORRUPT.test(n));
  const lastGood = names.has('jobs.json.last-good')
    ? await statOrNull(join(dir, 'jobs.json.last-good'))
    : null;
  let corruptLatest: number | null = null;
  for (const name of corrupt.slice(0, 50)) {
    const info = await statOrNull(join(dir, name));
    if (info) corruptLatest = Math.max(corruptLatest ?? 0, info.mtimeMs);
  }
  return {
    lastGood: lastGood !== null,
    lastGoodAt: lastGood ? new Date(lastGood.mtimeMs).toISOString() : null,
    strictDurability: names.has('jobs.json.strict-durability'),
    corruptCount: corrupt.length,
    corruptLatestAt: corruptLatest === null ? null : new Date(corruptLatest).toISOString(),
  };
}
