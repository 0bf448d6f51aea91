/**
 * The system around Hermes, in one call for the run loop: systemd units, dashboard exposure, backup
 * repo and (where enabled) host. Sub-collectors run in parallel; a failure leaves its values null and a
 * failed probe, and this function never throws.
 *
 * Subprocesses per run in steady state: at most 3 (one `systemctl show` per systemd manager in use, so
 * two only for an instance whose units span the system and user managers, and one `git status`); when the
 * backup HEAD moved, up to 3 more git calls run once (see backup-repo.ts). Nothing else spawns.
 * Probes are recorded for what is configured: `systemd`, `dashboard`, `backup`, `host`, `host.docker`.
 */
import type {
  BackupInfo,
  DashboardInfo,
  HostInfo,
  Probe,
  SystemdInfo,
} from '../../../common/contract/snapshot.js';
import { collectBackupRepo, emptyBackup } from './backup-repo.js';
import type { CollectContext } from './context.js';
import { collectDashboardExposure, unknownDashboard } from './dashboard-exposure.js';
import { collectHost, defaultHostDeps, type HostDeps } from './host.js';
import { runPartialProbe } from './lib/partial-probe.js';
import {
  collectSystemd,
  configuredUnits,
  defaultSystemdDeps,
  unknownSystemd,
  type SystemdDeps,
} from './systemd.js';

export interface SystemInfo {
  systemd: SystemdInfo;
  dashboard: DashboardInfo;
  backup: BackupInfo | null;
  host: HostInfo | null;
  probes: Probe[];
}

/** Injected clocks and OS views for tests; production uses the defaults. */
export interface SystemDeps {
  systemd: SystemdDeps;
  host: HostDeps;
}

export async function collectSystem(
  ctx: CollectContext,
  deps: Partial<SystemDeps> = {},
): Promise<SystemInfo> {
  const config = ctx.config;
  const probes: Probe[] = [];
  const started = performance.now();

  const [systemd, dashboard, backup, host] = await Promise.all([
    configuredUnits(config).length > 0
      ? runPartialProbe(
          'systemd',
          () => collectSystemd(ctx, deps.systemd ?? defaultSystemdDeps),
          unknownSystemd(config),
        )
      : null,
    config.dashboard
      ? runPartialProbe(
          'dashboard',
          () => collectDashboardExposure(ctx),
          unknownDashboard(config.dashboard.port),
        )
      : null,
    config.backup
      ? runPartialProbe(
          'backup',
          () => collectBackupRepo(ctx),
          emptyBackup(config.backup.repo) as BackupInfo | null,
        )
      : null,
    config.host_probes.enabled
      ? collectHost(ctx, deps.host ?? defaultHostDeps).then(
          (value) => ({ value, error: null, ms: elapsed(started) }),
          (err: unknown) => ({
            value: null,
            error: err instanceof Error ? err.message : String(err),
            ms: elapsed(started),
          }),
        )
      : null,
  ]);

  if (systemd) probes.push(systemd.probe);
  if (dashboard) probes.push(dashboard.probe);
  if (backup) probes.push(backup.probe);

  let hostInfo: HostInfo | null = null;
  if (host) {
    const ms = host.ms;
    const result = host.value;
    if (!result) {
      probes.push({
        name: 'host',
        ok: false,
        error: (host.error ?? 'failed').split('\n')[0]!.slice(0, 300),
        ms,
      });
    } else {
      hostInfo = result.host.value;
      probes.push(probeOf('host', result.host.problems, ms));
      if (result.docker) probes.push(probeOf('host.docker', result.docker.problems, ms));
    }
  }

  return {
    systemd: systemd?.value ?? { scope: config.systemd.scope, units: [] },
    dashboard: dashboard?.value ?? unknownDashboard(null),
    backup: backup?.value ?? null,
    host: hostInfo,
    probes,
  };
}

function elapsed(since: number): number {
  return Math.round((performance.now() - since) * 10) / 10;
}

function probeOf(name: string, problems: string[], ms: number): Probe {
  return problems.length === 0
    ? { name, ok: true, error: null, ms }
    : { name, ok: false, error: problems.join('; ').slice(0, 300), ms };
}
