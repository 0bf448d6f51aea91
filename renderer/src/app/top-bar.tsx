import { useShallow } from 'zustand/react/shallow';
import { CORE_DOWN_REASON_ID, useCoreGate } from '../components/core-gate.js';
import { absoluteTime, asOfLine, clockTime, duration } from '../lib/format.js';
import { useActions } from '../store/actions.js';
import { selectCoreDownReason, selectLinkDown } from '../store/core-link.js';
import { oldestData, selectInstances } from '../store/selectors.js';
import { useAppStore } from '../store/store.js';
import { linkDownText } from './window-title.js';

/**
 * The honest data-age line: "as of 14:02, 6 min ago", or while the link to Mission Control is down
 * "as of 14:02 — Mission Control disconnected (data 6 min old)", the age still counting from the last data.
 */
function AsOf() {
  const instances = useAppStore(selectInstances);
  const anyOld = useAppStore((s) => selectInstances(s).some((i) => i.state !== 'live'));
  const now = useAppStore((s) => s.now);
  const linkDown = useAppStore(selectLinkDown);
  const oldest = oldestData(instances, now);
  const text = linkDown
    ? `${oldest ? `as of ${clockTime(oldest.generatedAt)} — ` : ''}${linkDownText(linkDown)}${
        oldest ? ` (data ${duration(oldest.ageSeconds)} old)` : ''
      }`
    : `${asOfLine(oldest?.generatedAt, oldest?.ageSeconds ?? null)}${anyOld ? ' · some data is not current' : ''}`;
  return (
    <p
      className={anyOld || linkDown ? 'as-of is-old' : 'as-of'}
      title={oldest ? `Oldest snapshot on screen: ${absoluteTime(oldest.generatedAt)} (VM clock)` : undefined}
      aria-live="polite"
    >
      {text}
    </p>
  );
}

/** A strip under the top bar while actions are off, saying why (and what to do when it is a restart). */
export function CoreDownBanner() {
  const reason = useAppStore(selectCoreDownReason);
  const linkDown = useAppStore(selectLinkDown);
  const since = useAppStore((s) => s.disconnectedAt);
  // Not while the page is still loading for the first time: the skeletons say so, no red alarm.
  if (!reason || !linkDown) return null;
  return (
    <div className="core-down" role="alert">
      <p id={CORE_DOWN_REASON_ID}>
        {reason}
        {since ? ` (since ${clockTime(new Date(since).toISOString())})` : ''}
      </p>
    </div>
  );
}

/** Title, the data-age line, polling state and Refresh (off, with the reason, while the core is away). */
export function TopBar() {
  const actions = useActions();
  const gate = useCoreGate();
  const { now, paused, mutedUntil, setPaletteOpen } = useAppStore(
    useShallow((s) => ({
      now: s.now,
      paused: s.app?.polling.paused ?? false,
      mutedUntil: s.app?.notifications.mutedUntil ?? null,
      setPaletteOpen: s.setPaletteOpen,
    })),
  );
  const muted = mutedUntil !== null && new Date(mutedUntil).getTime() > now;
  return (
    <header className="top-bar">
      <h1 className="app-title">Hermes Mission Control</h1>
      <AsOf />
      <div className="top-actions">
        {paused ? <span className="badge state-stale">Polling paused</span> : null}
        {muted ? <span className="badge state-stale">Notifications muted</span> : null}
        <button
          type="button"
          className="btn btn-small"
          onClick={() => setPaletteOpen(true)}
          aria-keyshortcuts="Control+K Meta+K"
        >
          Commands <kbd>Ctrl K</kbd>
        </button>
        <button type="button" className="btn btn-small" onClick={() => void actions.refresh()} {...gate}>
          Refresh
        </button>
      </div>
      <CoreDownBanner />
    </header>
  );
}
