import { describe, expect, it } from 'vitest';
import {
  buildTrayModel,
  dataAgeSeconds,
  TOOLTIP_MAX,
  type TrayMenuItem,
} from '../../../main/tray/tray-model.js';
import { makeSnapshot } from '../../fixtures/snapshot-factory.js';
import { appState, bheem, FIXED_NOW, vijay, warning } from './fixtures.js';

const now = FIXED_NOW; // 12:00 UTC
const tz = 'UTC';

function find(menu: TrayMenuItem[], id: string): TrayMenuItem {
  for (const item of menu) {
    if (item.id === id) return item;
    const inner = item.submenu && findOrNull(item.submenu, id);
    if (inner) return inner;
  }
  throw new Error(`no menu item ${id}`);
}
function findOrNull(menu: TrayMenuItem[], id: string): TrayMenuItem | null {
  try {
    return find(menu, id);
  } catch {
    return null;
  }
}

describe('tray icon', () => {
  it('is green only when every instance is live and nothing is wrong', () => {
    const model = buildTrayModel({ state: appState(), now, timeZone: tz });
    expect(model.icon).toBe('healthy');
    expect(model.tooltip).toBe('Vijay ✓ · Bheem ✓ · as of 12:00');
  });

  it('turns amber with a warning and counts them per instance in the tooltip', () => {
    const state = appState({
      warnings: [warning('bheem', 'cron.failing'), warning('bheem', 'backup.stale')],
    });
    const model = buildTrayModel({ state, now, timeZone: tz });
    expect(model.icon).toBe('warning');
    expect(model.tooltip).toBe('Vijay ✓ · Bheem ⚠ 2 · as of 12:00');
  });

  it.each(['stale', 'unreachable', 'unknown', 'incompatible'] as const)(
    'is grey, never green, when an instance is %s',
    (kind) => {
      const state = appState({ instances: [vijay(), bheem({ state: kind })] });
      expect(buildTrayModel({ state, now, timeZone: tz }).icon).toBe('stale');
    },
  );

  it('is grey rather than amber when one instance warns and the other cannot be read', () => {
    const state = appState({
      instances: [vijay(), bheem({ state: 'unreachable' })],
      warnings: [warning('vijay', 'disk.pressure')],
    });
    expect(buildTrayModel({ state, now, timeZone: tz }).icon).toBe('stale');
  });

  it('shows red when something is critical, even while another instance is unreachable', () => {
    const state = appState({
      instances: [vijay(), bheem({ state: 'unreachable' })],
      warnings: [warning('vijay', 'exposure.public', { severity: 'critical' })],
    });
    const model = buildTrayModel({ state, now, timeZone: tz });
    expect(model.icon).toBe('critical');
    expect(model.tooltip).toContain('Vijay ✖ 1');
    expect(model.tooltip).toContain('Bheem unreachable');
  });

  it('does not count checks that cannot be evaluated (status unknown) as problems', () => {
    const state = appState({
      instances: [vijay(), bheem({ state: 'stale' })],
      warnings: [warning('bheem', 'gateway.down', { severity: 'critical', status: 'unknown' })],
    });
    expect(buildTrayModel({ state, now, timeZone: tz }).icon).toBe('stale');
  });

  it('shows the paused icon when notifications are muted and all is well, but never hides a warning', () => {
    const muted = {
      mutedUntil: '2026-06-01T13:00:00.000Z',
      snoozed: {},
      acknowledged: [],
      quietHoursActive: false,
    };
    expect(buildTrayModel({ state: appState({ notifications: muted }), now, timeZone: tz }).icon).toBe(
      'paused',
    );
    const warned = appState({ notifications: muted, warnings: [warning('vijay', 'disk.pressure')] });
    expect(buildTrayModel({ state: warned, now, timeZone: tz }).icon).toBe('warning');
    const expired = { ...muted, mutedUntil: '2026-06-01T11:00:00.000Z' };
    expect(buildTrayModel({ state: appState({ notifications: expired }), now, timeZone: tz }).icon).toBe(
      'healthy',
    );
  });

  it('is grey with no instances at all', () => {
    const model = buildTrayModel({ state: appState({ instances: [] }), now, timeZone: tz });
    expect(model.icon).toBe('stale');
    expect(model.tooltip).toBe('no instances configured · no data yet');
  });
});

describe('tray tooltip', () => {
  it('dates the data by the stalest fetch, so it never claims fresher data than it has', () => {
    const state = appState({
      instances: [
        vijay({ fetchedAt: '2026-06-01T11:58:00.000Z' }),
        bheem({ fetchedAt: '2026-06-01T09:15:00.000Z' }),
      ],
    });
    expect(buildTrayModel({ state, now, timeZone: tz }).tooltip).toContain('as of 09:15');
  });

  it('says demo and paused, and stays within the Windows tooltip limit', () => {
    const many = Array.from({ length: 12 }, (_, i) =>
      vijay({ id: `instance-${i}`, label: `A long instance name ${i}` }),
    );
    const state = appState({
      demo: true,
      instances: many,
      notifications: {
        mutedUntil: '2026-06-01T16:00:00.000Z',
        snoozed: {},
        acknowledged: [],
        quietHoursActive: false,
      },
    });
    const { tooltip } = buildTrayModel({ state, now, timeZone: tz });
    expect(tooltip.startsWith('Demo · ')).toBe(true);
    expect(tooltip.length).toBeLessThanOrEqual(TOOLTIP_MAX);
    const short = buildTrayModel({
      state: { ...state, instances: [vijay()] },
      now,
      timeZone: tz,
    }).tooltip;
    expect(short).toBe('Demo · Vijay ✓ · as of 12:00 · notifications paused');
  });
});

describe('tray menu', () => {
  const commands = {
    vijay: [
      {
        id: 'dashboard-tunnel',
        label: 'Tunnel',
        command: 'ssh -N -L 9119:127.0.0.1:9119 ops@100.87.53.10',
        where: 'on your laptop',
      },
      {
        id: 'gateway-restart',
        label: 'Restart',
        command: 'systemctl restart hermes-root-gateway.service',
        where: 'on the VM',
      },
    ],
  };

  it('has one line per instance with its state and data age, then the fixed entries in order', () => {
    const state = appState({
      instances: [
        vijay({ generatedAt: '2026-06-01T11:55:00.000Z' }),
        bheem({ state: 'unreachable', reason: { code: 'TAILSCALE_DOWN', message: 'x' } }),
      ],
    });
    const { menu } = buildTrayModel({ state, now, commands, timeZone: tz });
    expect(menu.filter((i) => i.type !== 'separator').map((i) => i.label)).toEqual([
      'Vijay — healthy · data 5 min old',
      expect.stringMatching(/^Bheem \(uma\) — unreachable \(TAILSCALE_DOWN\) · data /),
      'Open Mission Control',
      'Refresh now',
      'Copy tunnel command',
      'Copy restart command',
      'Open dashboard',
      'Pause notifications',
      'Quit',
    ]);
    expect(find(menu, 'quit').action).toEqual({ kind: 'quit' });
    expect(find(menu, 'refresh').action).toEqual({ kind: 'refresh' });
  });

  it('copies the exact runbook command per instance and disables instances that have none', () => {
    const { menu } = buildTrayModel({ state: appState(), now, commands, timeZone: tz });
    expect(find(menu, 'copy-tunnel:vijay').action).toEqual({
      kind: 'copy-text',
      text: commands.vijay[0]!.command,
    });
    expect(find(menu, 'copy-restart:vijay').action).toEqual({
      kind: 'copy-text',
      text: commands.vijay[1]!.command,
    });
    expect(find(menu, 'copy-restart:bheem')).toMatchObject({
      enabled: false,
      label: 'Bheem (uma) (not available)',
    });
  });

  it('offers Open dashboard only where a dashboard is listening on an SSH host', () => {
    const silent = makeSnapshot('bheem', { dashboard: { bindings: [] } });
    const state = appState({ instances: [vijay(), bheem({ snapshot: silent })] });
    const { menu } = buildTrayModel({ state, now, timeZone: tz });
    expect(find(menu, 'open-dashboard:vijay')).toMatchObject({
      enabled: true,
      label: 'Vijay (:9119)',
      action: { kind: 'open-dashboard', instanceId: 'vijay' },
    });
    expect(find(menu, 'open-dashboard:bheem')).toMatchObject({
      enabled: false,
      label: 'Bheem (uma) (dashboard not listening)',
    });
    const demo = buildTrayModel({
      state: appState({ demo: true, instances: [vijay({ source: 'demo' })] }),
      now,
    });
    expect(find(demo.menu, 'open-dashboard').enabled).toBe(false);
  });

  it('pauses notifications for 1 h, 4 h or until tomorrow, and offers Resume only while paused', () => {
    const { menu } = buildTrayModel({ state: appState(), now, timeZone: tz });
    const pause = find(menu, 'pause');
    expect(pause.submenu?.map((i) => [i.label, i.action])).toEqual([
      ['For 1 hour', { kind: 'mute-notifications', duration: '1h' }],
      ['For 4 hours', { kind: 'mute-notifications', duration: '4h' }],
      ['Until tomorrow', { kind: 'mute-notifications', duration: 'tomorrow' }],
      ['Resume notifications', { kind: 'mute-notifications', duration: 'off' }],
    ]);
    expect(find(menu, 'pause:off').enabled).toBe(false);
    const muted = appState({
      notifications: {
        mutedUntil: '2026-06-01T16:00:00.000Z',
        snoozed: {},
        acknowledged: [],
        quietHoursActive: false,
      },
    });
    const pausedMenu = buildTrayModel({ state: muted, now, timeZone: tz }).menu;
    expect(find(pausedMenu, 'pause').label).toBe('Notifications paused until 16:00');
    expect(find(pausedMenu, 'pause:off').enabled).toBe(true);
  });
});

describe('data age', () => {
  it('moves the VM timestamp onto the laptop clock using the measured skew', () => {
    // The laptop runs 120 s ahead: at 12:00 laptop time the VM says 11:58, so an 11:57 stamp is 60 s old.
    expect(
      dataAgeSeconds(vijay({ generatedAt: '2026-06-01T11:57:00.000Z', clockSkewSeconds: 120 }), now),
    ).toBe(60);
    expect(dataAgeSeconds(vijay({ generatedAt: '2026-06-01T11:57:00.000Z', clockSkewSeconds: 0 }), now)).toBe(
      180,
    );
    expect(dataAgeSeconds(vijay({ generatedAt: null, fetchedAt: '2026-06-01T11:50:00.000Z' }), now)).toBe(
      600,
    );
    expect(dataAgeSeconds(vijay({ generatedAt: null, fetchedAt: null }), now)).toBeNull();
  });
});
