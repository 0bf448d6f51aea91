import { describe, expect, it } from 'vitest';
import type { VmAlertsStatus } from '../../../common/contract/snapshot-alerts.js';
import { vmAlertsHealth } from '../../../common/model/vm-alerts-health.js';
import type { NotificationToShow } from '../../../common/notify/notification-policy.js';
import { vmTells, withoutWhatTheVmTells } from '../../../main/notify/vm-delivery-filter.js';
import { FIXED_NOW, makeSnapshot, makeStatus } from '../../fixtures/snapshot-factory.js';

const minutesAgo = (m: number) => new Date(FIXED_NOW.getTime() - m * 60_000).toISOString();

/** VM-side alerts as the exporter reports them: path 1 ran 3 min ago, path 2 configured with a token. */
function alerts(
  over: {
    hermesCron?: Partial<VmAlertsStatus['hermesCron']>;
    direct?: Partial<VmAlertsStatus['direct']>;
  } = {},
): VmAlertsStatus {
  return {
    hermesCron: {
      job: {
        id: 'abc123',
        name: 'Mission Control alerts',
        enabled: true,
        lastRunAt: minutesAgo(3),
        lastStatus: 'ok',
        deliveryFailed: false,
        deliver: ['telegram'],
      },
      lastRunAt: minutesAgo(3),
      lastMessageAt: null,
      lastError: null,
      ...over.hermesCron,
    },
    direct: {
      configured: true,
      tokenPresent: true,
      lastAttemptAt: null,
      lastDeliveryAt: null,
      lastError: null,
      retryNotBefore: null,
      ...over.direct,
    },
  };
}

function instance(id: 'vijay' | 'bheem', vmAlerts: VmAlertsStatus | undefined) {
  const snapshot = makeSnapshot(id);
  return makeStatus(vmAlerts ? { ...snapshot, alerts: vmAlerts } : snapshot);
}

function note(warningId: string, kind: NotificationToShow['kind'] = 'new'): NotificationToShow {
  return {
    kind,
    warningId,
    instanceId: warningId.split(':')[0]!,
    severity: 'warning',
    title: warningId,
    body: '',
    warningIds: [warningId],
  };
}

const backupFailing = 'vijay:cron.backup-job-failing';
const gatewayDown = 'vijay:gateway.down';
const unreachable = 'vijay:data.unreachable';

describe('the desktop stays quiet about what the VM tells, when the operator chose Telegram only', () => {
  it('drops what a working VM tells, keeps what only the laptop can see', () => {
    const fleet = [instance('vijay', alerts())];
    const shown = withoutWhatTheVmTells(
      [note(backupFailing), note(gatewayDown), note(unreachable), note(`${backupFailing}`, 'recovered')],
      { vijay: 'telegram' },
      fleet,
      FIXED_NOW,
    );
    expect(shown.map((n) => n.warningId)).toEqual([unreachable]);
  });

  it('tells everything for "both", "desktop" and instances without a choice', () => {
    const fleet = [instance('vijay', alerts()), instance('bheem', alerts())];
    const all = [note(backupFailing), note('bheem:cron.backup-job-failing')];
    for (const choice of ['both', 'desktop'] as const)
      expect(withoutWhatTheVmTells(all, { vijay: choice }, fleet, FIXED_NOW)).toEqual(all);
    expect(withoutWhatTheVmTells(all, undefined, fleet, FIXED_NOW)).toEqual(all);
    expect(
      withoutWhatTheVmTells(all, { vijay: 'telegram' }, fleet, FIXED_NOW).map((n) => n.warningId),
    ).toEqual(['bheem:cron.backup-job-failing']);
  });

  it('still notifies while the VM-side alerts are not working, whatever was chosen', () => {
    const broken: VmAlertsStatus[] = [
      alerts({ hermesCron: { job: null, lastRunAt: null } }), // not installed
      alerts({ hermesCron: { lastRunAt: minutesAgo(90) } }), // silent for 90 min (gateway hung?)
      alerts({ hermesCron: { lastError: 'alerts state is locked by another run' } }),
      alerts({ hermesCron: { job: { ...alerts().hermesCron.job!, deliveryFailed: true } } }),
      alerts({ hermesCron: { job: { ...alerts().hermesCron.job!, enabled: false } } }),
    ];
    for (const vm of broken) {
      const fleet = [instance('vijay', vm)];
      expect(
        withoutWhatTheVmTells([note(backupFailing)], { vijay: 'telegram' }, fleet, FIXED_NOW),
        JSON.stringify(vm),
      ).toHaveLength(1);
    }
    // An exporter too old to report VM-side alerts: unknown, so the desktop tells.
    expect(
      withoutWhatTheVmTells(
        [note(backupFailing)],
        { vijay: 'telegram' },
        [instance('vijay', undefined)],
        FIXED_NOW,
      ),
    ).toHaveLength(1);
  });

  it('leaves gateway and ticker failures to the desktop unless path 2 works', () => {
    const at = FIXED_NOW.getTime();
    expect(vmTells(gatewayDown, instance('vijay', alerts()), at)).toBe(true);
    expect(
      vmTells(
        gatewayDown,
        instance('vijay', alerts({ direct: { configured: false, tokenPresent: null } })),
        at,
      ),
    ).toBe(false);
    expect(
      vmTells(
        gatewayDown,
        instance('vijay', alerts({ direct: { lastError: 'Bot API answered 401: Unauthorized' } })),
        at,
      ),
    ).toBe(false);
    expect(vmTells(gatewayDown, instance('vijay', alerts({ direct: { tokenPresent: false } })), at)).toBe(
      false,
    );
    // Path 1 working does not cover them: Hermes's cron stops with the gateway.
    expect(
      vmTells('vijay:cron.ticker-stalled', instance('vijay', alerts({ direct: { configured: false } })), at),
    ).toBe(false);
  });

  it('drops a summary only when the VM tells every warning in it', () => {
    const fleet = [instance('vijay', alerts())];
    const summary = (ids: string[]): NotificationToShow => ({
      kind: 'summary',
      warningId: null,
      instanceId: null,
      severity: 'warning',
      title: 'Hermes: 2 warnings',
      body: '',
      warningIds: ids,
    });
    expect(
      withoutWhatTheVmTells([summary([backupFailing, gatewayDown])], { vijay: 'telegram' }, fleet, FIXED_NOW),
    ).toEqual([]);
    expect(
      withoutWhatTheVmTells([summary([backupFailing, unreachable])], { vijay: 'telegram' }, fleet, FIXED_NOW),
    ).toHaveLength(1);
  });
});

describe('vmAlertsHealth: installed and working, from the snapshot', () => {
  const at = FIXED_NOW.getTime();
  it('says working for both paths with evidence', () => {
    expect(vmAlertsHealth(alerts(), at)).toMatchObject({ hermesCron: 'working', direct: 'working' });
  });
  it('says not installed, failing or unknown with a sentence a person can act on', () => {
    expect(vmAlertsHealth(undefined, at)).toMatchObject({ hermesCron: 'unknown', direct: 'unknown' });
    expect(
      vmAlertsHealth(
        alerts({ hermesCron: { job: null, lastRunAt: null }, direct: { configured: false } }),
        at,
      ),
    ).toMatchObject({
      hermesCron: 'not-installed',
      direct: 'not-installed',
      directNote: 'Off: no alerts.telegram in the exporter config.',
    });
    expect(
      vmAlertsHealth(
        alerts({ direct: { tokenPresent: false, lastError: 'path 2 is off: no bot token' } }),
        at,
      ),
    ).toMatchObject({
      direct: 'failing',
      directNote: 'path 2 is off: no bot token',
    });
    expect(vmAlertsHealth(alerts({ hermesCron: { lastRunAt: minutesAgo(31) } }), at).hermesCron).toBe(
      'failing',
    );
    expect(vmAlertsHealth(alerts({ direct: { tokenPresent: null } }), at).direct).toBe('unknown');
  });
});
