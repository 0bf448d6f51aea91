import { useShallow } from 'zustand/react/shallow';
import { absoluteTime, asOfLine } from '../lib/format.js';
import { useActions } from '../store/actions.js';
import { oldestData, selectInstances } from '../store/selectors.js';
import { useAppStore } from '../store/store.js';

/** Title, the honest data-age line (the oldest data on screen), polling/bridge state and Refresh. */
export function TopBar() {
  const actions = useActions();
  const instances = useAppStore(selectInstances);
  const anyOld = useAppStore((s) => selectInstances(s).some((i) => i.state !== 'live'));
  const { now, paused, bridge, mutedUntil, setPaletteOpen } = useAppStore(
    useShallow((s) => ({
      now: s.now,
      paused: s.app?.polling.paused ?? false,
      bridge: s.bridgeStatus,
      mutedUntil: s.app?.notifications.mutedUntil ?? null,
      setPaletteOpen: s.setPaletteOpen,
    })),
  );
  const oldest = oldestData(instances, now);
  const muted = mutedUntil !== null && new Date(mutedUntil).getTime() > now;
  return (
    <header className="top-bar">
      <h1 className="app-title">Hermes Mission Control</h1>
      <p
        className={anyOld ? 'as-of is-old' : 'as-of'}
        title={
          oldest ? `Oldest snapshot on screen: ${absoluteTime(oldest.generatedAt)} (VM clock)` : undefined
        }
        aria-live="polite"
      >
        {asOfLine(oldest?.generatedAt, oldest?.ageSeconds ?? null)}
        {anyOld ? ' · some data is not current' : ''}
      </p>
      <div className="top-actions">
        {paused ? <span className="badge state-stale">Polling paused</span> : null}
        {muted ? <span className="badge state-stale">Notifications muted</span> : null}
        {bridge !== 'open' ? (
          <span className="badge state-unreachable" role="status">
            {bridge === 'connecting' ? 'Connecting to Mission Control…' : 'Disconnected — retrying'}
          </span>
        ) : null}
        <button
          type="button"
          className="btn btn-small"
          onClick={() => setPaletteOpen(true)}
          aria-keyshortcuts="Control+K Meta+K"
        >
          Commands <kbd>Ctrl K</kbd>
        </button>
        <button type="button" className="btn btn-small" onClick={() => void actions.refresh()}>
          Refresh
        </button>
      </div>
    </header>
  );
}
