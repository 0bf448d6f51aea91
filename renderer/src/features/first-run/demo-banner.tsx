import { useAppStore } from '../../store/store.js';

/** Shown while the app displays the embedded demo fleet. */
export function DemoBanner() {
  const demo = useAppStore((s) => s.app?.demo ?? false);
  const configBroken = useAppStore((s) => Boolean(s.app?.configError));
  const setPane = useAppStore((s) => s.setPane);
  const requestAddHost = useAppStore((s) => s.requestAddHost);
  if (!demo) return null;
  return (
    <div className="demo-banner" role="region" aria-label="Demo mode">
      <span>
        <strong>Demo fleet.</strong>{' '}
        {configBroken
          ? 'Your config file could not be used (see below), so these made-up instances stand in. Nothing is connected.'
          : 'These instances are made up so you can look around. Nothing is connected yet.'}
      </span>
      <button
        type="button"
        className="btn btn-primary"
        onClick={() => {
          requestAddHost(true);
          setPane('settings');
        }}
      >
        Add your VM
      </button>
    </div>
  );
}
