import { useEffect, useRef, useState } from 'react';
import { settingsSchema, type HostSettings, type Settings } from '../../../../preload/ipc-contract.js';
import { EmptyState } from '../../components/empty-state.js';
import { Skeleton } from '../../components/skeleton.js';
import { useActions } from '../../store/actions.js';
import { useAppStore } from '../../store/store.js';
import { CheckboxField, TextField } from './field.js';
import { flattenSettings, issuesToErrors, unflattenSettings, type Draft, type FieldErrors } from './form-model.js';
import { HostEditor } from './host-editor.js';
import { planHostRemoval } from './host-removal.js';
import { MuteControls } from './mute-controls.js';
import { RemoveHostDialog } from './remove-host-dialog.js';

const THRESHOLD_LABELS: Record<string, string> = {
  diskUsedPctWarning: 'Disk used: warning at (%)',
  diskUsedPctCritical: 'Disk used: critical at (%)',
  diskFreeBytesCritical: 'Disk free: critical below (bytes)',
  memAvailablePctWarning: 'Memory available: warning below (%)',
  memAvailablePctCritical: 'Memory available: critical below (%)',
  heartbeatStaleSeconds: 'Gateway heartbeat stale after (s)',
  tickerStaleSeconds: 'Cron ticker stale after (s)',
  backupMaxAgeMinutes: 'Backup older than (min)',
  restartsPerHourWarning: 'Gateway restarts per hour: warning at',
  restoreDrillMaxAgeDays: 'Restore drill older than (days)',
  staleAfterIntervals: 'Stale after (exporter intervals)',
  clockSkewWarnSeconds: 'Clock skew warning (s)',
};

function SettingsForm({ settings }: { settings: Settings }) {
  const actions = useActions();
  const saveState = useAppStore((s) => s.saveState);
  const addHostRequested = useAppStore((s) => s.addHostRequested);
  const requestAddHost = useAppStore((s) => s.requestAddHost);
  const [{ draft, numeric }, setModel] = useState(() => flattenSettings(settings));
  const [hosts, setHosts] = useState<HostSettings[]>(settings.hosts);
  const [editing, setEditing] = useState<number | 'new' | null>(addHostRequested ? 'new' : null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [removing, setRemoving] = useState<string | null>(null);
  const [hostsNotice, setHostsNotice] = useState('');
  const addHostButton = useRef<HTMLButtonElement>(null);
  const focusAddHost = useRef(false);
  const removal = removing === null ? null : planHostRemoval(hosts, removing);

  useEffect(() => {
    // After a removal the Remove button that had focus is gone: continue from "Add host" instead of the page top.
    if (focusAddHost.current && removing === null) {
      focusAddHost.current = false;
      addHostButton.current?.focus();
    }
  });

  useEffect(() => {
    if (addHostRequested) requestAddHost(false);
  }, [addHostRequested, requestAddHost]);

  const setField = (path: string) => (v: string | boolean) => setModel((m) => ({ ...m, draft: { ...m.draft, [path]: v } as Draft }));
  const text = (path: string) => String(draft[path] ?? '');
  const bool = (path: string) => draft[path] === true;

  /** Validates and saves; resolves with null when saved, else a message saying why not. */
  const save = async (nextHosts = hosts): Promise<string | null> => {
    const r = settingsSchema.safeParse(unflattenSettings(draft, numeric, nextHosts));
    if (!r.success) {
      setErrors(issuesToErrors(r.error.issues));
      return 'fix the highlighted fields in the settings below first.';
    }
    setErrors({});
    const saved = await actions.saveSettings(r.data);
    if (!saved.ok) return saved.error.message;
    setModel(flattenSettings(saved.value));
    setHosts(saved.value.hosts);
    return null;
  };

  /** Saves the hosts without the one being removed; the list changes only once main has saved it. */
  const confirmRemoval = async (): Promise<string | null> => {
    if (!removal) return null;
    const failure = await save(removal.remaining);
    if (failure !== null) return failure;
    setEditing(null);
    setHostsNotice(
      `Removed ${removal.host.name}.${removal.leavesNoHosts ? ' No host is left, so the demo fleet is showing until you add one.' : ''}`,
    );
    focusAddHost.current = true;
    setRemoving(null);
    return null;
  };

  const saveHost = (h: HostSettings) => {
    const next = editing === 'new' || editing === null ? [...hosts, h] : hosts.map((x, i) => (i === editing ? h : x));
    setHosts(next);
    setEditing(null);
    setHostsNotice('');
    void save(next);
  };

  return (
    <div className="pane-body settings">
      <section className="card" aria-labelledby="hosts-h">
        <h2 id="hosts-h" className="card-title">
          Hosts
        </h2>
        {hosts.length === 0 ? (
          <EmptyState title="No hosts yet">Mission Control is showing the made-up demo fleet. Add your VM to leave it.</EmptyState>
        ) : null}
        <ul className="host-list">
          {hosts.map((h, i) => (
            <li key={h.name}>
              <strong>{h.name}</strong> <span className="muted">{`${h.user}@${h.host}:${h.port}`}</span> · {h.instances.map((x) => x.label).join(', ')}{' '}
              <button type="button" className="btn btn-small" onClick={() => setEditing(i)} aria-label={`Edit host ${h.name}`}>
                Edit
              </button>
              <button type="button" className="btn btn-small btn-danger" onClick={() => setRemoving(h.name)} aria-label={`Remove host ${h.name}`} aria-haspopup="dialog">
                Remove
              </button>
              {errors[`hosts.${i}`] ? <span className="field-error">{errors[`hosts.${i}`]}</span> : null}
            </li>
          ))}
        </ul>
        <p role="status" className="muted hosts-notice">
          {hostsNotice}
        </p>
        {removal ? <RemoveHostDialog key={removal.host.name} plan={removal} onConfirm={confirmRemoval} onCancel={() => setRemoving(null)} /> : null}
        {editing === null ? (
          <button ref={addHostButton} type="button" className="btn" onClick={() => setEditing('new')}>
            Add host
          </button>
        ) : (
          <HostEditor key={String(editing)} initial={editing === 'new' ? null : (hosts[editing] ?? null)} onSave={saveHost} onCancel={() => setEditing(null)} />
        )}
      </section>

      <form
        className="card"
        aria-labelledby="general-h"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <h2 id="general-h" className="card-title">
          Polling and app
        </h2>
        <div className="form-grid">
          <TextField name="pollIntervalSeconds" label="Poll interval (seconds)" inputMode="numeric" value={text('pollIntervalSeconds')} onChange={setField('pollIntervalSeconds')} error={errors.pollIntervalSeconds} />
          <CheckboxField name="launchAtLogin" label="Launch at login" checked={bool('launchAtLogin')} onChange={setField('launchAtLogin')} />
          <CheckboxField name="startHidden" label="Start hidden in the tray" checked={bool('startHidden')} onChange={setField('startHidden')} />
        </div>

        <h2 className="card-title">Notifications</h2>
        <MuteControls />
        <div className="form-grid">
          <CheckboxField name="notifications.enabled" label="Show notifications" checked={bool('notifications.enabled')} onChange={setField('notifications.enabled')} />
          <CheckboxField name="notifications.criticalBreaksThrough" label="Criticals break through mute and quiet hours" checked={bool('notifications.criticalBreaksThrough')} onChange={setField('notifications.criticalBreaksThrough')} />
          <CheckboxField name="notifications.quietHours.enabled" label="Quiet hours" checked={bool('notifications.quietHours.enabled')} onChange={setField('notifications.quietHours.enabled')} />
          <TextField name="notifications.quietHours.start" label="Quiet from (HH:MM)" value={text('notifications.quietHours.start')} onChange={setField('notifications.quietHours.start')} error={errors['notifications.quietHours.start']} />
          <TextField name="notifications.quietHours.end" label="Quiet until (HH:MM)" value={text('notifications.quietHours.end')} onChange={setField('notifications.quietHours.end')} error={errors['notifications.quietHours.end']} />
          <TextField name="notifications.holdPolls" label="Hold non-critical warnings for (polls)" inputMode="numeric" value={text('notifications.holdPolls')} onChange={setField('notifications.holdPolls')} error={errors['notifications.holdPolls']} />
          <TextField name="notifications.reminderMinutes" label="Remind about criticals every (min)" inputMode="numeric" value={text('notifications.reminderMinutes')} onChange={setField('notifications.reminderMinutes')} error={errors['notifications.reminderMinutes']} />
          <TextField name="notifications.maxPerHour" label="At most per hour" inputMode="numeric" value={text('notifications.maxPerHour')} onChange={setField('notifications.maxPerHour')} error={errors['notifications.maxPerHour']} />
        </div>

        <h2 className="card-title">Thresholds</h2>
        <div className="form-grid">
          {Object.entries(THRESHOLD_LABELS).map(([k, label]) => (
            <TextField key={k} name={`thresholds.${k}`} label={label} inputMode="decimal" value={text(`thresholds.${k}`)} onChange={setField(`thresholds.${k}`)} error={errors[`thresholds.${k}`]} />
          ))}
        </div>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary">
            Save settings
          </button>
          <span role="status" className={saveState.status === 'error' ? 'text-bad' : 'muted'}>
            {saveState.status === 'saving' ? 'Saving…' : saveState.status === 'saved' ? 'Saved' : saveState.status === 'error' ? `Not saved: ${saveState.error.message}` : Object.keys(errors).length ? 'Fix the highlighted fields' : ''}
          </span>
        </div>
      </form>
    </div>
  );
}

export function SettingsPane() {
  const actions = useActions();
  const settings = useAppStore((s) => s.settings);
  useEffect(() => {
    void actions.loadSettings();
  }, [actions]);
  if (!settings || settings.status === 'loading') return <Skeleton lines={8} label="Loading settings" />;
  if (settings.status === 'error') return <p className="text-bad">Settings unavailable: {settings.error.message}</p>;
  return <SettingsForm settings={settings.value} />;
}
