import { describe, expect, it, vi } from 'vitest';
import {
  NotificationRegistry,
  toNativeOptions,
  type DeliverableNotification,
  type NativeNotificationOptions,
} from '../../../main/notify/notification-delivery.js';

const critical: DeliverableNotification = {
  kind: 'new',
  warningId: 'vijay:gateway.down',
  severity: 'critical',
  title: 'Vijay: gateway down',
  body: 'Cron jobs will not fire.',
};

describe('toNativeOptions', () => {
  it('makes a critical loud and sticky, with acknowledge and snooze buttons on macOS', () => {
    expect(toNativeOptions(critical, 'darwin')).toEqual({
      title: 'Vijay: gateway down',
      body: 'Cron jobs will not fire.',
      urgency: 'critical',
      timeoutType: 'never',
      silent: false,
      actions: [
        { type: 'button', text: 'Acknowledge' },
        { type: 'button', text: 'Snooze 1 h' },
      ],
    });
  });

  it('offers no buttons where Electron cannot show them', () => {
    expect(toNativeOptions(critical, 'linux').actions).toEqual([]);
    expect(toNativeOptions(critical, 'win32').actions).toEqual([]);
  });

  it('keeps recovered notices and summaries quiet and without actions', () => {
    const recovered = toNativeOptions(
      { ...critical, kind: 'recovered', title: 'Vijay: gateway back' },
      'darwin',
    );
    expect(recovered).toMatchObject({ urgency: 'low', silent: true, timeoutType: 'default', actions: [] });
    const summary = toNativeOptions(
      { ...critical, kind: 'summary', warningId: null, severity: 'warning' },
      'darwin',
    );
    expect(summary).toMatchObject({ urgency: 'normal', silent: true, actions: [] });
  });

  it('gives a plain warning normal urgency and sound', () => {
    expect(toNativeOptions({ ...critical, severity: 'warning' }, 'linux')).toMatchObject({
      urgency: 'normal',
      silent: false,
      timeoutType: 'default',
    });
  });
});

class FakeNotification {
  static all: FakeNotification[] = [];
  shown = false;
  closed = false;
  private listeners = new Map<string, Array<(...args: never[]) => void>>();
  constructor(readonly options: NativeNotificationOptions) {
    FakeNotification.all.push(this);
  }
  on(event: string, listener: (...args: never[]) => void) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
  }
  emit(event: string, ...args: unknown[]) {
    for (const l of this.listeners.get(event) ?? []) l(...(args as never[]));
  }
  show() {
    this.shown = true;
  }
  close() {
    this.closed = true;
    this.emit('close');
  }
}

function registry(platform: NodeJS.Platform = 'darwin') {
  FakeNotification.all = [];
  const deps = {
    create: (o: NativeNotificationOptions) => new FakeNotification(o),
    platform,
    openWarning: vi.fn(),
    acknowledge: vi.fn(),
    snooze: vi.fn(),
  };
  return { deps, reg: new NotificationRegistry(deps) };
}

describe('NotificationRegistry', () => {
  it('keeps each notification referenced until it closes, so its click still works', () => {
    const { reg, deps } = registry();
    reg.show(critical);
    expect(reg.size).toBe(1);
    const shown = FakeNotification.all[0]!;
    expect(shown.shown).toBe(true);
    shown.emit('click');
    expect(deps.openWarning).toHaveBeenCalledWith('vijay:gateway.down');
    shown.emit('close');
    expect(reg.size).toBe(0);
  });

  it('replaces an open notification about the same warning instead of stacking a second one', () => {
    const { reg } = registry();
    reg.show({ ...critical, severity: 'warning' });
    reg.show({ ...critical, kind: 'escalated' });
    expect(FakeNotification.all).toHaveLength(2);
    expect(FakeNotification.all[0]!.closed).toBe(true);
    expect(reg.size).toBe(1);
    expect(reg.has('vijay:gateway.down')).toBe(true);
  });

  it('turns the macOS buttons into acknowledge and snooze for that warning', () => {
    const { reg, deps } = registry();
    reg.show(critical);
    const n = FakeNotification.all[0]!;
    n.emit('action', {}, 0);
    n.emit('action', {}, 1);
    expect(deps.acknowledge).toHaveBeenCalledWith('vijay:gateway.down');
    expect(deps.snooze).toHaveBeenCalledWith('vijay:gateway.down', '1h');
  });

  it('opens the window without a warning for a summary, and keeps several summaries', () => {
    const { reg, deps } = registry('linux');
    const summary: DeliverableNotification = { ...critical, kind: 'summary', warningId: null };
    reg.show(summary);
    reg.show(summary);
    expect(reg.size).toBe(2);
    FakeNotification.all[1]!.emit('click');
    expect(deps.openWarning).toHaveBeenCalledWith(null);
  });

  it('closes everything on quit', () => {
    const { reg } = registry();
    reg.show(critical);
    reg.show({ ...critical, warningId: 'bheem:cron.failing' });
    reg.closeAll();
    expect(reg.size).toBe(0);
    expect(FakeNotification.all.every((n) => n.closed)).toBe(true);
  });
});

describe('NotificationRegistry.simulateClick', () => {
  it('runs the same handler as an OS click, only for a notification still open', () => {
    const { reg, deps } = registry();
    reg.show(critical);
    expect(reg.simulateClick('vijay:gateway.down')).toBe(true);
    expect(deps.openWarning).toHaveBeenCalledWith('vijay:gateway.down');
    FakeNotification.all[0]!.close();
    expect(reg.simulateClick('vijay:gateway.down')).toBe(false);
  });
});
