/**
 * Which VM-side path tells which check (docs/operations.md §12). Shared by the exporter (that decides
 * who sends) and the desktop (that stays quiet about what the VM already sends, when asked to).
 *
 * - `direct` (path 2, the exporter's own timer → Telegram Bot API): what silences Hermes's own cron,
 *   because its ticker lives in the gateway: gateway down / failed to start / hung, ticker stalled.
 *   Only while path 2 is on.
 * - `hermes` (path 1, a Hermes `no_agent` cron job): everything else (everything while path 2 is off).
 */
export const DIRECT_CHECKS: readonly string[] = [
  'gateway.down',
  'gateway.startup-failed',
  'gateway.hung',
  'cron.ticker-stalled',
];

/**
 * Never told from the VM: "gateway down: N jobs will not fire" is the same event as gateway.down (one
 * message per event); nobody can act on the laptop's clock skew there. `data.*` checks are the laptop's
 * own view of the VM (unreachable, stale from here) and stay with the desktop.
 */
export const NOT_TOLD_ON_VM: ReadonlySet<string> = new Set(['cron.not-firing', 'data.clock-skew']);

export type VmAlertLane = 'hermes' | 'direct';

export function vmLaneOf(check: string, directOn: boolean): VmAlertLane {
  return directOn && DIRECT_CHECKS.includes(check) ? 'direct' : 'hermes';
}
