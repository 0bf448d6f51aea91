import { describe, expect, it } from 'vitest';
import { renderPrometheus } from '../../../exporter/src/prometheus.js';
import { makeSnapshot } from '../../fixtures/snapshot-factory.js';

const run = { durationMs: 120, subprocesses: 2 };

describe('Prometheus series for the signals', () => {
  it('writes owed replies by state, cron ledger counts per job and restarts per class', () => {
    const s = makeSnapshot('bheem');
    s.signals!.deliveryLedger!.failed = 2;
    const text = renderPrometheus(s, run);
    expect(text).toContain('hermes_delivery_obligations{instance="bheem",state="failed"} 2');
    expect(text).toContain('hermes_cron_job_missed_runs_7d{instance="bheem",job="bheem-backup"} 2');
    expect(text).toContain('hermes_gateway_restarts_7d{instance="bheem",class="crash"} 1');
    expect(text).toContain('hermes_gateway_restarts_7d{instance="bheem",class="planned"} 1');
    expect(text).toContain('hermes_gateway_restart_pending{instance="bheem"} 0');
  });

  it('leaves out what is unknown or absent: no ledger table, no signals at all', () => {
    const s = makeSnapshot('vijay');
    s.signals!.deliveryLedger = { ...s.signals!.deliveryLedger!, tablePresent: false, failed: null };
    s.signals!.gatewayLifecycle!.restartPending = null;
    const text = renderPrometheus(s, run);
    expect(text).not.toContain('hermes_delivery_obligations');
    expect(text).not.toContain('hermes_gateway_restart_pending');
    delete s.signals;
    expect(renderPrometheus(s, run)).not.toMatch(
      /hermes_(delivery_obligations|cron_job_missed_runs_7d|gateway_restarts_7d)/,
    );
  });
});
