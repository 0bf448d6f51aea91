import type { AppSlice } from './app-slice.js';
import type { CommandsSlice } from './commands-slice.js';
import type { HistorySlice } from './history-slice.js';
import type { IncidentsSlice } from './incidents-slice.js';
import type { SettingsSlice } from './settings-slice.js';
import type { UiSlice } from './ui-slice.js';

/** The one store, composed from slices. */
export type Store = AppSlice & UiSlice & HistorySlice & CommandsSlice & SettingsSlice & IncidentsSlice;
