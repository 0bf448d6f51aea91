/**
 * What the snapshot's own ledgers say happened (issue 16 §1, §3), as incident events: each classified
 * gateway restart (planned / crash / oom / reboot, with its evidence and how long it was down) and each
 * missed cron run (with its cause: gateway down, ticker dead, VM off). The snapshot carries the last
 * 7 days, so a restart or a missed run that happened while the laptop slept is read at the next poll.
 * Pure: f(seen keys, snapshot) → events + the keys now seen. An older exporter without `signals` yields
 * nothing (tolerated; the history-derived restarts stand in, with an unknown class).
 */
import type { Snapshot } from '../contract/snapshot.js';
import type { IncidentEvent } from './incident-types.js';

/** Keys already recorded for one instance (restart `at`, `<job id>@<slot>` for missed runs). */
export interface SnapshotObserverInstance {
  restarts: string[];
  missed: string[];
}

/**
 * The same event if within 2 min: a ledger entry's time is stable on a real VM, but one derived afresh at
 * each run (or the demo's, built relative to now) may move by a sample.
 */
const NEAR_MS = 2 * 60_000;
const near = (a: string, b: string) => Math.abs(Date.parse(a) - Date.parse(b)) <= NEAR_MS;

export const emptySnapshotObserver = (): SnapshotObserverInstance => ({ restarts: [], missed: [] });

const CLASS_WORDS: Record<string, string> = {
  planned: 'planned',
  crash: 'crash',
  oom: 'suspected OOM',
  reboot: 'VM reboot',
  unknown: 'cause unknown',
};

export function snapshotEvents(
  instanceId: string,
  previous: SnapshotObserverInstance,
  snapshot: Snapshot | null,
): { events: IncidentEvent[]; state: SnapshotObserverInstance } {
  const signals = snapshot?.signals;
  if (!signals) return { events: [], state: previous };
  const events: IncidentEvent[] = [];
  const seenRestart = (at: string) => previous.restarts.some((t) => near(t, at));
  const seenMissed = (jobId: string, at: string) =>
    previous.missed.some((k) => k.startsWith(`${jobId}@`) && near(k.slice(jobId.length + 1), at));
  const restarts = signals.gatewayLifecycle?.restarts ?? null;
  const nextRestarts: string[] = [];
  for (const r of restarts ?? []) {
    nextRestarts.push(r.at);
    if (seenRestart(r.at)) continue;
    const down = r.downSeconds !== null && r.downSeconds > 0 ? [`down ${Math.round(r.downSeconds)} s`] : [];
    events.push({
      t: r.at,
      instanceId,
      kind: 'restart',
      key: 'gateway-restart',
      phase: 'point',
      severity: r.class === 'planned' ? 'info' : 'warning',
      title: `Gateway restarted (${CLASS_WORDS[r.class] ?? r.class})`,
      details: [...r.evidence.slice(0, 3), ...down],
      source: 'exporter',
      restartClass: r.class,
    });
  }
  const nextMissed: string[] = [];
  for (const job of signals.cronJobs ?? []) {
    for (const run of job.runs) {
      if (run.outcome !== 'missed') continue;
      const key = `${job.id}@${run.at}`;
      nextMissed.push(key);
      if (seenMissed(job.id, run.at)) continue;
      const name = snapshot?.cron.jobs?.find((j) => j.id === job.id)?.name ?? job.id;
      events.push({
        t: run.at,
        instanceId,
        kind: 'cron',
        key: `cron-missed:${key}`,
        phase: 'point',
        severity: 'warning',
        title: `Missed cron run: ${name}`,
        details: run.cause ? [`cause: ${run.cause}`] : [],
        source: 'exporter',
      });
    }
  }
  return {
    events,
    // Only what the snapshot still lists: the window moves, so the set stays bounded.
    state: {
      restarts: restarts === null ? previous.restarts : nextRestarts,
      missed: signals.cronJobs === null ? previous.missed : nextMissed,
    },
  };
}
