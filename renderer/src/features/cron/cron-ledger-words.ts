/**
 * Words and marks for cron-ledger outcomes, shared by the strip, its legend and its text summary
 * (colour is never the only carrier: each outcome also has a glyph and a word).
 */
import type { CronRunOutcome } from '../../../../common/contract/snapshot.js';

export const OUTCOME_WORDS: Record<CronRunOutcome, string> = {
  ok: 'ok',
  failed: 'failed',
  'delivery-failed': 'ran, delivery failed',
  undelivered: '"delivered", never confirmed',
  missed: 'missed (no run)',
  running: 'running',
  overrun: 'running 10× too long',
  unknown: 'interrupted',
};

export const OUTCOME_GLYPH: Record<CronRunOutcome, string> = {
  ok: '✓',
  failed: '✕',
  'delivery-failed': '✉',
  undelivered: '?',
  missed: '○',
  running: '…',
  overrun: '!',
  unknown: '⌁',
};

export const MISSED_CAUSE_WORDS: Record<string, string> = {
  'gateway-down': 'gateway down',
  'ticker-dead': 'ticker stalled',
  'vm-off': 'VM off or suspended',
};

export const WILL_NOT_FIRE_WORDS: Record<string, string> = {
  paused: 'paused',
  disabled: 'disabled',
  'no-ticker': 'no ticker running (gateway down or ticker stalled)',
  'schedule-in-past': 'its one-shot time has passed',
  'no-next-run': 'Hermes has no next run for it',
};
