/** The incident timeline as last fetched, and the pane's window and kind filters. */
import type { StateCreator } from 'zustand';
import type { IncidentKind } from '../../../common/incidents/incident-types.js';
import type { IncidentTimeline } from '../../../preload/ipc-contract.js';
import type { Loadable } from './history-slice.js';
import type { Store } from './store-types.js';

export const INCIDENT_WINDOWS = [
  { id: '24h', label: '24 h', seconds: 86400 },
  { id: '7d', label: '7 d', seconds: 7 * 86400 },
  { id: '30d', label: '30 d', seconds: 30 * 86400 },
] as const;
export type IncidentWindow = (typeof INCIDENT_WINDOWS)[number]['id'];

export interface IncidentsSlice {
  /** Null before the first load. */
  incidents: Loadable<IncidentTimeline> | null;
  incidentWindow: IncidentWindow;
  /** Kinds shown; empty = every kind. */
  incidentKinds: IncidentKind[];
  setIncidents(value: Loadable<IncidentTimeline>): void;
  setIncidentWindow(w: IncidentWindow): void;
  toggleIncidentKind(kind: IncidentKind): void;
}

export const createIncidentsSlice: StateCreator<Store, [], [], IncidentsSlice> = (set) => ({
  incidents: null,
  incidentWindow: '7d',
  incidentKinds: [],
  setIncidents: (incidents) => set({ incidents }),
  setIncidentWindow: (incidentWindow) => set({ incidentWindow }),
  toggleIncidentKind: (kind) =>
    set((s) => ({
      incidentKinds: s.incidentKinds.includes(kind)
        ? s.incidentKinds.filter((k) => k !== kind)
        : [...s.incidentKinds, kind],
    })),
});
