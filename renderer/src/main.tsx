// Renderer entry: one bridge, one store, one sync module, one React root.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.js';
import { prefetchChartPanes } from './charts/lazy-chart-panes.js';
import { createBridge } from './lib/bridge.js';
import { ActionsContext, createActions } from './store/actions.js';
import { startIpcSync } from './store/ipc-sync.js';
import { useAppStore } from './store/store.js';
import './styles.css';

const bridge = createBridge();
const actions = createActions(bridge, useAppStore);
startIpcSync(bridge, useAppStore);

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <ActionsContext.Provider value={actions}>
        <App />
      </ActionsContext.Provider>
    </StrictMode>,
  );
  prefetchChartPanes();
}
