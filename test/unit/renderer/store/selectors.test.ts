import { describe, expect, it } from 'vitest';
import type { Warning } from '../../../../common/model/warning.js';
import { isWarningHidden, oldestData } from '../../../../renderer/src/store/selectors.js';
import { createAppStore } from '../../../../renderer/src/store/store.js';

const w = (id: string, severity: Warning['severity']): Warning => ({
  id,
  instanceId: 'vijay',
  check: id,
  severity,
  title: id,
  facts: [],
  since: null,
  status: 'active',
  commands: [],
});
const NOW = Date.parse('2026-05-14T14:08:00Z');

describe('store selectors', () => {
  it('hides acknowledged warnings and snoozed ones until the snooze runs out', () => {
    const n = {
      mutedUntil: null,
      acknowledged: ['a'],
      snoozed: { b: '2026-05-14T15:00:00Z' },
      quietHoursActive: false,
    };
    expect(isWarningHidden(w('a', 'info'), n, NOW)).toBe(true);
    expect(isWarningHidden(w('b', 'info'), n, NOW)).toBe(true);
    expect(isWarningHidden(w('b', 'info'), n, Date.parse('2026-05-14T15:01:00Z'))).toBe(false);
    expect(isWarningHidden(w('c', 'info'), n, NOW)).toBe(false);
  });

  it('takes the oldest snapshot for the top bar', () => {
    const at = (generatedAt: string | null, clockSkewSeconds: number | null = 0) =>
      ({ generatedAt, fetchedAt: generatedAt, clockSkewSeconds }) as never;
    const now = Date.parse('2026-05-14T14:08:00Z');
    expect(oldestData([at('2026-05-14T14:02:00Z'), at('2026-05-14T13:50:00Z'), at(null)], now)).toEqual({
      generatedAt: '2026-05-14T13:50:00Z',
      ageSeconds: 18 * 60,
    });
  });

  it('judges "oldest" on each VM\'s own clock: a VM whose clock runs behind does not look older', () => {
    const now = Date.parse('2026-05-14T14:08:00Z');
    // Written at 14:05 by a VM whose clock is 4 min behind this laptop's: 1 min old, not 3.
    const behind = {
      generatedAt: '2026-05-14T14:03:00Z',
      fetchedAt: '2026-05-14T14:07:30Z',
      clockSkewSeconds: 240,
    };
    const onTime = {
      generatedAt: '2026-05-14T14:06:00Z',
      fetchedAt: '2026-05-14T14:07:30Z',
      clockSkewSeconds: 0,
    };
    expect(oldestData([behind, onTime] as never, now)).toEqual({
      generatedAt: onTime.generatedAt,
      ageSeconds: 120,
    });
  });

  it('remembers the instance tab, pane and trend range in storage, ignoring junk', () => {
    const m = new Map<string, string>();
    const storage = {
      getItem: (k: string) => m.get(k) ?? null,
      setItem: (k: string, v: string) => void m.set(k, v),
    };
    const a = createAppStore(storage);
    a.getState().setScope('bheem');
    a.getState().setPane('trends');
    a.getState().setTrendRange('7d');
    const b = createAppStore(storage).getState();
    expect([b.scope, b.pane, b.trendRange]).toEqual(['bheem', 'trends', '7d']);
    m.set('hmc.pane', 'nonsense');
    m.set('hmc.trendRange', '1y');
    const c = createAppStore(storage).getState();
    expect([c.pane, c.trendRange]).toEqual(['overview', '24h']);
  });
});
