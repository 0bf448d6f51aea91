import { describe, expect, it } from 'vitest';
import { HISTORY_SERIES } from '../../../common/contract/history.js';
import { snapshotToSample } from '../../../exporter/src/history/sample.js';
import { makeUsage } from '../../fixtures/usage-factory.js';
import { makeSnapshot } from './make-snapshot.js';

describe('spend in the history samples', () => {
  it("records today's cost and tokens, per source, and the unpriced tokens", () => {
    const usage = makeUsage([
      { interactive: 0.5 },
      { cron: 4.2, interactive: 0.11, other: 0.05, unpricedTokens: 3700 },
    ]);
    const s = snapshotToSample({ ...makeSnapshot(), usage });
    expect(s.v).toMatchObject({
      costToday: 4.36,
      costTodayCron: 4.2,
      costTodayInteractive: 0.11,
      costTodayOther: 0.05,
      tokensToday: 43_600 + 3700,
      tokensTodayCron: 42_000,
      unpricedTokensToday: 3700,
    });
    expect(Object.keys(s.v).every((k) => (HISTORY_SERIES as readonly string[]).includes(k))).toBe(true);
  });

  it('records unknown (not $0) when the usage probe failed, and nothing for an older snapshot without usage', () => {
    const failed = snapshotToSample({ ...makeSnapshot(), usage: null });
    expect(failed.v.costToday).toBeNull();
    expect(failed.v.tokensTodayCron).toBeNull();
    const { usage: _usage, ...olderSnapshot } = makeSnapshot();
    const older = snapshotToSample(olderSnapshot);
    expect('costToday' in older.v).toBe(false);
  });
});
