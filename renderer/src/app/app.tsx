import { TOKEN_REJECTED } from '../lib/bridge.js';
import { MessageText } from '../components/message-text.js';
import type { ComponentType } from 'react';
import { AgentConfigPane } from '../features/agent-config/agent-config-pane.js';
import { BackupsPane, TrendsPane } from '../charts/lazy-chart-panes.js';
import { CommandPalette, usePaletteShortcut } from '../features/commands/command-palette.js';
import { CommandsPane } from '../features/commands/commands-pane.js';
import { CronPane } from '../features/cron/cron-pane.js';
import { ConfigErrorNotice } from '../features/first-run/config-error-notice.js';
import { DemoBanner } from '../features/first-run/demo-banner.js';
import { HostKeyDialog } from '../features/first-run/host-key-dialog.js';
import { HealthPane } from '../features/health/health-pane.js';
import { HostPane } from '../features/host/host-pane.js';
import { IncidentsPane } from '../features/incidents/incidents-pane.js';
import { OverviewPane } from '../features/overview/overview-pane.js';
import { SessionsPane } from '../features/sessions/sessions-pane.js';
import { SettingsPane } from '../features/settings/settings-pane.js';
import { useAppStore } from '../store/store.js';
import type { PaneId } from '../store/ui-slice.js';
import { InstanceTabs } from './instance-tabs.js';
import { PaneHeading } from './pane-heading.js';
import { PaneNav } from './pane-nav.js';
import { TopBar } from './top-bar.js';
import { useDocumentTitle } from './use-document-title.js';

const PANE_COMPONENTS: Record<PaneId, ComponentType> = {
  overview: OverviewPane,
  health: HealthPane,
  cron: CronPane,
  backups: BackupsPane,
  sessions: SessionsPane,
  'agent-config': AgentConfigPane,
  host: HostPane,
  trends: TrendsPane,
  incidents: IncidentsPane,
  commands: CommandsPane,
  settings: SettingsPane,
};

const REJECTED_ERROR = { code: 'TOKEN_REJECTED', message: TOKEN_REJECTED };

/**
 * Shown when we cannot get any state at all: the server refused our token (restarted with another one), or
 * another error. A dropped link is not shown here: the page reconnects and loads by itself.
 */
function LoadError() {
  const error = useAppStore((s) =>
    s.app !== null
      ? null
      : s.bridgeStatus === 'rejected'
        ? s.loadError?.code === 'NO_TOKEN'
          ? s.loadError
          : REJECTED_ERROR
        : s.loadError?.code === 'BRIDGE_CLOSED'
          ? null
          : s.loadError,
  );
  if (!error) return null;
  return (
    <section className="failure failure-bridge" role="alert" aria-label="Cannot load Mission Control">
      <h2 className="failure-title">Cannot load Mission Control</h2>
      <p>
        <MessageText text={error.message} />
      </p>
      <p className="muted small">Code: {error.code}</p>
    </section>
  );
}

export function App() {
  usePaletteShortcut();
  useDocumentTitle();
  const pane = useAppStore((s) => s.pane);
  // Nothing will ever load once the token is refused: no skeletons that never resolve.
  const hopeless = useAppStore((s) => s.app === null && s.bridgeStatus === 'rejected');
  const Pane = PANE_COMPONENTS[pane];
  return (
    <div className="app">
      <DemoBanner />
      <ConfigErrorNotice />
      <TopBar />
      <InstanceTabs />
      <div className="layout">
        <PaneNav />
        {/* A real main landmark holding the tabpanel: role="tabpanel" on <main> would remove the landmark. */}
        <main className="main-panel" aria-labelledby="pane-heading">
          <div id="main-panel" role="tabpanel" aria-labelledby={`pane-tab-${pane}`} tabIndex={-1}>
            <PaneHeading />
            <LoadError />
            {hopeless ? null : <Pane />}
          </div>
        </main>
      </div>
      <HostKeyDialog />
      <CommandPalette />
    </div>
  );
}
