import { useEffect, useMemo, useRef, useState } from 'react';
import { settingsSchema, type HostSettings, type Settings } from '../../../../preload/ipc-contract.js';
import { EmptyState } from '../../components/empty-state.js';
import { Skeleton } from '../../components/skeleton.js';
import { useActions } from '../../store/actions.js';
import { useAppStore } from '../../store/store.js';
import { CheckboxField, TextField } from './field.js';
import {
  issuesToErrors,
  unflattenSettings,
  withHostRemoved,
  withHostSaved,
  type FieldErrors,
} from './form-model.js';
import { HostEditor } from './host-editor.js';
import { planHostRemoval } from './host-removal.js';
import { MuteControls } from './mute-controls.js';
import { RemoveHostDialog } from './remove-host-dialog.js';
import { draftOver, unsavedFields } from './settings-draft.js';
import { TimeWindowFields } from './time-window-fields.js';
import { SpendCapSettings } from './SpendCapSettings.js';
import { useCoreGate } from '../../components/core-gate.js';
import { VmAlertsSettings } from './VmAlertsSettings.js';

const THRESHOLD_LABELS: Record<string, string> = {
  diskUsedPctWarning: 'Disk used: warning at (%)',
  diskUsedPctCritical: 'Disk used: critical at (%)',
  diskFreeBytesCritical: 'Disk free: critical below (MiB)',
  memAvailablePctWarning: 'Memory available: warning below (%)',
  memAvailablePctCritical: 'Memory available: critical below (%)',
  heartbeatStaleSeconds: 'Gateway heartbeat stale after (s)',
  tickerStaleSeconds: 'Cron ticker stale after (s)',
  backupMaxAgeMinutes: 'Backup older than (min)',
  restartsPerHourWarning: 'Gateway restarts per hour: warning at',
  restoreDrillMaxAgeDays: 'Restore drill older than (days)',
  staleAfterIntervals: 'Data is old after this many missed exporter runs',
  clockSkewWarnSeconds: 'Warn when the VM clock is off by (s)',
  cronFailureStreakWarning: 'Cron job failed this many runs in a row: warning',
};

/** The general form's own outcome, apart from host saves (which report in the Hosts card). */
type FormSave = { status: 'idle' | 'saving' | 'saved' } | { status: 'error'; message: string };

/** Which host the editor is open for: `null` for a new one. */
type Editing = { host: string | null } | null;

function SettingsForm({ settings }: { settings: Settings }) {
  const actions = useActions();
  const gate = useCoreGate();
  const addHostRequested = useAppStore((s) => s.addHostRequested);
  const requestAddHost = useAppStore((s) => s.requestAddHost);
  // The draft is the store's pending edits over the saved settings, so it survives leaving the pane.
  const edits = useAppStore((s) => s.settingsEdits);
  const editSetting = useAppStore((s) => s.editSetting);
  const discardSettingsEdits = useAppStore((s) => s.discardSettingsEdits);
  const { draft, numeric } = useMemo(() => draftOver(settings, edits), [settings, edits]);
  const [editing, setEditing] = useState<Editing>(addHostRequested ? { host: null } : null);
  // "Add your VM" (the demo banner) and "Add host" take focus into the new host's form.
  const [focusEditor, setFocusEditor] = useState(addHostRequested);
  const desktop = actions.runtime === 'electron';
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formSave, setFormSave] = useState<FormSave>({ status: 'idle' });
  const [removing, setRemoving] = useState<string | null>(null);
  const [hostsNotice, setHostsNotice] = useState('');
  const addHostButton = useRef<HTMLButtonElement>(null);
  const hostsHeading = useRef<HTMLHeadingElement>(null);
  const focusAfterRemoval = useRef(false);
  // Hosts are always shown as saved: a host is saved (or removed) on its own, the moment the person asks.
  const hosts = settings.hosts;
  const removal = removing === null ? null : planHostRemoval(hosts, removing);
  const editingHost = editing?.host == null ? null : (hosts.find((h) => h.name === editing.host) ?? null);
  // An editor for a host that is no longer saved has nothing left to edit.
  const editorOpen = editing !== null && (editing.host === null || editingHost !== null);
  const unsaved = useMemo(() => unsavedFields(settings, edits), [settings, edits]);
  const pendingNote = unsaved.length > 0 ? ' Your other changes below are still unsaved.' : '';

  useEffect(() => {
    // After a removal the Remove button that had focus is gone: continue from "Add host" (or, while a host
    // editor is open in its place, the Hosts heading) instead of the page top.
    if (focusAfterRemoval.current && removing === null) {
      focusAfterRemoval.current = false;
      (addHostButton.current ?? hostsHeading.current)?.focus();
    }
  });

  useEffect(() => {
    if (addHostRequested) {
      // Asked again while Settings is open (the banner stays up): open the form and focus it.
      setEditing({ host: null });
      setFocusEditor(true);
      requestAddHost(false);
    }
  }, [addHostRequested, requestAddHost]);

  const setField = (path: string) => (v: string | boolean) => editSetting(path, v);
  const text = (path: string) => String(draft[path] ?? '');
  const bool = (path: string) => draft[path] === true;

  /** Validates and saves the whole form (with the saved hosts). */
  const saveForm = async (): Promise<void> => {
    const r = settingsSchema.safeParse(unflattenSettings(draft, numeric, hosts));
    if (!r.success) {
      setErrors(issuesToErrors(r.error.issues));
      setFormSave({ status: 'idle' });
      return;
    }
    setErrors({});
    setFormSave({ status: 'saving' });
    const saved = await actions.saveSettings(r.data);
    if (!saved.ok) {
      setFormSave({ status: 'error', message: saved.error.message });
      return;
    }
    // The store has dropped the edits that were saved; anything typed since stays pending.
    setFormSave({ status: 'saved' });
  };

  const discardChanges = () => {
    discardSettingsEdits();
    setErrors({});
    setFormSave({ status: 'idle' });
  };

  /** Removes the host from the saved settings only; resolves with null when saved, else why not. */
  const confirmRemoval = async (): Promise<string | null> => {
    if (!removal) return null;
    const saved = await actions.saveSettings(withHostRemoved(settings, removal.host.name));
    if (!saved.ok) return saved.error.message;
    if (editing?.host === removal.host.name) setEditing(null);
    setHostsNotice(
      `Removed ${removal.host.name}.${removal.leavesNoHosts ? ' No host is left, so the demo fleet is showing until you add one.' : ''}${pendingNote}`,
    );
    focusAfterRemoval.current = true;
    setRemoving(null);
    return null;
  };

  /** Saves this host alone; resolves with null when saved, else why not (shown in the editor). */
  const saveHost = async (original: string | null, h: HostSettings): Promise<string | null> => {
    const saved = await actions.saveSettings(withHostSaved(settings, original, h));
    if (!saved.ok) return saved.error.message;
    setEditing(null);
    setHostsNotice(`Saved host ${h.name}.${pendingNote}`);
    return null;
  };

  const formStatus =
    formSave.status === 'saving'
      ? 'Saving…'
      : formSave.status === 'error'
        ? `Not saved: ${formSave.message}`
        : Object.keys(errors).length
          ? 'Fix the highlighted fields'
          : unsaved.length > 0
            ? `Unsaved changes (${unsaved.length === 1 ? '1 field' : `${unsaved.length} fields`})`
            : formSave.status === 'saved'
              ? 'Saved'
              : '';

  return (
    <div className="pane-body settings">
      <section className="card" aria-labelledby="hosts-h">
        <h2 id="hosts-h" className="card-title" ref={hostsHeading} tabIndex={-1}>
          Hosts
        </h2>
        {hosts.length === 0 ? (
          <EmptyState title="No hosts yet">
            Mission Control is showing the made-up demo fleet. Add your VM to leave it.
          </EmptyState>
        ) : null}
        <ul className="host-list">
          {hosts.map((h) => (
            <li key={h.name}>
              <strong>{h.name}</strong> <span className="muted">{`${h.user}@${h.host}:${h.port}`}</span> ·{' '}
              {h.instances.map((x) => x.label).join(', ')}{' '}
              <button
                type="button"
                className="btn btn-small"
                onClick={() => setEditing({ host: h.name })}
                aria-label={`Edit host ${h.name}`}
              >
                Edit
              </button>
              <button
                type="button"
                className="btn btn-small btn-danger"
                onClick={() => setRemoving(h.name)}
                aria-label={`Remove host ${h.name}`}
                aria-haspopup="dialog"
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
        <p role="status" className="muted hosts-notice">
          {hostsNotice}
        </p>
        {removal ? (
          <RemoveHostDialog
            key={removal.host.name}
            plan={removal}
            otherChangesPending={unsaved.length > 0}
            onConfirm={confirmRemoval}
            onCancel={() => setRemoving(null)}
          />
        ) : null}
        {!editorOpen ? (
          <button
            ref={addHostButton}
            type="button"
            className="btn"
            onClick={() => {
              setFocusEditor(true);
              setEditing({ host: null });
            }}
          >
            Add host
          </button>
        ) : (
          <HostEditor
            key={editing?.host ?? '(new)'}
            initial={editingHost}
            focusOnOpen={focusEditor && editing?.host === null}
            onSave={(h) => saveHost(editingHost?.name ?? null, h)}
            onCancel={() => setEditing(null)}
          />
        )}
      </section>

      <VmAlertsSettings settings={settings} />

      <form
        className="card"
        aria-labelledby="general-h"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void saveForm();
        }}
      >
        <h2 id="general-h" className="card-title">
          Polling and app
        </h2>
        <div className="form-grid">
          <TextField
            name="pollIntervalSeconds"
            label="Poll interval (seconds)"
            inputMode="numeric"
            value={text('pollIntervalSeconds')}
            onChange={setField('pollIntervalSeconds')}
            error={errors.pollIntervalSeconds}
          />
          {desktop ? (
            <>
              <CheckboxField
                name="launchAtLogin"
                label="Launch at login"
                checked={bool('launchAtLogin')}
                onChange={setField('launchAtLogin')}
              />
              <CheckboxField
                name="startHidden"
                label="Start hidden in the tray"
                checked={bool('startHidden')}
                onChange={setField('startHidden')}
              />
            </>
          ) : null}
        </div>

        <h2 className="card-title">Notifications</h2>
        <MuteControls />
        <div className="form-grid">
          <CheckboxField
            name="notifications.enabled"
            label="Show notifications"
            checked={bool('notifications.enabled')}
            onChange={setField('notifications.enabled')}
          />
          <CheckboxField
            name="notifications.criticalBreaksThrough"
            label="Criticals break through mute and quiet hours"
            checked={bool('notifications.criticalBreaksThrough')}
            onChange={setField('notifications.criticalBreaksThrough')}
          />
          <TimeWindowFields
            path="notifications.quietHours"
            label="Quiet hours"
            fromLabel="Quiet from"
            untilLabel="Quiet until"
            {...{ text, bool, setField, errors }}
          />
          <TextField
            name="notifications.holdPolls"
            label="Notify about a warning once it has lasted (checks in a row)"
            hint="Criticals are told at once; a check runs every poll interval"
            inputMode="numeric"
            value={text('notifications.holdPolls')}
            onChange={setField('notifications.holdPolls')}
            error={errors['notifications.holdPolls']}
          />
          <TextField
            name="notifications.reminderMinutes"
            label="Remind about criticals every (min)"
            inputMode="numeric"
            value={text('notifications.reminderMinutes')}
            onChange={setField('notifications.reminderMinutes')}
            error={errors['notifications.reminderMinutes']}
          />
          <TextField
            name="notifications.maxPerHour"
            label="At most this many notifications per hour"
            inputMode="numeric"
            value={text('notifications.maxPerHour')}
            onChange={setField('notifications.maxPerHour')}
            error={errors['notifications.maxPerHour']}
          />
        </div>

        <h2 className="card-title">When to warn</h2>
        <div className="form-grid">
          {Object.entries(THRESHOLD_LABELS).map(([k, label]) => (
            <TextField
              key={k}
              name={`thresholds.${k}`}
              label={label}
              inputMode="decimal"
              value={text(`thresholds.${k}`)}
              onChange={setField(`thresholds.${k}`)}
              error={errors[`thresholds.${k}`]}
            />
          ))}
        </div>
        <SpendCapSettings settings={settings} text={text} bool={bool} setField={setField} errors={errors} />
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" {...gate}>
            Save settings
          </button>
          {unsaved.length > 0 ? (
            <button type="button" className="btn" onClick={discardChanges}>
              Discard changes
            </button>
          ) : null}
          <span role="status" className={formSave.status === 'error' ? 'text-bad' : 'muted'}>
            {formStatus}
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
  if (settings.status === 'error')
    return <p className="text-bad">Settings unavailable: {settings.error.message}</p>;
  return <SettingsForm settings={settings.value} />;
}
