/**
 * The per-instance daily spend caps, pure. Caps are saved on their own (like a host): the payload is the
 * settings main last saved with only `thresholds.spendDailyCapUsd` changed, so unsaved edits elsewhere in
 * the form stay pending. Blank means "no cap".
 */
import type { Settings } from '../../../../preload/ipc-contract.js';

export type CapDrafts = Record<string, string>;

export function capDrafts(saved: Settings, instanceIds: readonly string[]): CapDrafts {
  const caps = saved.thresholds.spendDailyCapUsd;
  return Object.fromEntries(instanceIds.map((id) => [id, caps[id] === undefined ? '' : String(caps[id])]));
}

export type CapsSaved = { ok: true; settings: Settings } | { ok: false; errors: Record<string, string> };

/** Saved settings with these caps (caps of instances not listed are kept as they were). */
export function withSpendCapsSaved(saved: Settings, drafts: CapDrafts): CapsSaved {
  const caps: Record<string, number> = { ...saved.thresholds.spendDailyCapUsd };
  const errors: Record<string, string> = {};
  for (const [id, raw] of Object.entries(drafts)) {
    const text = raw.trim().replace(/^\$/, '');
    if (text === '') {
      delete caps[id];
      continue;
    }
    const n = Number(text);
    if (!Number.isFinite(n) || n <= 0)
      errors[id] = 'Enter an amount in USD above 0, or leave it blank for no cap';
    else caps[id] = Math.round(n * 100) / 100;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, settings: { ...saved, thresholds: { ...saved.thresholds, spendDailyCapUsd: caps } } };
}
