/**
 * Sleep/wake, screen lock and network changes → the core's retry hooks (field lessons: Nagstamon did not
 * refresh after standby; Lens showed stale state after sleep or a VPN drop).
 * - suspend: pause polling (a poll racing the lid closing would report a false "unreachable");
 * - resume / unlock / back online: unpause, reconnect now (skip the backoff wait) and refresh.
 * Pure wiring over injected emitters; no electron import.
 */

/** The slice of an EventEmitter (Electron's powerMonitor is one). */
export interface EmitterLike {
  on(event: string, listener: () => void): unknown;
  removeListener(event: string, listener: () => void): unknown;
}

export interface PowerHooks {
  pausePolling(paused: boolean): unknown;
  /** Reconnect every host now instead of waiting for the backoff timer. */
  retryNow(): unknown;
  refresh(): unknown;
  onError?(error: unknown): void;
}

export type PowerEvent = 'suspend' | 'resume' | 'lock-screen' | 'unlock-screen' | 'online' | 'offline';

/** What each event does, in order. Exported so the mapping itself is visible and tested. */
export function hooksFor(event: PowerEvent): Array<'pause' | 'unpause' | 'retryNow' | 'refresh'> {
  switch (event) {
    case 'suspend':
      return ['pause'];
    case 'resume':
    case 'online':
      return ['unpause', 'retryNow', 'refresh'];
    case 'unlock-screen':
      // The user is back: show fresh data; polling was not paused for a lock.
      return ['refresh'];
    case 'lock-screen':
    case 'offline':
      // Offline: keep polling; the core reports "unreachable" with its reason and backs off by itself.
      return [];
  }
}

function run(hooks: PowerHooks, event: PowerEvent): void {
  for (const step of hooksFor(event)) {
    try {
      const result =
        step === 'pause'
          ? hooks.pausePolling(true)
          : step === 'unpause'
            ? hooks.pausePolling(false)
            : step === 'retryNow'
              ? hooks.retryNow()
              : hooks.refresh();
      if (result instanceof Promise) result.catch((error: unknown) => hooks.onError?.(error));
    } catch (error) {
      hooks.onError?.(error);
    }
  }
}

/**
 * Wires powerMonitor-like and online-state emitters to the hooks. Returns a function that unwires them.
 * `network` emits `online` / `offline` (see `watchOnline`).
 */
export function wirePowerEvents(
  sources: { power: EmitterLike; network?: EmitterLike },
  hooks: PowerHooks,
): () => void {
  const wired: Array<[EmitterLike, PowerEvent, () => void]> = [];
  const on = (emitter: EmitterLike, event: PowerEvent) => {
    const listener = () => run(hooks, event);
    emitter.on(event, listener);
    wired.push([emitter, event, listener]);
  };
  for (const event of ['suspend', 'resume', 'lock-screen', 'unlock-screen'] as const)
    on(sources.power, event);
  if (sources.network) for (const event of ['online', 'offline'] as const) on(sources.network, event);
  return () => {
    for (const [emitter, event, listener] of wired) emitter.removeListener(event, listener);
  };
}

export interface OnlineWatcherDeps {
  /** Electron's `net.isOnline()`. */
  isOnline(): boolean;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
  intervalMs?: number;
}

/**
 * Electron's main process has no online/offline event, only `net.isOnline()`; this samples it and emits
 * `online` / `offline` on transitions only.
 */
export function watchOnline(deps: OnlineWatcherDeps): EmitterLike & { stop(): void } {
  const listeners = new Map<string, Set<() => void>>();
  let last = deps.isOnline();
  const handle = deps.setInterval(() => {
    const now = deps.isOnline();
    if (now === last) return;
    last = now;
    for (const listener of listeners.get(now ? 'online' : 'offline') ?? []) listener();
  }, deps.intervalMs ?? 5_000);
  return {
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
    },
    removeListener(event, listener) {
      listeners.get(event)?.delete(listener);
    },
    stop() {
      deps.clearInterval(handle);
    },
  };
}
