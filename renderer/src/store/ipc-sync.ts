/**
 * The one module that keeps the store in step with main: the initial fetch, state pushes, focus requests,
 * bridge status (a re-fetch after a reconnect) and the shared clock tick.
 */
import type { Bridge } from '../lib/bridge.js';
import type { AppStore } from './store.js';

const CLOCK_TICK_MS = 15_000;

export function startIpcSync(bridge: Bridge, store: AppStore): () => void {
  const s = store.getState;
  const fetchState = async (): Promise<void> => {
    const r = await bridge.api.getState();
    if (r.ok) s().receiveState(r.value);
    else s().setLoadError(r.error);
  };

  const offState = bridge.api.onState((state) => s().receiveState(state));
  const offFocus = bridge.api.onFocusWarning(({ warningId }) => {
    s().setScope('all');
    s().setPane('overview');
    s().setShowHiddenWarnings(true);
    s().setFocusWarning(warningId);
  });
  let wasClosed = false;
  const offStatus = bridge.onStatus((status) => {
    s().setBridgeStatus(status);
    if (status === 'closed') wasClosed = true;
    if (status === 'open' && wasClosed) {
      wasClosed = false;
      void fetchState();
    }
  });
  s().setBridgeStatus(bridge.status());
  const timer = setInterval(() => s().tick(Date.now()), CLOCK_TICK_MS);
  void fetchState();

  return () => {
    offState();
    offFocus();
    offStatus();
    clearInterval(timer);
  };
}
