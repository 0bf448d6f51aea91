/**
 * Whether the window can vouch that what it shows is current, and each instance's verdict given that.
 * In a browser (`hermes-mc web`) the data comes over a WebSocket: when it drops, the last state stays on
 * screen but is no longer current, so every verdict is Unknown (common/model/verdict.ts), the title says
 * "Mission Control disconnected", and actions that need the core are disabled with this reason. Pure.
 */
import {
  instanceVerdict,
  worstVerdict,
  type InstanceVerdict,
  type VerdictLevel,
} from '../../../common/model/verdict.js';
import { TOKEN_REJECTED } from '../lib/bridge.js';
import { selectInstances, selectScopedInstances, selectWarnings } from './selectors.js';
import type { Store } from './store-types.js';

export const CORE_DISCONNECTED = 'Mission Control disconnected';

/** Null while the core answers; otherwise why actions that need it are off (shown beside them). */
export function selectCoreDownReason(s: Store): string | null {
  switch (s.bridgeStatus) {
    case 'open':
      return null;
    case 'rejected':
      return TOKEN_REJECTED;
    default:
      return s.app === null
        ? 'Connecting to Mission Control…'
        : `${CORE_DISCONNECTED} — reconnecting; nothing can be changed until it is back.`;
  }
}

/**
 * `rejected`: the server refuses our token (restarted with another); `disconnected`: data was shown but the
 * link dropped; null while connected, and while still connecting for the first time (nothing shown yet).
 */
export function selectLinkDown(s: Store): 'disconnected' | 'rejected' | null {
  if (s.bridgeStatus === 'rejected') return 'rejected';
  return s.bridgeStatus === 'open' || s.app === null ? null : 'disconnected';
}

export const selectDataCurrent = (s: Store): boolean => s.bridgeStatus === 'open';

/** The verdict of one instance, Unknown while the data is not current. */
export function selectInstanceVerdict(s: Store, instanceId: string): InstanceVerdict | null {
  const instance = selectInstances(s).find((i) => i.id === instanceId);
  if (!instance) return null;
  return instanceVerdict(instance, selectWarnings(s), { dataCurrent: selectDataCurrent(s) });
}

/** The worst verdict of the instances in the current tab (the window title's). */
export function selectScopeVerdict(s: Store): VerdictLevel {
  const warnings = selectWarnings(s);
  const dataCurrent = selectDataCurrent(s);
  return worstVerdict(
    selectScopedInstances(s).map((i) => instanceVerdict(i, warnings, { dataCurrent }).level),
  );
}
