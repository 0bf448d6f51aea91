/**
 * Polls every host of the fleet on an interval and keeps one InstanceStatus per instance.
 *
 * - Hosts are polled in parallel; a host's instances share its source (one SFTP channel) and their
 *   requests go out in one pipelined flight.
 * - Polls never overlap: the next one is scheduled when the last finishes (`intervalMs` later).
 * - A connection change pushed by the SSH layer updates the instances at once (lost → `unreachable`
 *   without waiting for the next poll; back → poll now), so the UI never freezes on old data.
 * - Every host poll settles: one that has not answered within `pollDeadlineMs` is shown as `unreachable`
 *   (TIMEOUT) at once, while it keeps waiting in the background (one poll per host at a time, so a late
 *   answer is applied, never two polls racing on one fetcher). One slower than `slowAfterMs` marks its
 *   instances `checkingSince` (the screens say "checking… last answer at HH:MM:SS").
 * - `refreshWithin(ms)` is the user's Refresh: it answers within `ms` whatever the link does, with the
 *   poll's result or, if that is not in yet, the state as it is (marked checking).
 * - Time comes from injected `timers` (a clock and setTimeout), so tests drive it by hand.
 *
 * Subscribe with `onChange(listener)` (fleet state after every poll or connection change) and
 * `onHistory(listener)` (new history samples per instance).
 */
import type { InstanceStatus } from '../../../common/model/instance-status.js';
import type { InstanceSource } from '../sources/instance-source.js';
import type { RemoteFs } from '../sources/remote-fs.js';
import type { HistoryDelta } from './history-fetcher.js';
import { SnapshotFetcher, type InstancePollResult } from './snapshot-fetcher.js';
import { initialStatus, nextInstanceStatus, type ConnectionView } from './status-model.js';
import {
  EMPTY_VM_CLOCK,
  estimateVmClock,
  observeVmClock,
  resetServerEvidence,
  type VmClockState,
} from './vm-clock.js';

export interface PollerTimers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realPollerTimers: PollerTimers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export interface FleetHost {
  source: InstanceSource;
  /** Folder holding `<instanceId>/snapshot.json` as this source sees it. */
  snapshotRoot: string;
  instances: { id: string; label: string }[];
}

export interface FleetPollerOptions {
  hosts: FleetHost[];
  intervalMs: number;
  /** `staleAfterIntervals` from the settings thresholds. */
  staleAfterIntervals: number;
  timers?: PollerTimers;
  /** Fetch history too (default true; the CLI's one-shot status turns it off). */
  history?: boolean;
  maxSnapshotBytes?: number;
  /**
   * A host poll (connect, stats, reads) that has not finished after this long is reported as not
   * answering (default: the poll interval, at least 5 s and at most 15 s).
   */
  pollDeadlineMs?: number;
  /** A host poll slower than this marks its instances as being checked (default 2 s). */
  slowAfterMs?: number;
}

/** Default host-poll deadline for a poll interval: long enough for a slow link, short enough to matter. */
export function defaultPollDeadlineMs(intervalMs: number): number {
  return Math.min(15_000, Math.max(5_000, intervalMs));
}

export interface HostPollInfo {
  hostName: string;
  kind: InstanceSource['kind'];
  /** Wall time of the last poll of this host (open + stats + reads), laptop clock, ms. */
  lastPollMs: number | null;
  lastPollAt: string | null;
  /** Bytes read in the last poll (0 when nothing changed). */
  lastBytesRead: number;
  /** VM-clock evidence in use: `server`, `transition`, or `none` (laptop clock stands in). */
  vmClock: 'server' | 'transition' | 'none';
}

export interface FleetState {
  instances: InstanceStatus[];
  hosts: HostPollInfo[];
  lastPollAt: string | null;
  polls: number;
}

interface HostRuntime {
  host: FleetHost;
  fetchers: Map<string, SnapshotFetcher>;
  clock: VmClockState;
  session: number | null;
  info: HostPollInfo;
  unsubscribe: () => void;
  /** The host poll in flight (at most one per host, even after its deadline passed). */
  running: Promise<void> | null;
  /** Laptop ms: the host last answered a poll (connected and read). */
  lastAnswerMs: number | null;
  /** The file system of the poll in flight, to ask whether it is still answering. */
  fs: RemoteFs | null;
}

/** The fleet's poll loop. See the module comment. */
export class FleetPoller {
  private readonly timers: PollerTimers;
  private readonly hosts: HostRuntime[];
  private readonly statuses = new Map<string, InstanceStatus>();
  private readonly changeListeners = new Set<(state: FleetState) => void>();
  private readonly historyListeners = new Set<(instanceId: string, delta: HistoryDelta) => void>();
  private timer: unknown = null;
  private inFlight: Promise<FleetState> | null = null;
  private running = false;
  /** Set by stop(): a host poll that answers after that changes nothing anyone sees. */
  private stopped = false;
  private polls = 0;
  private lastPollAtMs: number | null = null;

  constructor(private readonly options: FleetPollerOptions) {
    this.timers = options.timers ?? realPollerTimers;
    this.hosts = options.hosts.map((host) => {
      const fetchers = new Map<string, SnapshotFetcher>();
      for (const inst of host.instances) {
        fetchers.set(
          inst.id,
          new SnapshotFetcher({
            snapshotRoot: host.snapshotRoot,
            instanceId: inst.id,
            history: options.history ?? true,
            maxSnapshotBytes: options.maxSnapshotBytes,
          }),
        );
        this.statuses.set(
          inst.id,
          initialStatus({
            id: inst.id,
            label: inst.label,
            hostName: host.source.hostName,
            source: host.source.kind,
          }),
        );
      }
      const rt: HostRuntime = {
        host,
        fetchers,
        clock: EMPTY_VM_CLOCK,
        session: null,
        info: {
          hostName: host.source.hostName,
          kind: host.source.kind,
          lastPollMs: null,
          lastPollAt: null,
          lastBytesRead: 0,
          vmClock: 'none',
        },
        unsubscribe: () => undefined,
        running: null,
        lastAnswerMs: null,
        fs: null,
      };
      rt.unsubscribe = host.source.onConnectionChange((view) => this.onConnection(rt, view));
      return rt;
    });
  }

  /** The current fleet state (a copy). */
  state(): FleetState {
    return {
      instances: this.hosts.flatMap((rt) => rt.host.instances.map((i) => this.statuses.get(i.id)!)),
      hosts: this.hosts.map((rt) => ({ ...rt.info })),
      lastPollAt: this.lastPollAtMs === null ? null : new Date(this.lastPollAtMs).toISOString(),
      polls: this.polls,
    };
  }

  /** Subscribe to fleet state changes; returns an unsubscribe function. */
  onChange(listener: (state: FleetState) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Subscribe to new history samples (`delta.raw.reset`: the samples restate the whole file). */
  onHistory(listener: (instanceId: string, delta: HistoryDelta) => void): () => void {
    this.historyListeners.add(listener);
    return () => this.historyListeners.delete(listener);
  }

  /** Start polling: one poll now, then every `intervalMs`. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopped = false;
    void this.refreshNow();
  }

  /** Poll now (resume from sleep, a user's refresh). Resolves with the state after this poll. */
  async refreshNow(): Promise<FleetState> {
    if (this.inFlight) {
      // One poll at a time: wait for the current one, then run a fresh one.
      await this.inFlight.catch(() => undefined);
    }
    this.clearTimer();
    const run = this.pollAll();
    this.inFlight = run;
    try {
      return await run;
    } finally {
      if (this.inFlight === run) this.inFlight = null;
      if (this.running && this.timer === null)
        this.timer = this.timers.setTimeout(() => this.tick(), this.options.intervalMs);
    }
  }

  /**
   * The user's Refresh: poll now, but answer within `answerWithinMs` whatever the link does — with the
   * poll's result, or with the state as it is then (the slow hosts marked `checkingSince`); the poll's
   * own result follows through `onChange`.
   */
  async refreshWithin(answerWithinMs: number): Promise<FleetState> {
    const run = this.refreshNow();
    let timer: unknown = null;
    const early = new Promise<FleetState>((resolve) => {
      timer = this.timers.setTimeout(() => resolve(this.state()), answerWithinMs);
    });
    try {
      return await Promise.race([run, early]);
    } finally {
      this.timers.clearTimeout(timer);
    }
  }

  /** Ask every source to reconnect now and poll (resume from sleep, network change). */
  retryNow(): Promise<FleetState> {
    for (const rt of this.hosts) rt.host.source.retryNow();
    return this.refreshNow();
  }

  /** Stop polling, wait for a poll in flight, drop subscriptions to the sources. */
  async stop(): Promise<void> {
    this.running = false;
    this.stopped = true;
    this.clearTimer();
    for (const rt of this.hosts) rt.unsubscribe();
    await this.inFlight?.catch(() => undefined);
  }

  // ------------------------------------------------------------------ internals

  private tick(): void {
    this.timer = null;
    if (this.running) void this.refreshNow();
  }

  private clearTimer(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private async pollAll(): Promise<FleetState> {
    await Promise.all(this.hosts.map((rt) => this.pollHost(rt)));
    this.polls++;
    this.lastPollAtMs = this.timers.now();
    return this.emit();
  }

  /**
   * One host's poll with a settled outcome: the poll's own result, or — past the deadline — `unreachable`
   * (TIMEOUT) now and the real result whenever it comes. Never two polls of one host at once.
   */
  private async pollHost(rt: HostRuntime): Promise<void> {
    const first = rt.running === null;
    if (first) {
      const run = this.pollHostOnce(rt).catch((err: unknown) => {
        // A bug below must still end in a visible state, not a poll that never finishes.
        const message = err instanceof Error ? err.message : String(err);
        this.applyAll(
          rt,
          {
            state: 'unreachable',
            reason: { code: 'INTERNAL', message: `Mission Control failed while reading: ${message}` },
            nextRetryAt: null,
          },
          null,
        );
      });
      rt.running = run;
      void run.then(() => {
        if (rt.running === run) {
          rt.running = null;
          rt.fs = null;
        }
        this.setChecking(rt, null);
      });
    }
    const running = rt.running!;
    const deadlineMs = this.options.pollDeadlineMs ?? defaultPollDeadlineMs(this.options.intervalMs);
    const slowAfterMs = Math.min(this.options.slowAfterMs ?? 2_000, deadlineMs);
    const startedAt = this.timers.now();
    const timers: unknown[] = [];
    const outcome = await new Promise<'done' | 'late'>((resolve) => {
      void running.then(() => resolve('done'));
      timers.push(
        this.timers.setTimeout(() => {
          this.setChecking(rt, startedAt);
          this.emit();
        }, slowAfterMs),
      );
      // Past the deadline only if the host is silent: a big read whose answers keep coming is not late.
      const lateAfter = (ms: number) =>
        timers.push(
          this.timers.setTimeout(() => {
            const silent = rt.fs?.silentForMs?.();
            if (silent !== undefined && silent < deadlineMs) lateAfter(deadlineMs - silent);
            else resolve('late');
          }, ms),
        );
      lateAfter(deadlineMs);
    });
    for (const t of timers) this.timers.clearTimeout(t);
    if (outcome === 'done') return;
    // No answer in time: say so now; when the poll does finish, show its result at once.
    const seconds = Math.round((this.timers.now() - startedAt) / 1000);
    this.applyAll(
      rt,
      {
        state: 'unreachable',
        reason: {
          code: 'TIMEOUT',
          message: `${rt.host.source.hostName} has not answered for ${seconds} s: the link may have stalled; still trying.`,
          detail: { phase: 'poll', seconds },
        },
        nextRetryAt: null,
      },
      null,
    );
    this.setChecking(rt, startedAt);
    if (first) void running.then(() => !this.stopped && this.emit());
  }

  /** Mark (or clear, with null) this host's instances as waiting for an answer since `sinceMs`. */
  private setChecking(rt: HostRuntime, sinceMs: number | null): void {
    const checkingSince = sinceMs === null ? null : new Date(sinceMs).toISOString();
    const lastAnswerAt = rt.lastAnswerMs === null ? null : new Date(rt.lastAnswerMs).toISOString();
    for (const inst of rt.host.instances) {
      const s = this.statuses.get(inst.id)!;
      if ((s.checkingSince ?? null) !== checkingSince || (s.lastAnswerAt ?? null) !== lastAnswerAt)
        this.statuses.set(inst.id, { ...s, checkingSince, lastAnswerAt });
    }
  }

  private async pollHostOnce(rt: HostRuntime): Promise<void> {
    const now = () => this.timers.now();
    const started = now();
    const opened = await rt.host.source.open();
    if (!opened.ok) {
      this.applyAll(rt, opened.connection, null);
      rt.info = {
        ...rt.info,
        lastPollMs: now() - started,
        lastPollAt: new Date(started).toISOString(),
        lastBytesRead: 0,
      };
      return;
    }
    if (rt.session !== opened.session) {
      rt.session = opened.session;
      rt.clock = resetServerEvidence(rt.clock);
    }
    const fs = opened.fs;
    rt.fs = fs;
    // Everything in one flight: the server clock and every instance's stats.
    const [serverNow, ...results] = await Promise.all([
      fs.serverNowMs
        ? fs.serverNowMs().then(
            (ms) => ({ ms, at: now() }),
            () => null,
          )
        : Promise.resolve(null),
      ...rt.host.instances.map((inst) => rt.fetchers.get(inst.id)!.poll(fs, now)),
    ]);
    if (serverNow && serverNow.ms !== null) {
      rt.clock = observeVmClock(rt.clock, {
        kind: 'server',
        laptopAtMs: serverNow.at,
        serverMs: serverNow.ms,
        resolutionMs: fs.mtimeResolutionMs,
      });
    }
    for (const r of results as InstancePollResult[])
      for (const obs of r.clock) rt.clock = observeVmClock(rt.clock, obs);

    const transportLost = (results as InstancePollResult[]).some((r) => r.transportError);
    const connection: ConnectionView = transportLost
      ? rt.host.source.connection()
      : { state: 'connected', reason: null, nextRetryAt: null };
    // A request that timed out on a connection that still claims to be up: have it probed (and replaced
    // if it no longer answers) rather than wait for keepalives.
    if (transportLost && connection.state === 'connected') rt.host.source.retryNow();
    if (!transportLost) rt.lastAnswerMs = now();
    rt.host.instances.forEach((inst, i) => {
      const r = results[i] as InstancePollResult;
      this.applyOne(rt, inst.id, connection, r);
      if (r.history && this.historyListeners.size) {
        const h = r.history;
        if (h.raw.samples.length || h.rollup.samples.length || h.raw.reset || h.rollup.reset) {
          for (const l of this.historyListeners) safeCall(() => l(inst.id, h));
        }
      }
    });
    rt.info = {
      ...rt.info,
      lastPollMs: now() - started,
      lastPollAt: new Date(started).toISOString(),
      lastBytesRead: (results as InstancePollResult[]).reduce((n, r) => n + r.bytesRead, 0),
      vmClock: estimateVmClock(rt.clock).source,
    };
  }

  private applyOne(
    rt: HostRuntime,
    id: string,
    connection: ConnectionView,
    result: InstancePollResult | null,
  ): void {
    const previous = this.statuses.get(id)!;
    this.statuses.set(
      id,
      nextInstanceStatus({
        previous,
        connection,
        poll: result ? { view: result.view, transportError: result.transportError } : null,
        clock: estimateVmClock(rt.clock),
        nowMs: this.timers.now(),
        thresholds: { staleAfterIntervals: this.options.staleAfterIntervals },
      }),
    );
  }

  private applyAll(rt: HostRuntime, connection: ConnectionView, result: InstancePollResult | null): void {
    for (const inst of rt.host.instances) this.applyOne(rt, inst.id, connection, result);
  }

  /** The transport told us something: show a loss at once; on recovery, poll now. */
  private onConnection(rt: HostRuntime, view: ConnectionView): void {
    if (!this.running) return;
    if (view.state === 'unreachable') {
      this.applyAll(rt, view, null);
      this.emit();
    } else if (
      view.state === 'connected' &&
      rt.host.instances.some((i) => this.statuses.get(i.id)!.state === 'unreachable')
    ) {
      void this.refreshNow();
    }
  }

  private emit(): FleetState {
    const state = this.state();
    for (const l of this.changeListeners) safeCall(() => l(state));
    return state;
  }
}

function safeCall(fn: () => void): void {
  try {
    fn();
  } catch {
    // a subscriber's bug must not stop the poll loop
  }
}
