/**
 * Built-in memory stores, counted as Hermes's `MemoryStore` counts them (tools/memory_tool.py):
 * - `_parse_entries`: the file split on `ENTRY_DELIMITER` ("\n§\n"), each chunk `.strip()`ped, empty
 *   ones dropped (a file that is only whitespace has no entries);
 * - `load_from_disk`: duplicates dropped, first occurrence kept (`list(dict.fromkeys(...))`);
 * - `_char_count`: `len(ENTRY_DELIMITER.join(entries))` in code points;
 * - `_render_block` / `_success_response`: `min(100, int(current / limit * 100))`, i.e. rounded down.
 * Limits as `load_on_disk_store` reads them: `int(memory.memory_char_limit)`, default 2200 / 1375.
 * Only counts and percentages leave this module, never the text.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MemoryInfo } from '../../../common/contract/snapshot.js';
import { isNotFound } from '../lib/read-text.js';
import { safeLabel } from '../lib/redact.js';
import { getPath } from './hermes-config.js';

export const UNKNOWN_MEMORY: MemoryInfo = {
  entries: null,
  userEntries: null,
  memoryUsagePct: null,
  userUsagePct: null,
  provider: null,
};

const ENTRY_DELIMITER = '\n§\n';
const MAX_BYTES = 4 * 1024 * 1024;

/** Python's str.isspace() set (differs from JS trim: U+001C–U+001F and U+0085 yes, U+FEFF no). */
const PY_SPACE =
  '[\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const PY_STRIP = new RegExp(`^${PY_SPACE}+|${PY_SPACE}+$`, 'g');

export function pyStrip(text: string): string {
  return text.replace(PY_STRIP, '');
}

/** The entries MemoryStore holds after load_from_disk: stripped, non-empty, duplicates dropped. */
export function parseEntries(raw: string): string[] {
  // Python's read_text() opens in universal-newline mode: \r\n and \r arrive as \n.
  const text = raw.replace(/\r\n?/g, '\n');
  if (pyStrip(text) === '') return [];
  const entries = text
    .split(ENTRY_DELIMITER)
    .map(pyStrip)
    .filter((e) => e !== '');
  return [...new Set(entries)];
}

export function countEntries(text: string): number {
  return parseEntries(text).length;
}

/** Python's len() counts code points, not UTF-16 units. */
function charLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

export function usage(entries: string[], limit: number): { chars: number; pct: number } {
  const chars = entries.length === 0 ? 0 : charLength(entries.join(ENTRY_DELIMITER));
  return { chars, pct: limit > 0 ? Math.min(100, Math.trunc((chars / limit) * 100)) : 0 };
}

/** `int(mem_cfg.get(key, default))`: ints, floats (truncated) and numeric strings; else the default. */
export function charLimit(config: Record<string, unknown> | null, key: string, fallback: number): number {
  const value = getPath(config, `memory.${key}`);
  if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value);
  if (typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value)) return Number(value.trim());
  return fallback;
}

type StoreRead = { entries: string[] } | { unreadable: string };

/** A missing file is an empty store; a file that is not UTF-8 Hermes reads as empty too (we say unknown). */
async function readStore(path: string): Promise<StoreRead> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    if (isNotFound(err)) return { entries: [] };
    return { unreadable: `${(err as NodeJS.ErrnoException).code ?? 'read error'}` };
  }
  if (bytes.length > MAX_BYTES) return { unreadable: 'larger than 4 MiB' };
  try {
    return { entries: parseEntries(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) };
  } catch {
    return { unreadable: 'not valid UTF-8 (Hermes loads it as empty)' };
  }
}

export interface MemoryCollection {
  value: MemoryInfo;
  /** Why a store's numbers are unknown, or null. */
  error: string | null;
}

export async function collectMemory(
  hermesHome: string,
  config: Record<string, unknown> | null,
): Promise<MemoryCollection> {
  const [memory, user] = await Promise.all([
    readStore(join(hermesHome, 'memories', 'MEMORY.md')),
    readStore(join(hermesHome, 'memories', 'USER.md')),
  ]);
  const memoryLimit = charLimit(config, 'memory_char_limit', 2200);
  const userLimit = charLimit(config, 'user_char_limit', 1375);
  const memoryUsage = 'entries' in memory ? usage(memory.entries, memoryLimit) : null;
  const userUsage = 'entries' in user ? usage(user.entries, userLimit) : null;
  const provider = getPath(config, 'memory.provider');
  const errors = [
    'unreadable' in memory ? `MEMORY.md: ${memory.unreadable}` : null,
    'unreadable' in user ? `USER.md: ${user.unreadable}` : null,
  ].filter((e): e is string => e !== null);
  return {
    value: {
      entries: 'entries' in memory ? memory.entries.length : null,
      userEntries: 'entries' in user ? user.entries.length : null,
      memoryUsagePct: memoryUsage?.pct ?? null,
      userUsagePct: userUsage?.pct ?? null,
      memoryChars: memoryUsage?.chars ?? null,
      userChars: userUsage?.chars ?? null,
      memoryCharLimit: memoryLimit,
      userCharLimit: userLimit,
      provider:
        config === null
          ? null
          : typeof provider === 'string' && provider.trim() !== ''
            ? safeLabel(provider.trim(), 40)
            : 'builtin',
    },
    error: errors.length === 0 ? null : errors.join('; '),
  };
}
