import { describe, expect, it } from 'vitest';
import { hostSettingsSchema, settingsSchema } from '../../../../preload/ipc-contract.js';
import {
  draftToHost,
  EMPTY_HOST,
  flattenSettings,
  hostIssuesToErrors,
  issuesToErrors,
  unflattenSettings,
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

  it('reports a bad port and a bad instance line at those host fields', () => {
    const d = { ...EMPTY_HOST, name: 'vm', host: 'h', user: 'u', port: '70000', instances: 'vijay: Vijay\nBad Id: x' };
    const r = hostSettingsSchema.safeParse(draftToHost(d));
    const errors = hostIssuesToErrors(r.success ? [] : r.error.issues);
    expect(errors['port']).toBe('Must be at most 65535');
    expect(errors['instances']).toMatch(/^Line 2: /);
  });
});
