/** Runbook commands per instance (fetched on demand) and the "Copied" feedback. */
import type { StateCreator } from 'zustand';
import type { RunbookCommand } from '../../../common/model/warning.js';
import type { IpcError } from '../../../preload/ipc-contract.js';
import type { Loadable } from './history-slice.js';
import type { Store } from './store-types.js';

export interface CommandsSlice {
  commands: Record<string, Loadable<RunbookCommand[]>>;
  /** Key of the last thing copied (shows "Copied" next to it) or a copy failure. */
  copyFeedback: { key: string; ok: true } | { key: string; ok: false; error: IpcError } | null;
  setCommands(instanceId: string, value: Loadable<RunbookCommand[]>): void;
  setCopyFeedback(f: CommandsSlice['copyFeedback']): void;
}

export const createCommandsSlice: StateCreator<Store, [], [], CommandsSlice> = (set) => ({
  commands: {},
  copyFeedback: null,
  setCommands: (instanceId, value) => set((s) => ({ commands: { ...s.commands, [instanceId]: value } })),
  setCopyFeedback: (copyFeedback) => set({ copyFeedback }),
});
