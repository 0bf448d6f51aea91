/**
 * The exporter's history samples → incident events. The VM appends a sample every run whether or not the
 * laptop is awake, so what happened while it slept (the gateway down at 03:10, a restart, a missed cron
 * run, a backup gap, the VM itself silent) is read back on wake and lands on the timeline at the VM's
 * time. Pure: f(previous state, samples oldest first) → events + next state. Samples at or before the last
 * one seen are skipped, so a history file read twice (reconnect, compaction) adds nothing.
 *
 * null (unknown, ADR 0002) never starts or ends anything: the state waits for a known value.
 */
import type { RawSample } from '../contract/history.js';
import type { IncidentEvent } from './incident-types.js';

export interface HistoryObserverInstance {
  /** Epoch seconds (VM clock) of the last sample processed; null before the first. */
  lastT: number | null;
  gatewayDown: boolean | null;
  restarts1h: number | null;
  cronOverdue: number | null;
  cronErrors: number | null;
  backupGap: boolean | null;
}

export interface HistoryEventOptions {
  /** No sample for longer than this: the VM (or its exporter) was silent. Default 300 s. */
  silentAfterSeconds?: number;
  /** Backup age above this is a gap (the rules' backupMaxAgeMinutes). Default 3600 s. */
  backupMaxAgeSeconds?: number;
}

export const emptyHistoryObserver = (): HistoryObserverInstance => ({
  lastT: null,
  gatewayDown: null,
  restarts1h: null,
  cronOverdue: null,
  cronErrors: null,
  backupGap: null,
});

const iso = (s: number) => new Date(s * 1000).toISOString();
const num = (v: number | null | undefined): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v : null;

/** Events from `samples` (oldest first) of one instance. */
export function historyEvents(
  instanceId: string,
  previous: HistoryObserverInstance,
  samples: readonly RawSample[],
  options: HistoryEventOptions = {},
): { events: IncidentEvent[]; state: HistoryObserverInstance } {
  const silentAfter = options.silentAfterSeconds ?? 300;
  const backupMax = options.backupMaxAgeSeconds ?? 3600;
  const s: HistoryObserverInstance = { ...previous };
  const events: IncidentEvent[] = [];
  const ev = (t: number, e: Omit<IncidentEvent, 't' | 'instanceId' | 'source'>): void => {
    events.push({ t: iso(t), instanceId, source: 'exporter', ...e });
  };
  const sorted = [...samples].sort((a, b) => a.t - b.t);
  for (const sample of sorted) {
    if (s.lastT !== null && sample.t <= s.lastT) continue;
    const t = sample.t;
    if (s.lastT !== null && t - s.lastT > silentAfter) {
      const silent = { kind: 'data', key: 'vm-silent', severity: 'warning' } as const;
      const title = 'No samples from the VM (suspended, or the exporter stopped)';
      ev(s.lastT, { ...silent, phase: 'begin', title });
      ev(t, { ...silent, phase: 'end', title });
    }
    s.lastT = t;

    const up = num(sample.v.gatewayUp);
    const restarts = num(sample.v.restarts1h);
    if (up !== null) {
      const down = up === 0;
      const gw = { kind: 'gateway', key: 'gateway-down', severity: 'critical' } as const;
      if (down && s.gatewayDown !== true) ev(t, { ...gw, phase: 'begin', title: 'Gateway down' });
      if (!down && s.gatewayDown === true) {
        ev(t, { ...gw, phase: 'end', title: 'Gateway down' });
        ev(t, {
          kind: 'restart',
          key: 'gateway-restart',
          phase: 'point',
          severity: 'warning',
          title: 'Gateway restarted (was down)',
          restartClass: null,
        });
      } else if (
        !down &&
        s.gatewayDown === false &&
        restarts !== null &&
        s.restarts1h !== null &&
        restarts > s.restarts1h
      ) {
        // Up at both samples but the restart count rose: a quick restart no sample saw down.
        ev(t, {
          kind: 'restart',
          key: 'gateway-restart',
          phase: 'point',
          severity: 'warning',
          title: `Gateway restarted (${restarts} in the last hour)`,
          restartClass: null,
        });
      }
      s.gatewayDown = down;
    }
    if (restarts !== null) s.restarts1h = restarts;

    const overdue = num(sample.v.cronOverdue);
    if (overdue !== null) {
      const cron = { kind: 'cron', key: 'cron-missed', severity: 'warning' } as const;
      if (overdue > 0 && !(s.cronOverdue && s.cronOverdue > 0))
        ev(t, {
          ...cron,
          phase: 'begin',
          title: `Missed cron run (${overdue} job${overdue === 1 ? '' : 's'} overdue)`,
        });
      if (overdue === 0 && s.cronOverdue !== null && s.cronOverdue > 0)
        ev(t, { ...cron, phase: 'end', title: 'Missed cron run' });
      s.cronOverdue = overdue;
    }
    const failing = num(sample.v.cronErrors);
    if (failing !== null) {
      const cron = { kind: 'cron', key: 'cron-failing', severity: 'warning' } as const;
      if (failing > 0 && !(s.cronErrors && s.cronErrors > 0))
        ev(t, {
          ...cron,
          phase: 'begin',
          title: `Cron run failed (${failing} job${failing === 1 ? '' : 's'} failing)`,
        });
      if (failing === 0 && s.cronErrors !== null && s.cronErrors > 0)
        ev(t, { ...cron, phase: 'end', title: 'Cron run failed' });
      s.cronErrors = failing;
    }

    const backupAge = num(sample.v.backupAge);
    if (backupAge !== null) {
      const gap = backupAge > backupMax;
      const b = { kind: 'backup', key: 'backup-gap', severity: 'warning' } as const;
      const title = `No backup for over ${Math.round(backupMax / 60)} min`;
      // Dated from the backup age, not the sample: the gap began when the last backup got too old.
      if (gap && s.backupGap !== true)
        ev(Math.min(t, t - backupAge + backupMax), { ...b, phase: 'begin', title });
      if (!gap && s.backupGap === true)
        ev(t - backupAge, {
          ...b,
          phase: 'end',
          title,
          details: ['a backup was committed'],
        });
      s.backupGap = gap;
    }
  }
  return { events, state: s };
}
