/**
 * Which spend source a Hermes session counts under. `sessions.source` is the platform that opened the
 * session (`gateway/config.py` `Platform`, plus `cli`/`tui`/`cron`/`subagent` from the agent itself).
 * A subagent spends on behalf of its parent, so it takes its parent's class: a cron job that fans out into
 * subagents is still a cron burn. Unknown or future sources are `other`, never guessed `interactive`.
 */
import type { SpendSource } from '../contract/snapshot-usage.js';

/** Sources where a person is at the other end (Hermes's own front ends and its messaging platforms). */
const INTERACTIVE_SOURCES: ReadonlySet<string> = new Set([
  'cli',
  'tui',
  'desktop',
  'dashboard',
  'acp',
  'local',
  'telegram',
  'discord',
  'whatsapp',
  'whatsapp_cloud',
  'slack',
  'signal',
  'mattermost',
  'matrix',
  'homeassistant',
  'email',
  'sms',
  'dingtalk',
  'feishu',
  'wecom',
  'wecom_callback',
  'weixin',
  'bluebubbles',
  'qqbot',
  'yuanbao',
  'relay',
]);

function directClass(source: string | null): SpendSource | null {
  if (source === null) return null;
  const s = source.trim().toLowerCase();
  if (s === 'cron') return 'cron';
  if (INTERACTIVE_SOURCES.has(s)) return 'interactive';
  if (s === 'subagent') return null;
  return 'other';
}

/** The class of a session given its own source and (for subagents) its parent's source. */
export function spendSourceOf(source: string | null, parentSource: string | null): SpendSource {
  const own = directClass(source);
  if (own !== null) return own;
  return directClass(parentSource) ?? 'other';
}
