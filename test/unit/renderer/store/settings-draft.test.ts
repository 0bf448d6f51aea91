import { describe, expect, it } from 'vitest';
import {
  hostSettingsSchema,
  settingsSchema,
  type IpcResult,
  type Settings,
  type WindowApi,
} from '../../../../preload/ipc-contract.js';
import {
  draftOver,
  rebaseEdits,
  unsavedFields,
  withEdit,
  NO_EDITS,
} from '../../../../renderer/src/features/settings/settings-draft.js';
import { withHostRemoved } from '../../../../renderer/src/features/settings/form-model.js';
import type { Bridge } from '../../../../renderer/src/lib/bridge.js';
import { createActions } from '../../../../renderer/src/store/actions.js';
import { selectUnsavedSettingsCount } from '../../../../renderer/src/store/settings-slice.js';
import { createAppStore } from '../../../../renderer/src/store/store.js';

const host = (name: string) =>
  hostSettingsSchema.parse({
    name,
    host: `${name}.tail`,
    user: 'monitor',
    instances: [{ id: name.replace('-vm', ''), label: name }],
  });
/** What main last saved: two hosts, a 120 s poll, disk warning at the default 85 %. */
const saved = settingsSchema.parse({
  pollIntervalSeconds: 120,
  hosts: [host('hermes-vm'), host('spare-vm')],
});
const WARN = 'thresholds.diskUsedPctWarning';
const POLL = 'pollIntervalSeconds';

const memoryStorage = () => {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) };
};

function loadedStore(settings: Settings = saved) {
  const store = createAppStore(memoryStorage());
  store.getState().setSettings({ status: 'ready', value: settings });
  return store;
}

describe('the settings draft (pure)', () => {
  it('shows the saved settings with only the edited fields replaced, as typed', () => {
    const edits = withEdit(withEdit(NO_EDITS, WARN, '70'), 'notifications.enabled', false);
    const { draft } = draftOver(saved, edits);
    expect(draft[WARN]).toBe('70');
    expect(draft['notifications.enabled']).toBe(false);
    expect(draft[POLL]).toBe('120');
    expect(unsavedFields(saved, edits).sort()).toEqual(['notifications.enabled', WARN]);
  });

  it('does not count an edit that matches the saved value, and ignores fields the settings do not have', () => {
    const edits = withEdit(withEdit(NO_EDITS, WARN, '85.0'), 'thresholds.gone', '1');
    expect(unsavedFields(saved, edits)).toEqual([]);
    expect(draftOver(saved, edits).draft[WARN]).toBe('85.0');
    expect('thresholds.gone' in draftOver(saved, edits).draft).toBe(false);
    // A blank or junk number is not a saved value: it stays unsaved (and the form refuses to save it).
    expect(unsavedFields(saved, withEdit(NO_EDITS, WARN, ''))).toEqual([WARN]);
  });

  it('when the saved settings change, unedited fields follow them and edited ones keep the person’s value', () => {
    const edits = withEdit(NO_EDITS, WARN, '70');
    const next = { ...saved, pollIntervalSeconds: 300, hosts: [saved.hosts[0]!] };
    const rebased = rebaseEdits(edits, next);
    expect(rebased).toBe(edits);
    const { draft } = draftOver(next, rebased);
    expect([draft[POLL], draft[WARN]]).toEqual(['300', '70']);
  });

  it('drops an edit once the saved settings hold it, so the field follows later saves again', () => {
    const edits = withEdit(withEdit(NO_EDITS, WARN, '70'), POLL, '300');
    const savedWarn = settingsSchema.parse({
      ...saved,
      thresholds: { ...saved.thresholds, diskUsedPctWarning: 70 },
    });
    expect(rebaseEdits(edits, savedWarn)).toEqual({ [POLL]: '300' });
    expect(rebaseEdits(edits, { ...savedWarn, pollIntervalSeconds: 300 })).toBe(NO_EDITS);
  });
});

describe('unsaved settings in the store', () => {
  it('outlive leaving Settings for another pane and instance, with the same count for the pane nav', () => {
    const store = loadedStore();
    const s = store.getState;
    s().setPane('settings');
    s().editSetting(WARN, '70');
    s().editSetting(POLL, '300');
    s().setPane('overview');
    s().setScope('bheem');
    s().setPane('settings');
    expect(draftOver(saved, s().settingsEdits).draft[WARN]).toBe('70');
    expect(selectUnsavedSettingsCount(s())).toBe(2);
    // Coming back, the pane loads settings again; the same saved settings leave the edits alone.
    s().setSettings({ status: 'ready', value: structuredClone(saved) });
    expect(selectUnsavedSettingsCount(s())).toBe(2);
    s().discardSettingsEdits();
    expect(selectUnsavedSettingsCount(s())).toBe(0);
    expect(draftOver(saved, s().settingsEdits).draft[WARN]).toBe('85');
  });

  it('keeps the edits through a failed load and counts nothing until settings are back', () => {
    const store = loadedStore();
    const s = store.getState;
    s().editSetting(WARN, '70');
    s().setSettings({ status: 'error', error: { code: 'BRIDGE_CLOSED', message: 'gone' } });
    expect(selectUnsavedSettingsCount(s())).toBe(0);
    s().setSettings({ status: 'ready', value: saved });
    expect(selectUnsavedSettingsCount(s())).toBe(1);
  });

  /** A bridge whose saves wait until `release` and then return what they were given, as main does. */
  function gatedBridge() {
    const releases: (() => void)[] = [];
    const api = {
      saveSettings: (next: Settings) =>
        new Promise<IpcResult<Settings>>((resolve) =>
          releases.push(() => resolve({ ok: true, value: settingsSchema.parse(next) })),
        ),
    } as unknown as WindowApi;
    const bridge: Bridge = { kind: 'web', api, status: () => 'open', onStatus: () => () => {} };
    return { bridge, release: () => releases.shift()!() };
  }

  it('a host removal saved underneath leaves the edits pending; the form’s own save clears only what it saved', async () => {
    const store = loadedStore();
    const s = store.getState;
    const { bridge, release } = gatedBridge();
    const actions = createActions(bridge, store);
    s().editSetting(WARN, '70');

    const removal = actions.saveSettings(withHostRemoved(saved, 'spare-vm'));
    release();
    await removal;
    const loaded = s().settings;
    const afterRemoval = loaded?.status === 'ready' ? loaded.value : saved;
    expect(afterRemoval.hosts.map((h) => h.name)).toEqual(['hermes-vm']);
    expect(selectUnsavedSettingsCount(s())).toBe(1);
    expect(draftOver(afterRemoval, s().settingsEdits).draft[WARN]).toBe('70');

    // Save settings with the edit; the person types a new poll interval while it is on its way.
    const formSave = actions.saveSettings(
      settingsSchema.parse({
        ...afterRemoval,
        thresholds: { ...afterRemoval.thresholds, diskUsedPctWarning: 70 },
      }),
    );
    s().editSetting(POLL, '300');
    release();
    await formSave;
    expect(s().settingsEdits).toEqual({ [POLL]: '300' });
    expect(selectUnsavedSettingsCount(s())).toBe(1);
  });
});
