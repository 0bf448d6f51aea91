/**
 * Quiet hours at both edges of every window, including a window that does not cross midnight
 * (issue 11 §6): 12:00–14:00 holds a warning at 13:00 and delivers it at 15:00. Local time = UTC here.
 */
process.env.TZ = 'UTC';
import { describe, expect, it } from 'vitest';
import { notificationPrefsSchema } from '../../../../preload/ipc-contract.js';
import type { Warning } from '../../../../common/model/warning.js';
import { inQuietHours } from '../../../../common/notify/local-time.js';
import {
  decideNotifications,
  emptyPolicyState,
  notificationStatus,
} from '../../../../common/notify/notification-policy.js';

const at = (hhmm: string) => new Date(`2026-06-01T${hhmm}:00Z`);
const quiet = (start: string, end: string) => ({ enabled: true, start, end });

describe('inQuietHours: both edges of every window', () => {
  it.each([
    // A window inside one day: [start, end)
    ['12:00', '14:00', '11:59', false],
    ['12:00', '14:00', '12:00', true],
    ['12:00', '14:00', '13:00', true],
    ['12:00', '14:00', '13:59', true],
    ['12:00', '14:00', '14:00', false],
    ['12:00', '14:00', '15:00', false],
    ['12:00', '14:00', '00:00', false],
    // A window across midnight
    ['22:00', '07:00', '21:59', false],
    ['22:00', '07:00', '22:00', true],
    ['22:00', '07:00', '23:59', true],
    ['22:00', '07:00', '00:00', true],
    ['22:00', '07:00', '06:59', true],
    ['22:00', '07:00', '07:00', false],
    ['22:00', '07:00', '12:00', false],
    // Starting at midnight, ending at midnight
    ['00:00', '06:00', '00:00', true],
    ['00:00', '06:00', '05:59', true],
    ['00:00', '06:00', '06:00', false],
    ['18:00', '00:00', '17:59', false],
    ['18:00', '00:00', '18:00', true],
    ['18:00', '00:00', '23:59', true],
    ['18:00', '00:00', '00:00', false],
  ] as const)('%s–%s at %s → %s', (start, end, now, expected) => {
    expect(inQuietHours(quiet(start, end), at(now))).toBe(expected);
  });

  it('an empty window (start = end) and a disabled one are never quiet', () => {
    expect(inQuietHours(quiet('09:00', '09:00'), at('09:00'))).toBe(false);
    expect(inQuietHours({ enabled: false, start: '00:00', end: '23:59' }, at('12:00'))).toBe(false);
    expect(inQuietHours(null, at('12:00'))).toBe(false);
  });
});

describe('quiet hours 12:00–14:00 (not crossing midnight) in the notification policy', () => {
  const warning: Warning = {
    id: 'vijay:backup.stale',
    instanceId: 'vijay',
    check: 'backup.stale',
    severity: 'warning',
    title: 'Last backup ran 3 h ago',
    facts: [],
    since: null,
    status: 'active',
    commands: [],
  };
  const prefs = notificationPrefsSchema.parse({ holdPolls: 1, quietHours: quiet('12:00', '14:00') });

  it('holds a warning at 13:00 and delivers it at 15:00', () => {
    let state = emptyPolicyState();
    const noon = decideNotifications(state, [warning], prefs, at('13:00'));
    expect(noon.notifications).toEqual([]);
    expect(notificationStatus(noon.state, at('13:00'), prefs).quietHoursActive).toBe(true);
    state = noon.state;
    const later = decideNotifications(state, [warning], prefs, at('15:00'));
    expect(notificationStatus(later.state, at('15:00'), prefs).quietHoursActive).toBe(false);
    expect(later.notifications.length).toBe(1);
    const [n] = later.notifications;
    expect(n!.warningId === 'vijay:backup.stale' || n!.warningIds?.includes('vijay:backup.stale')).toBe(true);
  });

  it('delivers at 11:59 and at 14:00 (the edges are outside), holds at 12:00', () => {
    expect(decideNotifications(emptyPolicyState(), [warning], prefs, at('11:59')).notifications).toHaveLength(
      1,
    );
    expect(decideNotifications(emptyPolicyState(), [warning], prefs, at('12:00')).notifications).toEqual([]);
    expect(decideNotifications(emptyPolicyState(), [warning], prefs, at('14:00')).notifications).toHaveLength(
      1,
    );
  });
});
