import { selectUnsavedSettingsCount } from '../store/settings-slice.js';
import { PANES } from '../store/ui-slice.js';
import { useAppStore } from '../store/store.js';
import { rovingKeyHandler } from './use-roving-tabs.js';

const IDS = PANES.map((p) => p.id);

/** The panes as a vertical tablist (Up/Down arrows). */
export function PaneNav() {
  const pane = useAppStore((s) => s.pane);
  const setPane = useAppStore((s) => s.setPane);
  // Settings keeps unsaved edits while the person is elsewhere; the nav says so, to sight and to screen readers.
  const settingsUnsaved = useAppStore((s) => selectUnsavedSettingsCount(s) > 0);
  return (
    <nav className="pane-nav" aria-label="Panes">
      <div
        role="tablist"
        aria-label="Pane"
        aria-orientation="vertical"
        onKeyDown={rovingKeyHandler(IDS, pane, setPane, 'vertical')}
      >
        {PANES.map((p) => (
          <button
            key={p.id}
            type="button"
            role="tab"
            id={`pane-tab-${p.id}`}
            data-tab-id={p.id}
            aria-selected={p.id === pane}
            aria-controls="main-panel"
            tabIndex={p.id === pane ? 0 : -1}
            className="tab pane-tab"
            onClick={() => setPane(p.id)}
            aria-label={p.id === 'settings' && settingsUnsaved ? `${p.label}, unsaved changes` : undefined}
          >
            {p.label}
            {p.id === 'settings' && settingsUnsaved ? (
              <span className="dot dot-unsaved" aria-hidden="true" />
            ) : null}
          </button>
        ))}
      </div>
    </nav>
  );
}
