/**
 * `snapshot.signals` for the demo fleet: a cron ledger per demo job (hourly cells, a missed run earlier
 * in Bheem's week), restart forensics (a crash two days ago and a planned restart this morning on Bheem,
 * one planned restart on Vijay) and a quiet delivery ledger. Kept warning-free on purpose: the demo's
 * warnings are the runbook's (demo-fleet.ts); these only fill the Cron strip and Health's forensics.
 */
import type { CronJob, CronRun, Signals } from '../../../common/contract/snapshot.js';

const H = 3600_000;
const iso = (ms: number) => new Date(ms).toISOString();

function runs(now: number, job: CronJob, withGap: boolean): CronRun[] {
  const out: CronRun[] = [];
  const hourStart = Math.floor(now / H) * H;
  for (let i = 23; i >= 0; i--) {
    const at = hourStart - i * H;
    const missed = withGap && (i === 15 || i === 14);
    const failedLast = job.lastStatus === 'error' && i === 0;
    out.push({
      at: iso(at + (missed ? 0 : 20_000)),
      outcome: missed ? 'missed' : failedLast ? 'failed' : 'ok',
      durationSeconds: missed ? null : 42 + (i % 5) * 3,
      cause: missed ? 'gateway-down' : null,
    });
  }
  return out;
}

export function buildDemoSignals(id: 'vijay' | 'bheem', jobs: CronJob[], now: number): Signals {
  const bheem = id === 'bheem';
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
      lastGoodAt: iso(now - 2 * H),
      strictDurability: false,
      corruptCount: 0,
      corruptLatestAt: null,
    },
    cronJobs: jobs.map((job) => {
      const r = runs(now, job, bheem);
      return {
        id: job.id,
        failureLane: job.deliver.length ? job.deliver : ['local'],
        failureDeliverSet: false,
        failuresGoNowhere: false,
        noAgent: null,
        expected7d: 168,
        runs: r,
        missed7d: r.filter((x) => x.outcome === 'missed').length,
        failed7d: r.filter((x) => x.outcome === 'failed').length,
        consecutiveFailures: r[r.length - 1]!.outcome === 'failed' ? 1 : 0,
        medianDurationSeconds: 48,
        missedBeforeLatest: 0,
        willNotFire: job.enabled === false ? 'paused' : null,
      };
    }),
    cronLedgerSince: iso(now - 168 * H),
    gatewayLifecycle: {
      // No sentinel: tests flip the demo gateway down, and a `running` sentinel would then read as a death.
      sentinel: null,
      exitDiag: {
        starts7d: bheem ? 3 : 2,
        uncleanExits7d: 0,
        suspectedOom7d: 0,
        nonzeroExits7d: bheem ? 1 : 0,
        lastExitCode: 75,
        lastEventAt: iso(now - 5 * H),
      },
      faulthandlerAt: null,
      codeSha: null,
      codeVersion: null,
      restartPending: false,
      bootId: bheem ? '5c1de0a2-7f1e-4b8e-9c52-demo00000002' : '5c1de0a2-7f1e-4b8e-9c52-demo00000001',
      restarts: [
        ...(bheem
          ? [
              {
                at: iso(now - 49 * H),
                class: 'crash' as const,
                exitCode: 1,
                evidence: ['unhandled exception', 'exit 1'],
                seenDown: true,
                downSeconds: 7,
              },
            ]
          : []),
        {
          at: iso(now - 5 * H),
          class: 'planned' as const,
          exitCode: 75,
          evidence: ['exit 75 (planned restart)'],
          seenDown: false,
          downSeconds: null,
        },
      ],
      storm: { active: false, count: 1, windowMinutes: 10 },
    },
  };
}
