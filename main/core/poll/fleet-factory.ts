/**
 * Building a FleetPoller from what the app has: the config + D1's ConnectionManager (real hosts), or
 * nothing (the demo fleet). The CLI and the desktop app both go through here.
 */
import type { AppConfig } from '../config/app-config.js';
import {
  DEMO_HOST_NAME,
  DEMO_INSTANCES,
  DEMO_INTERVAL_SECONDS,
  DEMO_SNAPSHOT_ROOT,
} from '../demo/demo-fleet.js';
import { createDemoSource, createSshSource, type SftpProvider } from '../sources/instance-source.js';
import { FleetPoller, type PollerTimers } from './fleet-poller.js';

export interface FleetFromConfigOptions {
  config: AppConfig;
  connections: SftpProvider;
  timers?: PollerTimers;
  history?: boolean;
}

/** One SSH source per configured host; the interval and stale threshold from the config. */
export function createFleetPollerFromConfig(options: FleetFromConfigOptions): FleetPoller {
  const { config, connections } = options;
  return new FleetPoller({
    hosts: config.hosts.map((h) => ({
      source: createSshSource(
        connections,
        h.name,
        options.timers ? { now: () => options.timers!.now() } : {},
      ),
      snapshotRoot: h.snapshotRoot,
      instances: h.instances.map((i) => ({ id: i.id, label: i.label })),
    })),
    intervalMs: config.pollIntervalSeconds * 1000,
    staleAfterIntervals: config.thresholds.staleAfterIntervals,
    timers: options.timers,
    history: options.history,
  });
}

export interface DemoFleetOptions {
  /** Clock of the demo VM and of the poller (default: real time). */
  timers?: PollerTimers;
  history?: boolean;
  staleAfterIntervals?: number;
}

/** The embedded demo fleet (nothing configured): two instances, clearly labelled as demo. */
export function createDemoFleetPoller(options: DemoFleetOptions = {}): FleetPoller {
  const clock = options.timers ? () => options.timers!.now() : Date.now;
  return new FleetPoller({
    hosts: [
      {
        source: createDemoSource(DEMO_HOST_NAME, { clock }),
        snapshotRoot: DEMO_SNAPSHOT_ROOT,
        instances: DEMO_INSTANCES.map((i) => ({ id: i.id, label: i.label })),
      },
    ],
    intervalMs: DEMO_INTERVAL_SECONDS * 1000,
    staleAfterIntervals: options.staleAfterIntervals ?? 3,
    timers: options.timers,
    history: options.history,
  });
}
