/**
 * Each `hermes-mc status` screen, drawn from the poll's instances and the maintenance windows as they are
 * at that moment: `--watch` re-reads them every refresh, so a window started (or ended) in the app or by
 * `hermes-mc maintenance` while watching shows at the next screen. Screens are drawn in poll order, one
 * at a time, even though reading the windows is asynchronous.
 */
import type { InstanceStatus } from '../../../common/model/instance-status.js';

/** Instance id → until (ISO) for the instances in maintenance now. */
export type MaintenanceNow = Record<string, string>;

export interface StatusRefresher {
  /** Queue a screen for these instances (the maintenance windows are read when its turn comes). */
  refresh(instances: InstanceStatus[]): void;
  /** Resolves when every queued screen is drawn. */
  settled(): Promise<void>;
}

export function createStatusRefresher(deps: {
  readMaintenance: () => Promise<MaintenanceNow>;
  draw: (instances: InstanceStatus[], maintenance: MaintenanceNow) => void;
}): StatusRefresher {
  let last: MaintenanceNow = {};
  let queue: Promise<void> = Promise.resolve();
  return {
    refresh(instances) {
      queue = queue.then(async () => {
        try {
          last = await deps.readMaintenance();
        } catch {
          // An unreadable file keeps the last windows known: the screen still comes, never a crash.
        }
        deps.draw(instances, last);
      });
    },
    settled: () => queue,
  };
}
