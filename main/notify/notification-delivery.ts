/**
 * Native notifications as a projection of the notification policy's output.
 *
 * - `toNativeOptions` (pure): one policy record → the options Electron's `Notification` takes, per OS.
 * - `NotificationRegistry`: shows them through an injected factory, keeps a reference to each until it
 *   closes (a garbage-collected Notification silently loses its click handler), dedupes by warning id
 *   (a newer notice about the same warning replaces the older one instead of stacking), and routes clicks
 *   and actions to injected handlers. No electron import.
 */
import type { NotificationToShow } from '../../common/notify/notification-policy.js';

/** The fields this module needs from the policy's NotificationToShow (so tests can build small ones). */
export type DeliverableNotification = Pick<
  NotificationToShow,
  'kind' | 'warningId' | 'severity' | 'title' | 'body'
>;

export type NotificationUrgency = 'low' | 'normal' | 'critical';

/** Structurally a subset of Electron's NotificationConstructorOptions. */
export interface NativeNotificationOptions {
  title: string;
  body: string;
  /** Linux only: `critical` stays on screen until dismissed. */
  urgency: NotificationUrgency;
  /** Windows/Linux: criticals do not time out. */
  timeoutType: 'default' | 'never';
  silent: boolean;
  /** macOS only (the only OS where Electron shows notification buttons). */
  actions: { type: 'button'; text: string }[];
}

/** Button order on macOS; `action` events report the index. */
export const NOTIFICATION_ACTIONS = ['Acknowledge', 'Snooze 1 h'] as const;

function isAboutOneWarning(n: DeliverableNotification): n is DeliverableNotification & { warningId: string } {
  return n.warningId !== null && n.kind !== 'recovered' && n.kind !== 'summary';
}

/** Maps one policy record to native options for `platform`. Pure. */
export function toNativeOptions(
  n: DeliverableNotification,
  platform: NodeJS.Platform,
): NativeNotificationOptions {
  const recovered = n.kind === 'recovered';
  const critical = n.severity === 'critical' && !recovered;
  return {
    title: n.title,
    body: n.body,
    urgency: critical ? 'critical' : recovered || n.severity === 'info' ? 'low' : 'normal',
    timeoutType: critical ? 'never' : 'default',
    // Good news and summaries should not make a sound; problems should.
    silent: recovered || n.kind === 'summary' || n.severity === 'info',
    actions:
      platform === 'darwin' && isAboutOneWarning(n)
        ? NOTIFICATION_ACTIONS.map((text) => ({ type: 'button' as const, text }))
        : [],
  };
}

/** The slice of Electron's Notification the registry uses. */
export interface NotificationLike {
  on(event: 'click' | 'close' | 'failed', listener: () => void): unknown;
  on(event: 'action', listener: (event: unknown, index: number) => void): unknown;
  show(): void;
  close(): void;
}

export interface NotificationRegistryDeps {
  create(options: NativeNotificationOptions): NotificationLike;
  platform: NodeJS.Platform;
  /** Show the window and focus this warning (null: just show the window). */
  openWarning(warningId: string | null): unknown;
  acknowledge(warningId: string): unknown;
  snooze(warningId: string, duration: '1h'): unknown;
  onError?(error: unknown): void;
}

/** Shows notifications and keeps them alive until closed. */
export class NotificationRegistry {
  private readonly open = new Map<string, NotificationLike>();
  private readonly clickHandlers = new WeakMap<NotificationLike, () => void>();
  private summaryCounter = 0;

  constructor(private readonly deps: NotificationRegistryDeps) {}

  /** Number of notifications currently held (shown and not yet closed). */
  get size(): number {
    return this.open.size;
  }

  has(warningId: string): boolean {
    return this.open.has(warningId);
  }

  show(n: DeliverableNotification): void {
    // Summaries never replace each other's warning slot; each gets its own key.
    const key = n.warningId ?? `summary:${++this.summaryCounter}`;
    const previous = this.open.get(key);
    if (previous) {
      this.open.delete(key);
      previous.close();
    }
    const native = this.deps.create(toNativeOptions(n, this.deps.platform));
    const release = () => {
      if (this.open.get(key) === native) this.open.delete(key);
    };
    const onClick = () => this.guard(() => this.deps.openWarning(n.warningId));
    this.clickHandlers.set(native, onClick);
    native.on('click', onClick);
    native.on('action', (_event: unknown, index: number) => {
      if (!isAboutOneWarning(n)) return;
      if (index === 0) this.guard(() => this.deps.acknowledge(n.warningId));
      else if (index === 1) this.guard(() => this.deps.snooze(n.warningId, '1h'));
    });
    native.on('close', release);
    native.on('failed', release);
    this.open.set(key, native);
    native.show();
  }

  /** Runs the click handler of an open notification, as the OS would (smoke tests drive clicks this way). */
  simulateClick(warningId: string): boolean {
    const native = this.open.get(warningId);
    if (!native) return false;
    this.clickHandlers.get(native)?.();
    return true;
  }

  /** On quit: close everything we showed. */
  closeAll(): void {
    for (const native of [...this.open.values()]) native.close();
    this.open.clear();
  }

  private guard(fn: () => unknown): void {
    try {
      const result = fn();
      if (result instanceof Promise) result.catch((error: unknown) => this.deps.onError?.(error));
    } catch (error) {
      this.deps.onError?.(error);
    }
  }
}
