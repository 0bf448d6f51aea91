import { RelTime } from '../../components/rel-time.js';
import { useActions } from '../../store/actions.js';
import { useAppStore } from '../../store/store.js';
import { useCoreGate } from '../../components/core-gate.js';

/** Mute all notifications for a while, or resume; shows the current mute. */
export function MuteControls() {
  const actions = useActions();
  const gate = useCoreGate();
  const mutedUntil = useAppStore((s) => s.app?.notifications.mutedUntil ?? null);
  const now = useAppStore((s) => s.now);
  const muted = mutedUntil !== null && new Date(mutedUntil).getTime() > now;
  return (
    <div className="mute" role="group" aria-label="Mute notifications">
      <span>
        {muted ? (
          <>
            Muted, resumes <RelTime iso={mutedUntil} />
          </>
        ) : (
          'Notifications on'
        )}
      </span>
      <button type="button" className="btn btn-small" onClick={() => void actions.mute('1h')} {...gate}>
        Mute 1 h
      </button>
      <button type="button" className="btn btn-small" onClick={() => void actions.mute('4h')} {...gate}>
        Mute 4 h
      </button>
      <button type="button" className="btn btn-small" onClick={() => void actions.mute('tomorrow')} {...gate}>
        Until tomorrow
      </button>
      {muted ? (
        <button type="button" className="btn btn-small" onClick={() => void actions.mute('off')} {...gate}>
          Resume
        </button>
      ) : null}
    </div>
  );
}
