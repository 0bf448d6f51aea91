import { selectCoreDownReason, selectLinkDown } from '../store/core-link.js';
import { useAppStore } from '../store/store.js';

/** The element that shows why actions are off (app/top-bar.tsx's CoreDownBanner). */
export const CORE_DOWN_REASON_ID = 'core-down-reason';

export interface CoreGateProps {
  disabled: boolean;
  title?: string;
  'aria-describedby'?: string;
}

/**
 * Props for a control that needs the core (Acknowledge, Snooze, Refresh, Save, Trust…): disabled while the
 * link to Mission Control is down, with the reason on hover and to screen readers. `extraDisabled` keeps a
 * control's own reasons for being off.
 */
export function useCoreGate(extraDisabled = false): CoreGateProps {
  const reason = useAppStore(selectCoreDownReason);
  const bannerShown = useAppStore((s) => selectLinkDown(s) !== null);
  if (!reason) return { disabled: extraDisabled };
  return {
    disabled: true,
    title: reason,
    ...(bannerShown ? { 'aria-describedby': CORE_DOWN_REASON_ID } : {}),
  };
}
