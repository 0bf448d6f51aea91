import { describe, expect, it } from 'vitest';
import type { VmAlertsStatus } from '../../../../common/contract/snapshot-alerts.js';
import { settingsSchema } from '../../../../preload/ipc-contract.js';
import { flattenSettings, unflattenSettings } from '../../../../renderer/src/features/settings/form-model.js';
import {
  vmAlertsRows,
  withDeliveryChoice,
} from '../../../../renderer/src/features/settings/vm-alerts-rows.js';
import { FIXED_NOW, makeSnapshot, makeStatus } from '../../../fixtures/snapshot-factory.js';

const ago = (m: number) => new Date(FIXED_NOW.getTime() - m * 60_000).toISOString();
const working: VmAlertsStatus = {
  hermesCron: {
    job: {
      id: 'j1',
      name: 'Mission Control alerts\u202E',
      enabled: true,
      lastRunAt: ago(2),
      lastStatus: 'ok',
      deliveryFailed: false,
      deliver: ['telegram'],
    },
    lastRunAt: ago(2),
    lastMessageAt: ago(60),
    lastError: null,
  },
  direct: {
    configured: false,
    tokenPresent: null,
    lastAttemptAt: null,
    lastDeliveryAt: null,
    lastError: null,
    retryNotBefore: null,
  },
};

const vijay = makeStatus({ ...makeSnapshot('vijay'), alerts: working });
const bheem = makeStatus(makeSnapshot('bheem'));
const settings = settingsSchema.parse({});

describe('Settings → VM-side alerts rows', () => {
  it('shows per instance what works, when it last ran and told, with VM strings inert', () => {
    const [v, b] = vmAlertsRows([vijay, bheem], settings, FIXED_NOW.getTime());
    expect(v).toMatchObject({
      id: 'vijay',
      choice: 'both',
      fallback: null,
      hermesCron: {
        health: 'working',
        jobName: 'Mission Control alerts\\u202E',
        lastRunAt: ago(2),
        lastMessageAt: ago(60),
      },
      direct: { health: 'not-installed', note: 'Off: no alerts.telegram in the exporter config.' },
    });
    // An exporter that does not report VM-side alerts: unknown, never "working".
    expect(b).toMatchObject({ hermesCron: { health: 'unknown' }, direct: { health: 'unknown' } });
  });

  it('says when "Telegram only" cannot be honoured because the VM-side alerts do not work', () => {
    const chosen = withDeliveryChoice(withDeliveryChoice(settings, 'vijay', 'telegram'), 'bheem', 'telegram');
    const [v, b] = vmAlertsRows([vijay, bheem], chosen, FIXED_NOW.getTime());
    expect(v!.fallback).toBeNull();
    expect(b!.fallback).toBe('The VM-side alerts are not working, so the desktop still tells everything.');
  });

  it('stores only choices other than the default, and they survive the Settings form round trip', () => {
    const chosen = withDeliveryChoice(settings, 'vijay', 'telegram');
    expect(chosen.notifications.deliveryByInstance).toEqual({ vijay: 'telegram' });
    expect(withDeliveryChoice(chosen, 'vijay', 'both').notifications.deliveryByInstance).toBeUndefined();
    const { draft, numeric } = flattenSettings(chosen);
    const back = settingsSchema.parse(unflattenSettings(draft, numeric, chosen.hosts));
    expect(back.notifications.deliveryByInstance).toEqual({ vijay: 'telegram' });
    expect(
      settingsSchema.safeParse({ notifications: { deliveryByInstance: { vijay: 'sms' } } }).success,
    ).toBe(false);
  });
});
