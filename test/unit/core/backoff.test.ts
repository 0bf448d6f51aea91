import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { backoffDelayMs, type Timers } from '../../../main/core/ssh/backoff.js';
import { ConnectionManager, type HostConnectionStatus } from '../../../main/core/ssh/connection-manager.js';
import { PinnedKeyStore } from '../../../main/core/ssh/pinned-keys.js';
import { freePort } from '../../helpers/sshd.js';

const policy = { baseMs: 1_000, maxMs: 30_000, minMs: 250, factor: 2 };

describe('backoff with full jitter', () => {
  it('grows the window exponentially up to the cap', () => {
    const top = () => 1;
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((a) => backoffDelayMs(a, policy, top))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });

  it('draws uniformly inside the window, never below the floor', () => {
    expect(backoffDelayMs(3, policy, () => 0.5)).toBe(4_000);
    expect(backoffDelayMs(3, policy, () => 0)).toBe(250);
    expect(backoffDelayMs(0, policy, () => 0.1)).toBe(250);
  });
});

/** Timers driven by hand: `fire()` runs the earliest pending callback and moves the clock to it. */
class ManualTimers implements Timers {
  nowMs = Date.parse('2026-03-01T10:00:00Z');
  pending: Array<{ at: number; fn: () => void; id: number }> = [];
  private nextId = 1;
  now = () => this.nowMs;
  setTimeout = (fn: () => void, ms: number) => {
    const id = this.nextId++;
    this.pending.push({ at: this.nowMs + ms, fn, id });
    return id;
  };
  clearTimeout = (id: unknown) => {
    this.pending = this.pending.filter((p) => p.id !== id);
  };
  fire(): void {
    this.pending.sort((a, b) => a.at - b.at);
    const next = this.pending.shift();
    if (!next) throw new Error('no timer pending');
    this.nowMs = next.at;
    next.fn();
  }
}

const home = mkdtempSync(join(tmpdir(), 'hmc-backoff-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

function nextStatus(
  manager: ConnectionManager,
  state: HostConnectionStatus['state'],
): Promise<HostConnectionStatus> {
  return new Promise((resolve) => {
    const off = manager.onStatus((s) => {
      if (s.state === state) {
        off();
        resolve(s);
      }
    });
  });
}

describe('reconnect schedule against a closed port', () => {
  it('backs off with growing, jittered delays, shows when it retries, and retries at once on retryNow()', async () => {
    const port = await freePort(); // nothing listens: every attempt is REFUSED quickly
    mkdirSync(join(home, '.ssh'), { recursive: true });
    writeFileSync(join(home, '.ssh', 'id_ed25519'), 'not a key');
    const timers = new ManualTimers();
    const draws = [0.5, 0.5, 0.5];
    const manager = new ConnectionManager({
      hosts: [{ name: 'vm', host: '127.0.0.1', port, user: 'root', identityFile: join(home, 'key') }],
      secretStore: { get: async () => null, set: async () => undefined },
      pinnedKeys: new PinnedKeyStore(join(home, 'pins.json')),
      decideUnknownHostKey: async () => false,
      sshConfig: () => ({ text: null, home }),
      env: {},
      home,
      timers,
      random: () => draws.shift() ?? 1,
      timing: { backoff: policy },
    });
    // A real (unencrypted, throwaway) key so auth planning passes and the socket is what fails.
    const { execFileSync } = await import('node:child_process');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(home, 'key')]);

    const failure = (await manager.getSftp('vm').then(
      () => ({ code: 'connected' }),
      (e: { code?: string }) => e,
    )) as { code?: string };
    expect(failure.code).toBe('REFUSED');
    let status = manager.status('vm');
    expect(status.state).toBe('backoff');
    expect(status.failures).toBe(1);
    expect(status.nextRetryAt).toBe(new Date(timers.nowMs + 500).toISOString()); // 0.5 × 1 s window

    // The scheduled retry fails again: the window doubles (0.5 × 2 s).
    const afterSecond = nextStatus(manager, 'backoff');
    timers.fire();
    status = await afterSecond;
    expect(status.failures).toBe(2);
    expect(status.nextRetryAt).toBe(new Date(timers.nowMs + 1_000).toISOString());

    // Resume from sleep: retry now, without waiting for the timer, counting from scratch.
    const afterRetryNow = nextStatus(manager, 'backoff');
    const before = timers.nowMs;
    manager.retryNow();
    status = await afterRetryNow;
    expect(timers.nowMs).toBe(before);
    expect(status.failures).toBe(1);
    expect(timers.pending).toHaveLength(1); // the old timer was replaced, not stacked
    await manager.close();
  });
});
