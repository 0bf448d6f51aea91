/**
 * The demo fleet's `snapshot.alerts` (common/contract/snapshot-alerts.ts), so Settings › VM-side alerts in
 * `--demo` shows what a set-up fleet looks like instead of Unknown: Vijay has both VM paths working
 * (Hermes's alerts job and the exporter's own Telegram timer); Bheem has the Hermes job, path 2 off.
 * Never a token or a chat id, as the real exporter.
 */
import type { VmAlertsStatus } from '../../../common/contract/snapshot-alerts.js';
import type { DemoInstanceId } from './demo-fleet.js';

const iso = (ms: number) => new Date(ms).toISOString();

export function buildDemoAlerts(id: DemoInstanceId, nowMs: number): VmAlertsStatus {
  const ranAt = iso(nowMs - 2 * 60_000);
  const hermesCron: VmAlertsStatus['hermesCron'] = {
    job: {
      id: `${id}-mc-alerts`,
      name: 'Mission Control alerts',
      enabled: true,
      lastRunAt: ranAt,
      lastStatus: 'ok',
      deliveryFailed: false,
      deliver: ['telegram'],
    },
    lastRunAt: ranAt,
    lastMessageAt: iso(nowMs - (id === 'vijay' ? 3 : 1) * 86400_000),
    lastError: null,
  };
  const direct: VmAlertsStatus['direct'] =
    id === 'vijay'
      ? {
          configured: true,
          tokenPresent: true,
          lastAttemptAt: iso(nowMs - 9 * 86400_000),
          lastDeliveryAt: iso(nowMs - 9 * 86400_000),
          lastError: null,
          retryNotBefore: null,
        }
      : {
          configured: false,
          tokenPresent: null,
          lastAttemptAt: null,
          lastDeliveryAt: null,
          lastError: null,
          retryNotBefore: null,
        };
  return { hermesCron, direct };
}
