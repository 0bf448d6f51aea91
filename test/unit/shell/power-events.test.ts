import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { watchOnline, wirePowerEvents } from '../../../main/power/power-events.js';

function recorder() {
  const calls: string[] = [];
  return {
    calls,
    hooks: {
      pausePolling: (p: boolean) => calls.push(p ? 'pause' : 'unpause'),
      retryNow: () => calls.push('retryNow'),
      refresh: () => calls.push('refresh'),
    },
  };
}

describe('power events', () => {
  it('pauses polling on sleep and on wake reconnects at once and refreshes', () => {
    const power = new EventEmitter();
    const { calls, hooks } = recorder();
    wirePowerEvents({ power }, hooks);
    power.emit('suspend');
    expect(calls).toEqual(['pause']);
    power.emit('resume');
    expect(calls).toEqual(['pause', 'unpause', 'retryNow', 'refresh']);
  });

  it('refreshes when the screen is unlocked and does nothing on lock', () => {
    const power = new EventEmitter();
    const { calls, hooks } = recorder();
    wirePowerEvents({ power }, hooks);
    power.emit('lock-screen');
    power.emit('unlock-screen');
    expect(calls).toEqual(['refresh']);
  });

  it('reconnects when the network comes back, and stops listening when unwired', () => {
    const power = new EventEmitter();
    const network = new EventEmitter();
    const { calls, hooks } = recorder();
    const unwire = wirePowerEvents({ power, network }, hooks);
    network.emit('offline');
    network.emit('online');
    expect(calls).toEqual(['unpause', 'retryNow', 'refresh']);
    unwire();
    network.emit('online');
    power.emit('resume');
    expect(calls).toHaveLength(3);
    expect(power.listenerCount('resume') + network.listenerCount('online')).toBe(0);
  });

  it('keeps going when a hook fails and reports the error', async () => {
    const power = new EventEmitter();
    const errors: string[] = [];
    const calls: string[] = [];
    wirePowerEvents(
      { power },
      {
        pausePolling: () => calls.push('pause'),
        retryNow: () => Promise.reject(new Error('no route')),
        refresh: () => calls.push('refresh'),
        onError: (e) => errors.push((e as Error).message),
      },
    );
    power.emit('resume');
    await new Promise((r) => setImmediate(r));
    expect(calls).toEqual(['pause', 'refresh']);
    expect(errors).toEqual(['no route']);
  });
});

describe('watchOnline', () => {
  it('turns net.isOnline() samples into online/offline events on transitions only', () => {
    let online = true;
    let tick: () => void = () => undefined;
    let cleared = false;
    const watcher = watchOnline({
      isOnline: () => online,
      setInterval: (fn) => ((tick = fn), 1),
      clearInterval: () => (cleared = true),
    });
    const events: string[] = [];
    watcher.on('online', () => events.push('online'));
    watcher.on('offline', () => events.push('offline'));
    tick();
    online = false;
    tick();
    tick();
    online = true;
    tick();
    expect(events).toEqual(['offline', 'online']);
    watcher.stop();
    expect(cleared).toBe(true);
  });
});
