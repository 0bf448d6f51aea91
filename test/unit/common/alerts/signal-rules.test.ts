/**
 * The rules on snapshot.signals: each fires on the situation a Hermes operator loses sleep over, says
 * it in words (with the restart class, the missed count, the platform), and stays quiet otherwise —
 * including on snapshots from older exporters that carry no signals at all.
 */
import { describe, expect, it } from 'vitest';
import type { CronJobSignal, CronRun, Signals, Snapshot } from '../../../../common/contract/snapshot.js';
import { evaluateRules } from '../../../../common/alerts/evaluate-rules.js';
import { decideNotifications, emptyPolicyState } from '../../../../common/notify/notification-policy.js';
import { thresholdsSchema, notificationPrefsSchema } from '../../../../preload/ipc-contract.js';
import { FIXED_NOW, makeSnapshot, makeStatus } from '../../../fixtures/snapshot-factory.js';

const thresholds = thresholdsSchema.parse({});
const iso = (minutesAgo: number) => new Date(FIXED_NOW.getTime() - minutesAgo * 60_000).toISOString();

function signals(over: Partial<Signals> = {}): Signals {
  return {
    deliveryLedger: {
      tablePresent: true,
      pending: 0,
      attempting: 0,
      failed: 0,
      abandoned: 0,
      byPlatform: {},
      oldestOwedAt: null,
      lastFailedAt: null,
    },
    tickerLastError: { present: false, at: null, ageSeconds: null, message: null },
    jobsFiles: {
      lastGood: true,
      lastGoodAt: null,
      strictDurability: false,
      corruptCount: 0,
      corruptLatestAt: null,
    },
    cronJobs: [],
    cronLedgerSince: iso(7 * 1440),
    gatewayLifecycle: {
      sentinel: null,
      exitDiag: null,
      faulthandlerAt: null,
      codeSha: null,
      codeVersion: null,
      restartPending: null,
      bootId: null,
      restarts: [],
      storm: { active: false, count: 0, windowMinutes: 10 },
    },
    ...over,
  };
}

function job(runs: CronRun[], over: Partial<CronJobSignal> = {}): CronJobSignal {
  return {
    id: 'job1',
    failureLane: ['telegram'],
    failureDeliverSet: false,
    failuresGoNowhere: false,
    noAgent: null,
    expected7d: runs.length,
    runs,
    missed7d: runs.filter((r) => r.outcome === 'missed').length,
    failed7d: runs.filter((r) => r.outcome === 'failed').length,
    consecutiveFailures: 0,
    medianDurationSeconds: 60,
    missedBeforeLatest: 0,
    willNotFire: null,
    ...over,
  };
}

const run = (minutesAgo: number, outcome: CronRun['outcome'], cause: string | null = null): CronRun => ({
  at: iso(minutesAgo),
  outcome,
  durationSeconds: outcome === 'missed' ? null : 60,
  cause,
});

function warnings(sig: Signals | undefined, tweak: (s: Snapshot) => void = () => undefined) {
  const snap = makeSnapshot('vijay');
  if (sig) snap.signals = sig;
  else delete snap.signals;
  tweak(snap);
  return evaluateRules({ instances: [makeStatus(snap)], thresholds, now: FIXED_NOW });
}

const find = (ws: ReturnType<typeof warnings>, check: string) => ws.find((w) => w.check === check);

describe('delivery ledger', () => {
  it('warns "Hermes answered but Telegram never got it" for failed and abandoned replies', () => {
    const w = find(
      warnings(
        signals({
          deliveryLedger: {
            tablePresent: true,
            pending: 1,
            attempting: 0,
            failed: 2,
            abandoned: 1,
            byPlatform: { telegram: { pending: 1, attempting: 0, failed: 2, abandoned: 1 } },
            oldestOwedAt: iso(30),
            lastFailedAt: iso(5),
          },
        }),
      ),
      'delivery.undelivered',
    );
    expect(w?.title).toBe('Hermes answered but Telegram never got it (3 replies)');
    expect(w?.severity).toBe('warning');
  });

  it('is quiet when only pending replies are in flight, and without a ledger table', () => {
    const pending = signals();
    pending.deliveryLedger!.pending = 2;
    expect(find(warnings(pending), 'delivery.undelivered')).toBeUndefined();
    expect(
      find(
        warnings(
          signals({ deliveryLedger: { ...signals().deliveryLedger!, tablePresent: false, failed: null } }),
        ),
        'delivery.undelivered',
      ),
    ).toBeUndefined();
  });
});

describe('cron ticker error and store', () => {
  it('warns with the redacted message while the ticker error file exists', () => {
    const w = find(
      warnings(
        signals({
          tickerLastError: {
            present: true,
            at: iso(2),
            ageSeconds: 120,
            message: 'PermissionError: jobs.json',
          },
        }),
      ),
      'cron.ticker-error',
    );
    expect(w?.title).toBe('Cron ticks are failing: PermissionError: jobs.json');
  });

  it('warns about a corrupt jobs.json found this week, and only lists an old one', () => {
    const files = (at: string) =>
      signals({
        jobsFiles: {
          lastGood: true,
          lastGoodAt: null,
          strictDurability: true,
          corruptCount: 1,
          corruptLatestAt: at,
        },
      });
    expect(find(warnings(files(iso(60))), 'cron.jobs-store-corrupt')?.severity).toBe('warning');
    expect(find(warnings(files(iso(30 * 1440))), 'cron.jobs-store-corrupt')?.severity).toBe('info');
  });
});

describe('cron ledger', () => {
  it('lists a local-only failure lane as a hint, and warns once a failure this week actually went nowhere', () => {
    const quiet = warnings(
      signals({ cronJobs: [job([run(60, 'ok')], { failureLane: ['local'], failuresGoNowhere: true })] }),
    );
    const hint = find(quiet, 'cron.failures-nowhere.job1')!;
    expect(hint.severity).toBe('info');
    expect(hint.facts[0]).toBe('deliver is local and no failure_deliver is set');
    const failed = warnings(
      signals({ cronJobs: [job([run(60, 'failed')], { failureLane: ['local'], failuresGoNowhere: true })] }),
    );
    expect(find(failed, 'cron.failures-nowhere.job1')).toMatchObject({
      severity: 'warning',
      title: 'Cron job job1: 1 failure this week delivered nowhere',
    });
  });

  it('warns on a missed last run with its cause, counting the missed streak', () => {
    const ws = warnings(
      signals({
        cronJobs: [job([run(3000, 'ok'), run(1500, 'missed', 'vm-off'), run(60, 'missed', 'vm-off')])],
      }),
    );
    const w = find(ws, 'cron.missed-run.job1')!;
    expect(w.title).toBe('Cron job job1 missed its last 2 runs');
    expect(w.facts[0]).toContain('the VM was off or suspended');
  });

  it('on recovery says how many runs were missed (info, not a second alarm)', () => {
    const ws = warnings(
      signals({
        cronJobs: [job([run(3000, 'missed'), run(1500, 'missed'), run(10, 'ok')], { missedBeforeLatest: 2 })],
      }),
    );
    expect(find(ws, 'cron.missed-run.job1')).toBeUndefined();
    const w = find(ws, 'cron.recovered.job1')!;
    expect(w.title).toBe('Cron job job1 ran again after 2 missed runs');
    expect(w.severity).toBe('info');
  });

  it('warns at 3 consecutive failures and not at 2', () => {
    const runs = [run(300, 'failed'), run(200, 'failed'), run(100, 'failed')];
    expect(
      find(
        warnings(signals({ cronJobs: [job(runs, { consecutiveFailures: 3 })] })),
        'cron.failing-streak.job1',
      )?.title,
    ).toBe('Cron job job1 failed 3 times in a row');
    expect(
      find(
        warnings(signals({ cronJobs: [job(runs, { consecutiveFailures: 2 })] })),
        'cron.failing-streak.job1',
      ),
    ).toBeUndefined();
  });

  it('uses the streak length from Settings', () => {
    const snap = makeSnapshot('vijay');
    snap.signals = signals({
      cronJobs: [job([run(200, 'failed'), run(100, 'failed')], { consecutiveFailures: 2 })],
    });
    const ws = evaluateRules({
      instances: [makeStatus(snap)],
      thresholds: { ...thresholds, cronFailureStreakWarning: 2 },
      now: FIXED_NOW,
    });
    expect(find(ws, 'cron.failing-streak.job1')?.title).toBe('Cron job job1 failed 2 times in a row');
  });

  it('says a one-shot in the past will not fire, and lists paused jobs as info', () => {
    expect(
      find(
        warnings(signals({ cronJobs: [job([], { willNotFire: 'schedule-in-past' })] })),
        'cron.will-not-fire.job1',
      )?.severity,
    ).toBe('warning');
    expect(
      find(warnings(signals({ cronJobs: [job([], { willNotFire: 'paused' })] })), 'cron.will-not-fire.job1')
        ?.severity,
    ).toBe('info');
  });

  it('warns on an overrun and on a "delivered" run the queue never confirmed', () => {
    expect(
      find(warnings(signals({ cronJobs: [job([run(120, 'overrun')])] })), 'cron.overrun.job1')?.title,
    ).toBe('Cron job job1 has been running for 2 h');
    expect(
      find(warnings(signals({ cronJobs: [job([run(5, 'undelivered')])] })), 'cron.undelivered.job1'),
    ).toBeDefined();
  });
});

describe('restart forensics in warnings', () => {
  const life = (
    restarts: Signals['gatewayLifecycle'] extends infer L
      ? L extends { restarts: infer R }
        ? R
        : never
      : never,
    storm = false,
  ) =>
    signals({
      gatewayLifecycle: {
        ...signals().gatewayLifecycle!,
        restarts,
        storm: { active: storm, count: storm ? 6 : 1, windowMinutes: 10 },
      },
    });
  const restart = (
    minutesAgo: number,
    cls: 'planned' | 'crash' | 'oom' | 'reboot' | 'unknown',
    exitCode: number | null = null,
  ) => ({
    at: iso(minutesAgo),
    class: cls,
    exitCode,
    evidence: ['exit 1'],
    seenDown: false,
    downSeconds: null,
  });

  it('puts the class in the title: crash with its exit code, OOM, reboot', () => {
    expect(find(warnings(life([restart(5, 'crash', 1)])), 'gateway.restarted')?.title).toBe(
      'Gateway crashed and restarted (exit 1)',
    );
    expect(find(warnings(life([restart(5, 'oom')])), 'gateway.restarted')?.title).toBe(
      'Gateway restarted after a suspected out-of-memory kill',
    );
    expect(find(warnings(life([restart(5, 'reboot')])), 'gateway.restarted')?.title).toBe(
      'Gateway restarted: the VM rebooted',
    );
  });

  it('keeps a planned restart as info and forgets restarts after 30 minutes', () => {
    expect(find(warnings(life([restart(5, 'planned', 75)])), 'gateway.restarted')?.severity).toBe('info');
    expect(find(warnings(life([restart(45, 'crash', 1)])), 'gateway.restarted')).toBeUndefined();
  });

  it('calls a crash OOM when systemd says oom-kill', () => {
    const ws = warnings(life([restart(5, 'crash', 1)]), (s) => {
      s.systemd.units.find((u) => u.role === 'gateway')!.result = 'oom-kill';
    });
    expect(find(ws, 'gateway.restarted')?.title).toBe(
      'Gateway restarted after a suspected out-of-memory kill',
    );
  });

  it('after a down the app saw: exactly one "back online" (the recovery of gateway.down), the class without a second alarm', () => {
    const prefs = notificationPrefsSchema.parse({ holdPolls: 1 });
    const t = (m: number) => new Date(FIXED_NOW.getTime() + m * 60_000);
    const down = warnings(signals(), (s) => {
      s.gateway.running = false;
      s.gateway.state = 'stopped';
    });
    const backSeenDown = warnings(life([{ ...restart(1, 'crash', 1), seenDown: true, downSeconds: 60 }]));
    let state = emptyPolicyState();
    const shown: string[] = [];
    for (const [i, ws] of [down, down, backSeenDown, backSeenDown, backSeenDown].entries()) {
      const r = decideNotifications(state, ws, prefs, t(i));
      state = r.state;
      for (const n of r.notifications)
        shown.push(`${n.kind}:${n.warningIds.map((id) => id.split(':')[1]).join(',')}`);
    }
    expect(shown.filter((n) => n.includes('gateway'))).toEqual([
      'new:gateway.down',
      'recovered:gateway.down',
    ]);
    expect(find(backSeenDown, 'gateway.restarted')?.title).toBe('Gateway crashed and restarted (exit 1)');
  });

  it('raises a restart storm as critical', () => {
    expect(find(warnings(life([restart(1, 'crash', 1)], true)), 'gateway.restart-storm')?.severity).toBe(
      'critical',
    );
  });

  it('a quick crash-restart notifies once; a planned restart never notifies', () => {
    const prefs = notificationPrefsSchema.parse({ holdPolls: 1 });
    const crash = warnings(life([restart(1, 'crash', 1)]));
    const first = decideNotifications(emptyPolicyState(), crash, prefs, FIXED_NOW);
    const shown = first.notifications.filter((n) =>
      n.warningIds.some((id) => id.endsWith(':gateway.restarted')),
    );
    expect(shown).toHaveLength(1);
    const planned = warnings(life([restart(1, 'planned', 75)]));
    const quiet = decideNotifications(emptyPolicyState(), planned, prefs, FIXED_NOW);
    expect(
      quiet.notifications.filter((n) => n.warningIds.some((id) => id.endsWith(':gateway.restarted'))),
    ).toEqual([]);
  });
});

describe('the class in "Gateway is not running" while it is down', () => {
  const down = (sentinel: NonNullable<NonNullable<Signals['gatewayLifecycle']>['sentinel']>) =>
    warnings(signals({ gatewayLifecycle: { ...signals().gatewayLifecycle!, sentinel } }), (s) => {
      s.gateway.running = false;
      s.gateway.state = 'stopped';
    });
  const base = {
    startedAt: iso(60),
    exitedAt: iso(5),
    exitReason: null,
    priorUncleanExit: false,
    priorSuspectedOom: false,
  };

  it('says a crash with its exit code, and an unclean death when the sentinel still says running', () => {
    expect(find(down({ ...base, phase: 'exited', exitCode: 1 }), 'gateway.down')?.title).toBe(
      'Gateway is not running — last exit: crash (exit 1)',
    );
    expect(find(down({ ...base, phase: 'running', exitCode: null }), 'gateway.down')?.title).toContain(
      'killed without running any exit path',
    );
  });

  it('says a planned restart that has not come back', () => {
    expect(find(down({ ...base, phase: 'exited', exitCode: 75 }), 'gateway.down')?.title).toBe(
      'Gateway is not running — last exit: planned restart (exit 75), not back yet',
    );
  });
});

describe('older exporters', () => {
  it('a snapshot without signals raises none of these checks and marks none unknown', () => {
    const ws = warnings(undefined);
    expect(
      ws.filter((w) =>
        /^(delivery|cron\.(ticker-error|failures|missed|recovered|failing|will|overrun|undelivered|jobs-store)|gateway\.(restart))/.test(
          w.check,
        ),
      ),
    ).toEqual([]);
  });
});
