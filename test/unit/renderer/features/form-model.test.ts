import { describe, expect, it } from 'vitest';
import { hostSettingsSchema, settingsSchema, type HostSettings } from '../../../../preload/ipc-contract.js';
import { appConfigSchema } from '../../../../main/core/config/app-config.js';
import {
  changedFields,
  draftToHost,
  EMPTY_HOST,
  flattenSettings,
  hostIssuesToErrors,
  issuesToErrors,
  unflattenSettings,
  withHostRemoved,
  withHostSaved,
} from '../../../../renderer/src/features/settings/form-model.js';

describe('settings form model', () => {
  it('round-trips settings through the flat draft unchanged', () => {
    const s = settingsSchema.parse({});
    const { draft, numeric } = flattenSettings(s);
    expect(draft['thresholds.diskUsedPctWarning']).toBe('85');
    expect(draft['notifications.quietHours.start']).toBe('22:00');
    expect(settingsSchema.parse(unflattenSettings(draft, numeric, []))).toEqual(s);
  });

  it('puts each schema error on its field with a readable message', () => {
    const { draft, numeric } = flattenSettings(settingsSchema.parse({}));
    draft['pollIntervalSeconds'] = '5';
    draft['thresholds.backupMaxAgeMinutes'] = 'soon';
    draft['notifications.quietHours.end'] = '7am';
    const r = settingsSchema.safeParse(unflattenSettings(draft, numeric, []));
    expect(r.success).toBe(false);
    const errors = issuesToErrors(r.success ? [] : r.error.issues);
    expect(errors['pollIntervalSeconds']).toBe('Must be at least 10');
    expect(errors['thresholds.backupMaxAgeMinutes']).toBe('Enter a number');
    expect(errors['notifications.quietHours.end']).toBe('HH:MM');
  });

  it('reports a bad port and a bad instance id at that row of the host form', () => {
    const d = {
      ...EMPTY_HOST,
      name: 'vm',
      host: 'h',
      user: 'u',
      port: '70000',
      instances: [
        { id: 'vijay', label: 'Vijay' },
        { id: '', label: '' },
        { id: 'Bad Id', label: 'x' },
      ],
    };
    const r = hostSettingsSchema.safeParse(draftToHost(d));
    const errors = hostIssuesToErrors(r.success ? [] : r.error.issues, d);
    expect(errors['port']).toBe('Must be at most 65535');
    // The third row as drafted (the empty row between is no instance).
    expect(errors['instances.2.id']).toBeTruthy();
    expect(errors['instances.0.id']).toBeUndefined();
  });

  it('turns instance rows into the host’s instances: empty rows dropped, a missing label is the id', () => {
    const h = draftToHost({
      ...EMPTY_HOST,
      instances: [
        { id: ' vijay ', label: 'Vijay (root)' },
        { id: '', label: '' },
        { id: 'bheem', label: '' },
      ],
    }) as { instances: unknown };
    expect(h.instances).toEqual([
      { id: 'vijay', label: 'Vijay (root)' },
      { id: 'bheem', label: 'bheem' },
    ]);
  });
});

const host = (name: string, ids: string[]): HostSettings =>
  hostSettingsSchema.parse({
    name,
    host: `${name}.tail`,
    user: 'monitor',
    instances: ids.map((id) => ({ id, label: id })),
  });

describe('saving one host while other edits are pending', () => {
  /** What main last saved: two hosts and a 120 s poll. */
  const saved = settingsSchema.parse({
    pollIntervalSeconds: 120,
    hosts: [host('hermes-vm', ['vijay', 'bheem']), host('spare-vm', ['spare'])],
  });
  /** The form after the person typed a new threshold and poll interval, not saved. */
  const edited = () => {
    const { draft, numeric } = flattenSettings(saved);
    draft['thresholds.diskUsedPctWarning'] = '70';
    draft['pollIntervalSeconds'] = '5';
    return { draft, numeric };
  };

  it('counts as changed only the fields that differ from what was saved, numbers by value', () => {
    const { draft, numeric } = flattenSettings(saved);
    expect(changedFields(draft, numeric, saved)).toEqual([]);
    draft['thresholds.diskUsedPctWarning'] = '85.0';
    expect(changedFields(draft, numeric, saved)).toEqual([]);
    draft['thresholds.diskUsedPctWarning'] = '';
    draft['notifications.enabled'] = false;
    expect(changedFields(draft, numeric, saved).sort()).toEqual([
      'notifications.enabled',
      'thresholds.diskUsedPctWarning',
    ]);
  });

  it('removes exactly that host from the saved settings and leaves the other edits pending in the form', () => {
    const { draft, numeric } = edited();
    const before = structuredClone(draft);
    const payload = withHostRemoved(saved, 'spare-vm');

    expect(payload).toEqual({ ...saved, hosts: [saved.hosts[0]] });
    // None of the unsaved edits travel with it, and the payload is a config main accepts as is.
    expect(payload.pollIntervalSeconds).toBe(120);
    expect(payload.thresholds.diskUsedPctWarning).toBe(85);
    expect(appConfigSchema.safeParse(payload).success).toBe(true);
    // Once main has saved it, the same edits are still unsaved against the new saved settings.
    expect(draft).toEqual(before);
    expect(changedFields(draft, numeric, payload).sort()).toEqual([
      'pollIntervalSeconds',
      'thresholds.diskUsedPctWarning',
    ]);
    expect(saved.hosts.map((h) => h.name)).toEqual(['hermes-vm', 'spare-vm']);
  });

  it('changes nothing when the host is not saved', () => {
    expect(withHostRemoved(saved, 'gone')).toEqual(saved);
  });

  it('saves an edited host in its place, or a new one at the end, with nothing else from the form', () => {
    const { draft, numeric } = edited();
    const renamed = host('hermes-box', ['vijay', 'bheem']);
    const replaced = withHostSaved(saved, 'hermes-vm', renamed);
    expect(replaced).toEqual({ ...saved, hosts: [renamed, saved.hosts[1]] });
    expect(changedFields(draft, numeric, replaced).sort()).toEqual([
      'pollIntervalSeconds',
      'thresholds.diskUsedPctWarning',
    ]);

    const added = withHostSaved(saved, null, host('lab-vm', ['lab']));
    expect(added.hosts.map((h) => h.name)).toEqual(['hermes-vm', 'spare-vm', 'lab-vm']);
    expect({ ...added, hosts: saved.hosts }).toEqual(saved);
  });
});

describe('settings in the units people read', () => {
  it('shows the disk-free floor in MiB and saves it in bytes', () => {
    const saved = settingsSchema.parse({ thresholds: { diskFreeBytesCritical: 268435456 } });
    const { draft, numeric } = flattenSettings(saved);
    expect(draft['thresholds.diskFreeBytesCritical']).toBe('256');
    const back = unflattenSettings({ ...draft, 'thresholds.diskFreeBytesCritical': '512' }, numeric, []) as {
      thresholds: { diskFreeBytesCritical: number };
    };
    expect(back.thresholds.diskFreeBytesCritical).toBe(512 * 1024 * 1024);
    expect(changedFields(draft, numeric, saved)).toEqual([]);
  });
});
