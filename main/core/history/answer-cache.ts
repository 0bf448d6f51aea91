/**
 * The last downsampled answer per (instance, series, range, maxPoints), reused while it is provably the
 * same: the same tier indexes (the store replaces an index whenever its file's records change) and, in
 * each, the same first record at or after the range start. Then downsampling would get the very same
 * input, so the answer is identical, not approximately so. A range start creeping forward by a few
 * seconds keeps it; a new sample, a rollover or a dropped record does not.
 *
 * Why: the renderer asks the same 90-day histories again on a tab switch, a range revisit or a second
 * window, and downsampling 14 series × ~6,400 points was most of main's answer.
 *
 * Bound: {@link MAX_ANSWERS} answers (least recently used dropped), each ≤ maxPoints points.
 */
import type { HistoryPoint } from '../../../preload/ipc-contract.js';
import type { TierIndex } from './tier-index.js';

export const MAX_ANSWERS = 256;

interface Answer {
  tiers: readonly (TierIndex | null)[];
  firsts: readonly number[];
  points: HistoryPoint[];
}

export class AnswerCache {
  private readonly answers = new Map<string, Answer>();

  /**
   * The cached points for `key` when `tiers` and their first record at or after `startS` are unchanged,
   * else `compute()`'s (kept for next time). The points are shared: callers must not mutate them.
   */
  get(
    key: string,
    tiers: readonly (TierIndex | null)[],
    startS: number,
    compute: () => HistoryPoint[],
  ): HistoryPoint[] {
    const firsts = tiers.map((t) => (t ? t.firstAtOrAfter(startS) : -1));
    const known = this.answers.get(key);
    this.answers.delete(key);
    const same =
      known !== undefined &&
      known.tiers.every((t, i) => t === tiers[i]) &&
      known.firsts.every((f, i) => f === firsts[i]);
    const points = same ? known.points : compute();
    this.answers.set(key, { tiers, firsts, points });
    if (this.answers.size > MAX_ANSWERS) this.answers.delete(this.answers.keys().next().value!);
    return points;
  }
}
