/**
 * Built-in memory stores (reference §7, tools/memory_tool.py): entries are the non-empty chunks of
 * MEMORY.md / USER.md split on a line holding only `§`; usage is characters over the configured limit.
 * Only counts and percentages leave this module, never the text.
 */
import { join } from 'node:path';
import type { MemoryInfo } from '../../../common/contract/snapshot.js';
import { readTextOrNull } from '../lib/read-text.js';
import { safeLabel } from '../lib/redact.js';
import { getPath, numberSetting } from './hermes-config.js';

export const UNKNOWN_MEMORY: MemoryInfo = {
  entries: null,
  userEntries: null,
  memoryUsagePct: null,
  userUsagePct: null,
  provider: null,
};

const ENTRY_DELIMITER = '\n§\n';

export function countEntries(text: string): number {
  return text.split(ENTRY_DELIMITER).filter((chunk) => chunk.trim() !== '').length;
}

/** Python's len() counts code points, not UTF-16 units. */
function charLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

function usagePct(text: string, limit: number): number {
  return Math.round((charLength(text) / limit) * 1000) / 10;
}

export async function collectMemory(
  hermesHome: string,
  config: Record<string, unknown> | null,
): Promise<MemoryInfo> {
  const [memory, user] = await Promise.all([
    readTextOrNull(join(hermesHome, 'memories', 'MEMORY.md'), 1024 * 1024),
    readTextOrNull(join(hermesHome, 'memories', 'USER.md'), 1024 * 1024),
  ]);
  // A missing file is an empty store (Hermes creates them on first write).
  const memoryText = memory ?? '';
  const userText = user ?? '';
  const provider = getPath(config, 'memory.provider');
  return {
    entries: countEntries(memoryText),
    userEntries: countEntries(userText),
    memoryUsagePct: usagePct(memoryText, numberSetting(config, 'memory.memory_char_limit', 2200)),
    userUsagePct: usagePct(userText, numberSetting(config, 'memory.user_char_limit', 1375)),
    provider:
      config === null
        ? null
        : typeof provider === 'string' && provider.trim() !== ''
          ? safeLabel(provider.trim(), 40)
          : 'builtin',
  };
}
