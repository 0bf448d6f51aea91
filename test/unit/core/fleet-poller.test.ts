import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildDemoSnapshot } from '../../../main/core/demo/demo-fleet.js';
import { FleetPoller, type PollerTimers } from '../../../main/core/poll/fleet-poller.js';
import { createLocalFs } from '../../../main/core/sources/local-fs.js';
import { createLocalSource, type InstanceSource } from '../../../main/core/sources/instance-source.js';

const VM_NOW = Date.parse('2026-06-01T10:00:00Z');
const HOUR = 3600_000;

/** A hand-driven clock and timer queue. */
function manualTimers(startMs: number): PollerTimers & { advance(ms: number): void; pending(): number } {
  let now = startMs;
  let next = 1;
  const queue = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const id = next++;
      queue.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout(h) {
      queue.delete(h as number);
    },
    advance(ms) {
      now += ms;
      for (const [id, t] of [...queue]) {
        if (t.at <= now) {
          queue.delete(id);
          t.fn();
        }
      }
    },
    pending: () => queue.size,
  };
}

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hmc-fleet-'));
  await mkdir(join(root, 'vijay'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** What the exporter does: snapshot generated at `generatedAtMs` (VM clock), file mtime a second later. */
async function exporterWrites(generatedAtMs: number): Promise<void> {
  const path = join(root, 'vijay', 'snapshot.json');
  await writeFile(path, JSON.stringify(buildDemoSnapshot('vijay', generatedAtMs)));
  const mtime = (generatedAtMs + 1000) / 1000;
  await utimes(path, mtime, mtime);
}

function poller(source: InstanceSource, timers: PollerTimers) {
  return new FleetPoller({
    hosts: [{ source, snapshotRoot: root, instances: [{ id: 'vijay', label: 'Vijay (root)' }] }],
    intervalMs: 60_000,
    staleAfterIntervals: 3,
    timers,
    history: false,
  });
}

describe('fleet poller over a local folder, laptop clock 2 h off', () => {
  it('shows fresh data as live and reports the skew', async () => {
    await exporterWrites(VM_NOW - 30_000);
    const timers = manualTimers(VM_NOW + 2 * HOUR);
    const p = poller(createLocalSource('vm', { serverClock: () => VM_NOW }), timers);
    const state = await p.refreshNow();
    const vijay = state.instances[0]!;
    expect(vijay.state).toBe('live');
    expect(vijay.dataAgeSeconds).toBeCloseTo(30, 0);
    expect(vijay.clockSkewSeconds).toBeCloseTo(7200, 0);
    expect(state.hosts[0]?.vmClock).toBe('server');
  });

  it('turns stale when the exporter stopped, by the VM clock, with the laptop 2 h behind', async () => {
    await exporterWrites(VM_NOW - 10 * 60_000);
    const timers = manualTimers(VM_NOW - 2 * HOUR);
    const p = poller(createLocalSource('vm', { serverClock: () => VM_NOW }), timers);
    const vijay = (await p.refreshNow()).instances[0]!;
    expect(vijay.state).toBe('stale');
    expect(vijay.reason?.code).toBe('SNAPSHOT_STALE');
    expect(vijay.dataAgeSeconds).toBeCloseTo(600, 0);
  });

  it('without a server clock (chrooted account), settles to live as soon as it watches the exporter write', async () => {
    const fs = createLocalFs();
    const { serverNowMs: _none, ...noClock } = fs;
    const source: InstanceSource = {
      ...createLocalSource('vm'),
      open: async () => ({ ok: true, fs: noClock, session: 1 }),
    };
    await exporterWrites(VM_NOW - 20_000);
    const timers = manualTimers(VM_NOW + 2 * HOUR);
    const p = poller(source, timers);

    const first = (await p.refreshNow()).instances[0]!;
    expect(first.state).toBe('stale');
    expect(first.reason?.detail?.vmClock).toBe('unverified');

    timers.advance(60_000);
    await exporterWrites(VM_NOW + 40_000);
    const second = await p.refreshNow();
    expect(second.instances[0]?.state).toBe('live');
    expect(second.hosts[0]?.vmClock).toBe('transition');
    expect(second.instances[0]?.clockSkewSeconds).toBeGreaterThan(7100);
  });
});

describe('fleet poller loop', () => {
  it('polls on start, then every interval, tells subscribers, and stops cleanly', async () => {
    await exporterWrites(VM_NOW - 5000);
    const timers = manualTimers(VM_NOW);
    const p = poller(createLocalSource('vm', { serverClock: () => timers.now() }), timers);
    const seen: string[] = [];
    p.onChange((s) => seen.push(s.instances[0]!.state));

    p.start();
    await expect.poll(() => seen.length).toBe(1);
    expect(seen[0]).toBe('live');
    expect(timers.pending()).toBe(1);

    timers.advance(60_000);
    await expect.poll(() => seen.length).toBe(2);

    // No new snapshot for 4 intervals: the exporter stopped.
    timers.advance(60_000);
    await expect.poll(() => seen.length).toBe(3);
    timers.advance(60_000);
    await expect.poll(() => seen.length).toBe(4);
    timers.advance(60_000);
    await expect.poll(() => seen.length).toBe(5);
    expect(seen.at(-1)).toBe('stale');

    await p.stop();
    expect(timers.pending()).toBe(0);
    timers.advance(600_000);
    expect(seen).toHaveLength(5);
  });

  it('hands new history samples to subscribers', async () => {
    await exporterWrites(VM_NOW - 5000);
    await writeFile(
      join(root, 'vijay', 'history.jsonl'),
      JSON.stringify({ t: VM_NOW / 1000, v: { gatewayUp: 1 } }) + '\n',
    );
    const timers = manualTimers(VM_NOW);
    const p = new FleetPoller({
      hosts: [
        { source: createLocalSource('vm'), snapshotRoot: root, instances: [{ id: 'vijay', label: 'Vijay' }] },
      ],
      intervalMs: 60_000,
      staleAfterIntervals: 3,
      timers,
    });
    const got: number[] = [];
    p.onHistory((id, delta) => {
      expect(id).toBe('vijay');
      got.push(...delta.raw.samples.map((s) => s.t));
    });
    await p.refreshNow();
    expect(got).toEqual([VM_NOW / 1000]);
  });
});
