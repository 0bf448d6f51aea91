import { describe, expect, it } from 'vitest';
import { evaluateSnapshot } from '../../../exporter/src/check-rules.js';
import { hermesPart, makeSnapshot, SNAPSHOT_NOW, systemPart } from './make-snapshot.js';

const codes = (s: ReturnType<typeof makeSnapshot>): string[] =>
  evaluateSnapshot(s, SNAPSHOT_NOW).problems.map((p) => p.code);

describe('evaluateSnapshot (the watchdog verdict of `check`)', () => {
  it('finds nothing wrong with a healthy instance', () => {
    expect(evaluateSnapshot(makeSnapshot(), SNAPSHOT_NOW)).toEqual({ exitCode: 0, problems: [] });
  });

  it('treats a publicly bound dashboard as critical (the seeds hardest guardrail)', () => {
    const v = evaluateSnapshot(
      makeSnapshot({
        dashboard: {
          port: 9119,
          bindings: [{ address: '0.0.0.0', family: 'ipv4', class: 'any' }],
          exposure: 'public',
        },
      }),
      SNAPSHOT_NOW,
    );
    expect(v.exitCode).toBe(2);
    expect(v.problems[0]).toMatchObject({ severity: 'critical', code: 'DASHBOARD_PUBLIC' });
  });

  it('names the systemd manager asked when a unit is not found, the usual sign of a wrong scope', () => {
    const sys = systemPart();
    const dashboard = {
      ...sys.systemd.units[0]!,
      name: 'uma-hermes-dashboard.service',
      role: 'dashboard' as const,
    };
    const v = evaluateSnapshot(
      makeSnapshot({
        systemd: {
          scope: 'user',
          units: [{ ...dashboard, loadState: 'not-found', activeState: 'inactive' }],
        },
      }),
      SNAPSHOT_NOW,
    );
    expect(v.problems).toContainEqual(
      expect.objectContaining({
        code: 'UNIT_MISSING',
        message: 'uma-hermes-dashboard.service is not installed in the user manager',
      }),
    );
  });

  it('reports unknown gateway liveness as degraded, never as healthy', () => {
    const h = hermesPart();
    const v = evaluateSnapshot(makeSnapshot({ gateway: { ...h.gateway, running: null } }), SNAPSHOT_NOW);
    expect(v.exitCode).toBe(1);
    expect(v.problems.map((p) => p.code)).toEqual(['GATEWAY_UNKNOWN']);
  });

  it('escalates a failing backup job to critical but a failing ordinary job only to degraded', () => {
    const h = hermesPart();
    const job = h.cron.jobs![0]!;
    const backupFailed = makeSnapshot({ cron: { ...h.cron, jobs: [{ ...job, lastStatus: 'error' }] } });
    expect(evaluateSnapshot(backupFailed, SNAPSHOT_NOW).exitCode).toBe(2);
    const otherFailed = makeSnapshot({
      cron: { ...h.cron, jobs: [{ ...job, role: null, lastStatus: 'error' }] },
    });
    expect(evaluateSnapshot(otherFailed, SNAPSHOT_NOW).exitCode).toBe(1);
  });

  it('grades disk and memory pressure and flags stopped containers', () => {
    const host = systemPart().host!;
    expect(codes(makeSnapshot({ host: { ...host, disks: [{ ...host.disks[0]!, usedPct: 88 }] } }))).toEqual([
      'DISK_HIGH',
    ]);
    expect(codes(makeSnapshot({ host: { ...host, disks: [{ ...host.disks[0]!, usedPct: 97 }] } }))).toEqual([
      'DISK_FULL',
    ]);
    expect(
      codes(
        makeSnapshot({
          host: { ...host, memory: { totalBytes: 8e9, availableBytes: 3e8, availablePct: 3.75 } },
        }),
      ),
    ).toEqual(['MEMORY_LOW']);
    expect(
      codes(
        makeSnapshot({
          host: { ...host, containers: [{ name: 'caddy', running: false, status: 'Exited (1)' }] },
        }),
      ),
    ).toEqual(['CONTAINER_DOWN']);
  });

  it('flags forbidden files and secret hits in the backup repo as critical', () => {
    const b = systemPart().backup!;
    const v = evaluateSnapshot(
      makeSnapshot({
        backup: {
          ...b,
          forbiddenFiles: ['state.db'],
          secretScan: { ...b.secretScan!, hits: [{ file: '.env', pattern: 'openrouter-key' }] },
        },
      }),
      SNAPSHOT_NOW,
    );
    expect(v.problems.map((p) => [p.severity, p.code])).toEqual([
      ['critical', 'BACKUP_FORBIDDEN'],
      ['critical', 'BACKUP_SECRETS'],
    ]);
  });

  it('does not call a named cron provider stale for lacking the builtin ticker', () => {
    const h = hermesPart();
    const external = makeSnapshot({
      cron: { ...h.cron, provider: 'systemd', tickerHeartbeatAgeSeconds: 9999 },
    });
    expect(codes(external)).toEqual([]);
    const builtin = makeSnapshot({ cron: { ...h.cron, tickerHeartbeatAgeSeconds: 9999 } });
    expect(codes(builtin)).toEqual(['TICKER_STALE']);
  });
});
