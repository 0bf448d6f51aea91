import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildDemoSnapshot } from '../../../main/core/demo/demo-fleet.js';
import { FleetPoller, type PollerTimers } from '../../../main/core/poll/fleet-poller.js';
import { createLocalFs } from '../../../main/core/sources/local-fs.js';
import { createLocalSource, type InstanceSource } from '../../../main/core/sources/instance-source.js';
import { evaluateRules } from '../../../common/alerts/evaluate-rules.js';
import { thresholdsSchema } from '../../../common/model/rule-settings.js';
import { rollUpHealth } from '../../../main/tray/tray-health.js';

const defaults = thresholdsSchema.parse({});

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

describe('fleet poller: a future-dated snapshot after the exporter stopped', () => {
  /** Something wrote a snapshot dated 1 h ahead; the file itself was last modified 10 min ago (VM clock). */
  async function futureDatedStaleFile(): Promise<void> {
    const path = join(root, 'vijay', 'snapshot.json');
    await writeFile(path, JSON.stringify(buildDemoSnapshot('vijay', VM_NOW + HOUR)));
    const mtime = (VM_NOW - 10 * 60_000) / 1000;
    await utimes(path, mtime, mtime);
  }

  it('is stale on the very first poll of a fresh window, and the tray it feeds is not green', async () => {
    await futureDatedStaleFile();
    const timers = manualTimers(VM_NOW);
    const p = poller(createLocalSource('vm', { serverClock: () => VM_NOW }), timers);
    const state = await p.refreshNow();
    const vijay = state.instances[0]!;
    expect(vijay.state).toBe('stale');
    expect(vijay.dataAgeSeconds).toBeCloseTo(600, 0);
    expect(vijay.generatedAheadSeconds).toBeGreaterThan(4000);
    const warnings = evaluateRules({
      instances: state.instances,
      thresholds: defaults,
      now: new Date(VM_NOW),
    });
    expect(warnings.map((w) => w.check)).toEqual(
      expect.arrayContaining(['data.stale', 'data.generated-in-future']),
    );
    const tray = rollUpHealth(
      {
        demo: false,
        instances: state.instances,
        warnings,
        notifications: { mutedUntil: null, snoozed: {}, acknowledged: [], quietHoursActive: false },
        updatedAt: new Date(VM_NOW).toISOString(),
        hostKeyPrompts: [],
        polling: { intervalSeconds: 60, paused: false, lastPollAt: null },
      },
      new Date(VM_NOW),
    );
    expect(tray.icon).not.toBe('healthy');
    expect(tray.summaries[0]?.ageSeconds).toBe(600);
  });

  it('identical bytes rewritten (a touch) keep ageing from when we first saw them', async () => {
    await exporterWrites(VM_NOW - 10_000);
    const timers = manualTimers(VM_NOW);
    // A VM clock that reads wrong (stuck): only "unchanged since we first saw these bytes" can age them.
    const p = poller(createLocalSource('vm', { serverClock: () => VM_NOW }), timers);
    expect((await p.refreshNow()).instances[0]?.state).toBe('live');
    // 4 min later the same bytes are written again.
    timers.advance(4 * 60_000);
    const path = join(root, 'vijay', 'snapshot.json');
    // A different mtime, so the poller reads the file again, but one that gives away nothing about now.
    const mtime = (VM_NOW - 5_000) / 1000;
    await utimes(path, mtime, mtime);
    const later = (await p.refreshNow()).instances[0]!;
    expect(later.fetchedAt).toBe(new Date(VM_NOW).toISOString());
    expect(later.dataAgeSeconds).toBeCloseTo(240, 0);
    expect(later.state).toBe('stale');
  });
});

describe('fleet poller: a host that stops answering', () => {
  /** A local source whose open() can be made to hang until released (a black-holed link, by hand). */
  function stallableSource() {
    const inner = createLocalSource('vm', { serverClock: () => Date.now() });
    let gate: { promise: Promise<void>; release: () => void } | null = null;
    const source: InstanceSource = {
      ...inner,
      async open() {
        if (gate) await gate.promise;
        return inner.open();
      },
    };
    return {
      source,
      stall() {
        let release = () => undefined as void;
        const promise = new Promise<void>((r) => (release = r));
        gate = { promise, release };
      },
      heal() {
        gate?.release();
        gate = null;
      },
    };
  }
  const flush = () => new Promise((r) => setImmediate(r));

  it('says "checking" after 2 s and TIMEOUT at the deadline, never two polls at once, and applies the late answer', async () => {
    await exporterWrites(Date.now() - 5_000);
    const timers = manualTimers(Date.now());
    const link = stallableSource();
    const p = new FleetPoller({
      hosts: [{ source: link.source, snapshotRoot: root, instances: [{ id: 'vijay', label: 'Vijay' }] }],
      intervalMs: 10_000,
      staleAfterIntervals: 3,
      timers,
      history: false,
      pollDeadlineMs: 8_000,
    });
    const first = await p.refreshNow();
    expect(first.instances[0]?.state).toBe('live');
    const answeredAt = first.instances[0]?.lastAnswerAt;
    expect(answeredAt).toBe(new Date(timers.now()).toISOString());

    link.stall();
    const seen: { state: string; checking: string | null; code: string | null }[] = [];
    p.onChange((s) => {
      const i = s.instances[0]!;
      seen.push({ state: i.state, checking: i.checkingSince ?? null, code: i.reason?.code ?? null });
    });
    const second = p.refreshNow();
    await flush();
    timers.advance(2_000);
    expect(seen.at(-1)).toMatchObject({ state: 'live', code: null });
    expect(seen.at(-1)?.checking).not.toBeNull();
    expect(p.state().instances[0]?.lastAnswerAt).toBe(answeredAt);

    timers.advance(6_000);
    const timedOut = await second;
    expect(timedOut.instances[0]).toMatchObject({ state: 'unreachable', reason: { code: 'TIMEOUT' } });
    expect(timedOut.instances[0]?.checkingSince).not.toBeNull();
    expect(timedOut.instances[0]?.snapshot).not.toBeNull(); // the data is kept, and keeps ageing

    // A third poll while the second is still stuck joins it rather than racing it.
    const third = p.refreshNow();
    link.heal();
    const after = await third;
    expect(after.instances[0]?.state).toBe('live');
    expect(after.instances[0]?.checkingSince).toBeNull();
    await p.stop();
  });

  it('Refresh (refreshWithin) answers in time whatever the link does, and the real result follows', async () => {
    await exporterWrites(Date.now() - 5_000);
    const timers = manualTimers(Date.now());
    const link = stallableSource();
    const p = new FleetPoller({
      hosts: [{ source: link.source, snapshotRoot: root, instances: [{ id: 'vijay', label: 'Vijay' }] }],
      intervalMs: 60_000,
      staleAfterIntervals: 3,
      timers,
      history: false,
    });
    await p.refreshNow();
    link.stall();
    let answered = false;
    const refresh = p.refreshWithin(3_000).then((s) => {
      answered = true;
      return s;
    });
    await flush();
    timers.advance(2_999);
    await flush();
    expect(answered).toBe(false);
    timers.advance(1);
    const early = await refresh;
    expect(early.instances[0]?.checkingSince).not.toBeNull();
    const changes: string[] = [];
    p.onChange((s) => changes.push(s.instances[0]!.state));
    link.heal();
    await expect.poll(() => changes.at(-1)).toBe('live');
    await p.stop();
  });
});

describe('fleet poller: the poll deadline measures silence', () => {
  it('a slow poll that keeps answering is not declared late; one that goes silent is', async () => {
    await exporterWrites(Date.now() - 5_000);
    const timers = manualTimers(Date.now());
    const local = createLocalFs();
    let release: () => void = () => undefined;
    let gate: Promise<void> | null = null;
    let silentMs = 0;
    const fs = {
      ...local,
      async stat(path: string) {
        if (gate) await gate;
        return local.stat(path);
      },
      silentForMs: () => silentMs,
    };
    const source: InstanceSource = {
      ...createLocalSource('vm'),
      open: async () => ({ ok: true, fs, session: 1 }),
    };
    const p = new FleetPoller({
      hosts: [{ source, snapshotRoot: root, instances: [{ id: 'vijay', label: 'Vijay' }] }],
      intervalMs: 10_000,
      staleAfterIntervals: 3,
      timers,
      history: false,
      pollDeadlineMs: 8_000,
    });
    expect((await p.refreshNow()).instances[0]?.state).toBe('live');
    gate = new Promise<void>((r) => (release = r));
    const slow = p.refreshNow();
    await new Promise((r) => setImmediate(r));
    timers.advance(8_000); // answering (silent 0 ms): keep waiting
    timers.advance(8_000);
    expect(p.state().instances[0]?.state).toBe('live');
    silentMs = 9_000; // now it has gone quiet
    timers.advance(8_000);
    expect((await slow).instances[0]).toMatchObject({ state: 'unreachable', reason: { code: 'TIMEOUT' } });
    gate = null;
    release();
    await p.stop();
  });
});
