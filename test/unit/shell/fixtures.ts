// Shared builders for the desktop-shell tests: an AppState around the snapshot factory's instances.
import type { AppState } from '../../../preload/ipc-contract.js';
import type { InstanceStatus } from '../../../common/model/instance-status.js';
import type { Warning } from '../../../common/model/warning.js';
import { FIXED_NOW, makeSnapshot, makeStatus } from '../../fixtures/snapshot-factory.js';

export { FIXED_NOW };

export function vijay(overrides: Partial<InstanceStatus> = {}): InstanceStatus {
  return makeStatus(makeSnapshot('vijay'), { label: 'Vijay', ...overrides });
}

export function bheem(overrides: Partial<InstanceStatus> = {}): InstanceStatus {
  return makeStatus(makeSnapshot('bheem'), { label: 'Bheem (uma)', ...overrides });
}

export function warning(instanceId: string, check: string, overrides: Partial<Warning> = {}): Warning {
  return {
    id: `${instanceId}:${check}`,
    instanceId,
    check,
    severity: 'warning',
    title: `${check} on ${instanceId}`,
    facts: [],
    since: null,
    status: 'active',
    commands: [],
    ...overrides,
  };
}

export function appState(overrides: Partial<AppState> = {}): AppState {
  return {
    demo: false,
    instances: [vijay(), bheem()],
    warnings: [],
    notifications: { mutedUntil: null, snoozed: {}, acknowledged: [], quietHoursActive: false },
    updatedAt: FIXED_NOW.toISOString(),
    hostKeyPrompts: [],
    polling: { intervalSeconds: 60, paused: false, lastPollAt: FIXED_NOW.toISOString() },
    ...overrides,
  };
}

/** Notification settings with a global mute until `iso`. */
export function mutedUntil(iso: string): AppState['notifications'] {
  return { mutedUntil: iso, snoozed: {}, acknowledged: [], quietHoursActive: false };
}
