import { describe, expect, it } from 'vitest';
import {
  mergeRestarts,
  observedRestart,
  restartsFromExitDiag,
  restartStorm,
  type ExitDiagEvent,
  type GatewayObservation,
  type ObservedEvidence,
} from '../../../common/forensics/classify-restarts.js';

const T0 = Date.parse('2026-07-18T10:00:00Z');
const M = 60_000;

function ev(minutes: number, tag: string, over: Partial<ExitDiagEvent> = {}): ExitDiagEvent {
  return { at: T0 + minutes * M, tag, pid: 1, code: null, suspectedOom: false, ...over };
}

const noEvidence: ObservedEvidence = {
  sentinelPriorUnclean: false,
  sentinelPriorOom: false,
  unitResult: null,
  unitExitStatus: null,
  faulthandlerAt: null,
};

function obs(minutes: number, over: Partial<GatewayObservation> = {}): GatewayObservation {
  return {
    at: T0 + minutes * M,
    bootId: 'boot-a',
    running: true,
    identity: '10:100',
    lifeStartedAt: null,
    ...over,
  };
}

describe('restarts from the exit-diag log', () => {
  it('classifies each life end: exit 75 planned, clean stop planned, exception crash, unclean+oom, nothing unknown', () => {
    const r = restartsFromExitDiag([
      ev(0, 'gateway.start'),
      ev(10, 'asyncio.run.SystemExit', { code: 75 }),
      ev(11, 'gateway.start'),
      ev(20, 'gateway.exit_clean'),
      ev(21, 'gateway.start'),
      ev(30, 'asyncio.run.exception'),
      ev(31, 'gateway.start'),
      ev(41, 'gateway.start'),
      ev(41.1, 'gateway.previous_unclean_exit', { suspectedOom: true }),
      ev(50, 'asyncio.run.SystemExit', { code: 2 }),
      ev(51, 'gateway.start'),
      ev(60, 'gateway.start'),
    ]);
    expect(r.map((x) => [x.class, x.exitCode])).toEqual([
      ['planned', 75],
      ['planned', 0],
      ['crash', 1],
      ['oom', null],
      ['crash', 2],
      ['unknown', null],
    ]);
  });
});

describe('restarts the exporter observes between its runs', () => {
  it('catches a quick restart by a changed process identity even when no run saw it down', () => {
    const r = observedRestart(obs(0), obs(0), obs(1, { identity: '11:200' }), noEvidence);
    expect(r).toMatchObject({ class: 'unknown', seenDown: false, downSeconds: null });
  });

  it('calls a changed boot id a reboot, whatever else it sees', () => {
    const r = observedRestart(obs(0), obs(0), obs(5, { bootId: 'boot-b', identity: '10:100' }), {
      ...noEvidence,
      sentinelPriorUnclean: true,
    });
    expect(r!.class).toBe('reboot');
  });

  it('uses the lifecycle sentinel, systemd and the faulthandler dump as evidence', () => {
    const next = obs(2, { identity: '12:300' });
    expect(observedRestart(obs(0), obs(0), next, { ...noEvidence, sentinelPriorOom: true })!.class).toBe(
      'oom',
    );
    expect(observedRestart(obs(0), obs(0), next, { ...noEvidence, unitResult: 'oom-kill' })!.class).toBe(
      'oom',
    );
    expect(observedRestart(obs(0), obs(0), next, { ...noEvidence, unitExitStatus: 75 })!.class).toBe(
      'planned',
    );
    expect(observedRestart(obs(0), obs(0), next, { ...noEvidence, unitExitStatus: 1 })!.exitCode).toBe(1);
    expect(observedRestart(obs(0), obs(0), next, { ...noEvidence, faulthandlerAt: T0 + M })!.class).toBe(
      'crash',
    );
  });

  it('reports the down time when a run saw it down, and nothing while it is still down', () => {
    const down = obs(1, { running: false, identity: null });
    expect(observedRestart(obs(0), obs(0), down, noEvidence)).toBeNull();
    const back = observedRestart(obs(0), down, obs(4, { identity: '13:400' }), noEvidence);
    expect(back).toMatchObject({ seenDown: true, downSeconds: 240 });
  });

  it('the same gateway seen again is no restart', () => {
    expect(observedRestart(obs(0), obs(0), obs(1), noEvidence)).toBeNull();
  });
});

describe('one restart list', () => {
  it('merges a diag restart with the exporter observation of the same restart; keeps two observations apart', () => {
    const diag = restartsFromExitDiag([
      ev(0, 'gateway.start'),
      ev(9, 'gateway.exit_nonzero'),
      ev(10, 'gateway.start'),
    ]);
    const seen = observedRestart(
      obs(0),
      obs(9, { running: false, identity: null }),
      obs(11, { identity: 'x', lifeStartedAt: T0 + 10 * M }),
      noEvidence,
    )!;
    const other = observedRestart(obs(20), obs(20), obs(40, { identity: 'y' }), noEvidence)!;
    const merged = mergeRestarts(diag, [seen, other]);
    expect(merged).toHaveLength(2);
    expect(merged[0]).toMatchObject({ class: 'crash', seenDown: true });
  });

  it('calls 5 starts within 10 minutes a storm only while it is recent', () => {
    const starts = [0, 2, 4, 6, 8].map((m) => T0 + m * M);
    expect(restartStorm(starts, T0 + 9 * M, 5, 10)).toEqual({ active: true, count: 5, windowMinutes: 10 });
    expect(restartStorm(starts, T0 + 60 * M, 5, 10).active).toBe(false);
    expect(restartStorm(starts.slice(1), T0 + 9 * M, 5, 10).active).toBe(false);
  });
});
