/**
 * The Settings form's pending draft, pure. Only the fields the person edited are kept, laid over whatever
 * main last saved. The store holds it (not the pane) so it outlasts switching panes. Fields nobody edited
 * always show the saved value, so they move when a save happens elsewhere (a host, another window, a fresh
 * load from main), while edited fields keep what the person typed.
 */
import type { Settings } from '../../../../preload/ipc-contract.js';
import { changedFields, flattenSettings, type Draft } from './form-model.js';

/** The person's edits by dotted path, as typed; a path not here follows the saved settings. */
export type SettingsEdits = Readonly<Draft>;

export const NO_EDITS: SettingsEdits = Object.freeze({});

/** The form as shown: the saved settings with the edits over them (an edit for no known field is ignored). */
export function draftOver(saved: Settings, edits: SettingsEdits): { draft: Draft; numeric: string[] } {
  const { draft, numeric } = flattenSettings(saved);
  for (const [path, value] of Object.entries(edits)) if (path in draft) draft[path] = value;
  return { draft, numeric };
}

/**
 * The edits with one field as typed. It stays as typed even when it matches the saved value again ("85.0"
 * for 85); it just does not count as unsaved.
 */
export function withEdit(edits: SettingsEdits, path: string, value: string | boolean): SettingsEdits {
  return { ...edits, [path]: value };
}

/** Paths whose edit differs from the saved settings: what Save settings would change and Discard would undo. */
export function unsavedFields(saved: Settings, edits: SettingsEdits): string[] {
  const { draft, numeric } = draftOver(saved, edits);
  return changedFields(draft, numeric, saved);
}

/**
 * The edits once the saved settings have changed. An edit the saved settings now hold has been saved (the
 * form's own save, or the same value saved elsewhere), so it goes and that field follows later saves again.
 * Edits that still differ stay as typed.
 */
export function rebaseEdits(edits: SettingsEdits, saved: Settings): SettingsEdits {
  const pending = unsavedFields(saved, edits);
  if (pending.length === Object.keys(edits).length) return edits;
  return pending.length === 0 ? NO_EDITS : Object.fromEntries(pending.map((path) => [path, edits[path]!]));
}
