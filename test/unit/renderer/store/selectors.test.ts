import { describe, expect, it } from 'vitest';
import type { Warning } from '../../../../main/core/model/warning.js';
import { isWarningHidden, oldestGeneratedAt, sortWarnings } from '../../../../renderer/src/store/selectors.js';
import { createAppStore } from '../../../../renderer/src/store/store.js';

const w = (id: string, severity: Warning['severity']): Warning => ({ id, instanceId: 'vijay', check: id, severity, title: id, facts: [], since: null, status: 'active', commands: [] });
const NOW = Date.parse('2026-05-14T14:08:00Z');

describe('store selectors', () => {
  it('hides acknowledged warnings and snoozed ones until the snooze runs out', () => {
    const n = { mutedUntil: null, acknowledged: ['a'], snoozed: { b: '2026-05-14T15:00:00Z' }, quietHoursActive: false };
    expect(isWarningHidden(w('a', 'info'), n, NOW)).toBe(true);
    expect(isWarningHidden(w('b', 'info'), n, NOW)).toBe(true);
    expect(isWarningHidden(w('b', 'info'), n, Date.parse('2026-05-14T15:01:00Z'))).toBe(false);
    expect(isWarningHidden(w('c', 'info'), n, NOW)).toBe(false);
  });

  it('puts criticals first and takes the oldest snapshot for the top bar', () => {
    expect(sortWarnings([w('x', 'info'), w('y', 'critical'), w('z', 'warning')]).map((x) => x.id)).toEqual(['y', 'z', 'x']);
    expect(oldestGeneratedAt([{ generatedAt: '2026-05-14T14:02:00Z' }, { generatedAt: '2026-05-14T13:50:00Z' }, { generatedAt: null }] as never)).toBe('2026-05-14T13:50:00Z');
  });

  it('remembers the instance tab, pane and trend range in storage, ignoring junk', () => {
    const m = new Map<string, string>();
    const storage = { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) };
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
