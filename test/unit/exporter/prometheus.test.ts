import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderPrometheus, writePrometheusFile } from '../../../exporter/src/prometheus.js';
import { hermesPart, makeSnapshot, SNAPSHOT_NOW, systemPart } from './make-snapshot.js';

const run = { durationMs: 120, subprocesses: 3 };

/** Parses exposition lines into "name{labels}" → value. */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const i = line.lastIndexOf(' ');
    out.set(line.slice(0, i), Number(line.slice(i + 1)));
  }
  return out;
}

describe('renderPrometheus', () => {
  it('writes explicit zeros for zero counts, with the instance label on every series', () => {
    const m = samples(renderPrometheus(makeSnapshot(), run));
    expect(m.get('hermes_cron_jobs_failed{instance="vijay"}')).toBe(0);
    expect(m.get('hermes_cron_jobs_overdue{instance="vijay"}')).toBe(0);
    expect(m.get('hermes_gateway_restarts_last_hour{instance="vijay"}')).toBe(0);
    expect(m.get('hermes_dashboard_public{instance="vijay"}')).toBe(0);
    expect(m.get('hermes_backup_forbidden_files{instance="vijay"}')).toBe(0);
    expect(m.get('hermes_gateway_up{instance="vijay"}')).toBe(1);
    expect(m.get('hermes_platform_connected{instance="vijay",platform="telegram"}')).toBe(1);
    expect(m.get('hermes_exporter_last_run_timestamp_seconds{instance="vijay"}')).toBe(
      SNAPSHOT_NOW.getTime() / 1000,
    );
    expect(m.get('hermes_exporter_subprocesses{instance="vijay"}')).toBe(3);
    expect([...m.keys()].every((k) => k.startsWith('hermes_') && k.includes('instance="vijay"'))).toBe(true);
  });

  it("keeps a unit's series apart per systemd manager, even when both have a unit of that name", () => {
    const sys = systemPart();
    const gateway = sys.systemd.units[0]!;
    const m = samples(
      renderPrometheus(
        makeSnapshot({
          systemd: {
            scope: 'user',
            units: [
              { ...gateway, name: 'x.service', role: 'other', activeState: 'active' },
              { ...gateway, name: 'x.service', role: 'other', activeState: 'failed', scope: 'system' },
            ],
          },
        }),
        run,
      ),
    );
    expect(
      m.get('hermes_systemd_unit_failed{instance="vijay",unit="x.service",role="other",scope="user"}'),
    ).toBe(0);
    expect(
      m.get('hermes_systemd_unit_failed{instance="vijay",unit="x.service",role="other",scope="system"}'),
    ).toBe(1);
  });

  it('leaves unknown values out (never a false 0) and marks their probe as failed', () => {
    const h = hermesPart();
    const text = renderPrometheus(
      makeSnapshot({
        gateway: { ...h.gateway, running: null },
        probes: [{ name: 'gateway', ok: false, error: 'gateway.pid unreadable', ms: 1 }],
      }),
      run,
    );
    const m = samples(text);
    expect([...m.keys()].some((k) => k.startsWith('hermes_gateway_up'))).toBe(false);
    expect(m.get('hermes_exporter_probe_success{instance="vijay",probe="gateway"}')).toBe(0);
  });

  it('reports a public dashboard as 1 so an alert can fire on it', () => {
    const m = samples(
      renderPrometheus(
        makeSnapshot({
          dashboard: {
            port: 9119,
            bindings: [{ address: '0.0.0.0', family: 'ipv4', class: 'any' }],
            exposure: 'public',
          },
        }),
        run,
      ),
    );
    expect(m.get('hermes_dashboard_public{instance="vijay"}')).toBe(1);
  });

  it('has one HELP and TYPE per metric name and escapes label values', () => {
    const text = renderPrometheus(
      makeSnapshot({ probes: [{ name: 'we"ird\\name', ok: true, error: null, ms: 1 }] }),
      run,
    );
    const helps = text.split('\n').filter((l) => l.startsWith('# HELP hermes_tokens_24h '));
    expect(helps).toHaveLength(1);
    expect(text).toContain('probe="we\\"ird\\\\name"');
    expect(text).toMatch(/^# TYPE hermes_gateway_up gauge$/m);
  });
});

describe('writePrometheusFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hmc-prom-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the .prom file atomically and readable by node_exporter', async () => {
    const file = join(dir, 'hermes_vijay.prom');
    await writePrometheusFile(file, makeSnapshot(), run);
    expect(readdirSync(dir)).toEqual(['hermes_vijay.prom']);
    expect(statSync(file).mode & 0o777).toBe(0o644);
    expect(readFileSync(file, 'utf8')).toContain(
      'hermes_exporter_last_run_timestamp_seconds{instance="vijay"}',
    );
  });
});
