import { useEffect, useId, useRef, useState } from 'react';
import { hostSettingsSchema, type HostSettings } from '../../../../preload/ipc-contract.js';
import { useCoreGate } from '../../components/core-gate.js';
import { ReviewHostKeyButton } from '../first-run/host-key-dialog.js';
import { reviewablePrompt } from '../first-run/host-key-review.js';
import { useActions } from '../../store/actions.js';
import { useAppStore } from '../../store/store.js';
import { CheckboxField, TextField } from './field.js';
import {
  draftToHost,
  hostIssuesToErrors,
  hostToDraft,
  EMPTY_HOST,
  type FieldErrors,
  type HostDraft,
  type InstanceRow,
} from './form-model.js';

/** The instances on the VM as rows (id and label), each with its own errors; rows added and removed here. */
function InstanceRows({
  rows,
  errors,
  onChange,
}: {
  rows: InstanceRow[];
  errors: FieldErrors;
  onChange: (rows: InstanceRow[]) => void;
}) {
  const set = (i: number, k: keyof InstanceRow) => (v: string | boolean) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, [k]: String(v) } : r)));
  return (
    <fieldset className="instance-rows">
      <legend>Instances on this VM</legend>
      <p className="field-hint">
        The id is the exporter’s name for the instance (e.g. <code>vijay</code>); the label is what Mission
        Control shows.
      </p>
      {errors.instances ? (
        <p className="field-error" role="alert">
          {errors.instances}
        </p>
      ) : null}
      {rows.map((r, i) => (
        <div className="instance-row" key={i}>
          <TextField
            name={`instances.${i}.id`}
            label={`Instance ${i + 1} id`}
            value={r.id}
            onChange={set(i, 'id')}
            error={errors[`instances.${i}.id`]}
          />
          <TextField
            name={`instances.${i}.label`}
            label={`Instance ${i + 1} label`}
            value={r.label}
            onChange={set(i, 'label')}
            error={errors[`instances.${i}.label`]}
          />
          <button
            type="button"
            className="btn btn-small"
            aria-label={`Remove instance ${i + 1}${r.id ? ` (${r.id})` : ''}`}
            disabled={rows.length === 1}
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
          >
            Remove
          </button>
        </div>
      ))}
      <button
        type="button"
        className="btn btn-small"
        onClick={() => onChange([...rows, { id: '', label: '' }])}
      >
        Add instance
      </button>
    </fieldset>
  );
}

/** Host key status from what main knows: a pending prompt, a refused mismatch, or trusted. */
function HostKeyStatus({ hostName }: { hostName: string }) {
  const prompt = useAppStore((s) => s.app?.hostKeyPrompts.find((p) => p.hostName === hostName) ?? null);
  const code = useAppStore(
    (s) => s.app?.instances.find((i) => i.hostName === hostName)?.reason?.code ?? null,
  );
  const live = useAppStore(
    (s) => s.app?.instances.some((i) => i.hostName === hostName && i.state === 'live') ?? false,
  );
  const tested = useAppStore((s) => {
    const t = s.connectionTests[hostName];
    return t?.status === 'ready' ? t.value.fingerprint : null;
  });
  let text: string;
  if (prompt?.kind === 'mismatch' || code === 'HOST_KEY_MISMATCH') text = 'Changed — connection refused';
  else if (prompt?.kind === 'unknown' && prompt.declined) text = 'Declined — not trusted';
  else if (prompt?.kind === 'unknown' || code === 'HOST_KEY_UNKNOWN')
    text = 'Not yet trusted — waiting for you';
  else if (live) text = 'Trusted (pinned)';
  else text = 'Not verified yet';
  const fp = prompt?.fingerprint ?? tested;
  return (
    <p className="host-key">
      Host key: <strong>{text}</strong>
      {fp ? (
        <>
          {' '}
          · <code>{fp}</code>
        </>
      ) : null}
      {prompt?.kind === 'unknown' ? (
        <>
          {' '}
          <ReviewHostKeyButton hostName={hostName} />
        </>
      ) : null}
    </p>
  );
}

/** A test that met an unknown key offers to review it (a saved host's key is in the app's prompts). */
function ReviewAfterTest({ hostName }: { hostName: string | null }) {
  const known = useAppStore(
    (s) => hostName !== null && reviewablePrompt(s.app?.hostKeyPrompts ?? [], hostName) !== null,
  );
  if (hostName !== null && known) return <ReviewHostKeyButton hostName={hostName} />;
  return (
    <p className="field-hint">Save this host: Mission Control then connects and offers its key for review.</p>
  );
}

function ConnectionResult({ testKey, hostName }: { testKey: string; hostName: string | null }) {
  const t = useAppStore((s) => s.connectionTests[testKey]);
  if (!t) return null;
  if (t.status === 'loading') return <p role="status">Testing connection…</p>;
  if (t.status === 'error')
    return (
      <p role="status" className="text-bad">
        Test failed: {t.error.message}
      </p>
    );
  const r = t.value;
  return (
    <>
      <p role="status" className={r.ok ? 'text-good' : 'text-bad'}>
        {r.ok ? 'Connected' : `Failed (${r.code ?? 'error'})`}: {r.message}
        {r.rttMs !== null ? ` · ${r.rttMs} ms` : ''}
        {r.instancesFound.length ? ` · found ${r.instancesFound.join(', ')}` : ''}
      </p>
      {r.code === 'HOST_KEY_UNKNOWN' ? <ReviewAfterTest hostName={hostName} /> : null}
    </>
  );
}

/**
 * Add or edit one host; validates with the contract's schema and shows errors at the fields. Saving saves
 * this host alone (the rest of Settings keeps its own Save), and a refused save stays here as an alert.
 */
export function HostEditor({
  initial,
  onSave,
  onCancel,
  focusOnOpen = false,
}: {
  initial: HostSettings | null;
  /** Moves focus to the first field when it opens ("Add your VM" from the banner lands here). */
  focusOnOpen?: boolean;
  /** Resolves with null once saved, else the reason it was not. */
  onSave: (h: HostSettings) => Promise<string | null>;
  onCancel: () => void;
}) {
  const actions = useActions();
  const gate = useCoreGate();
  const hintId = useId();
  const [d, setD] = useState<HostDraft>(initial ? hostToDraft(initial) : EMPTY_HOST);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const set = (k: keyof HostDraft) => (v: string | boolean) => setD((x) => ({ ...x, [k]: v }));
  const testKey = initial?.name ?? 'draft';
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (!focusOnOpen) return;
    const form = formRef.current;
    form?.scrollIntoView({ block: 'start' });
    form?.querySelector<HTMLInputElement>('input')?.focus();
  }, [focusOnOpen]);

  const validate = (): HostSettings | null => {
    const r = hostSettingsSchema.safeParse(draftToHost(d));
    if (!r.success) {
      setErrors(hostIssuesToErrors(r.error.issues, d));
      return null;
    }
    setErrors({});
    return r.data;
  };

  return (
    <form
      ref={formRef}
      className="card host-editor"
      aria-label={initial ? `Edit host ${initial.name}` : 'Add a host'}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (busy) return;
        const h = validate();
        if (!h) return;
        setBusy(true);
        setSaveError(null);
        void onSave(h).then((message) => {
          // On success the editor closes; only a refusal comes back here.
          if (message !== null) {
            setSaveError(message);
            setBusy(false);
          }
        });
      }}
    >
      <h3 className="card-title">{initial ? `Edit ${initial.name}` : 'Add your VM'}</h3>
      <div className="form-grid">
        <TextField
          name="name"
          label="Name"
          value={d.name}
          onChange={set('name')}
          error={errors.name}
          hint="e.g. hermes-vm"
        />
        <TextField
          name="host"
          label="Host or Tailscale address"
          value={d.host}
          onChange={set('host')}
          error={errors.host}
        />
        <TextField
          name="port"
          label="Port"
          inputMode="numeric"
          value={d.port}
          onChange={set('port')}
          error={errors.port}
        />
        <TextField name="user" label="SSH user" value={d.user} onChange={set('user')} error={errors.user} />
        <TextField
          name="identityFile"
          label="Key file (optional)"
          value={d.identityFile}
          onChange={set('identityFile')}
          error={errors.identityFile}
        />
        <TextField
          name="knownHostsFile"
          label="known_hosts file (optional)"
          value={d.knownHostsFile}
          onChange={set('knownHostsFile')}
          error={errors.knownHostsFile}
        />
        <TextField
          name="snapshotRoot"
          label="Snapshot folder on the VM"
          value={d.snapshotRoot}
          onChange={set('snapshotRoot')}
          error={errors.snapshotRoot}
        />
        <CheckboxField
          name="useAgent"
          label="Use my SSH agent"
          checked={d.useAgent}
          onChange={set('useAgent')}
        />
      </div>
      <InstanceRows
        rows={d.instances}
        errors={errors}
        onChange={(rows) => setD((x) => ({ ...x, instances: rows }))}
      />
      {initial ? <HostKeyStatus hostName={initial.name} /> : null}
      {saveError ? (
        <p className="text-bad" role="alert">
          Host not saved: {saveError}
        </p>
      ) : null}
      <div className="form-actions">
        <button
          type="submit"
          className="btn btn-primary"
          aria-disabled={busy}
          aria-describedby={hintId}
          disabled={gate.disabled}
          title={gate.title}
        >
          {busy ? 'Saving host…' : 'Save host'}
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => {
            const h = validate();
            if (h) void actions.testConnection(testKey, h);
          }}
          {...gate}
        >
          Test connection
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
      <p id={hintId} className="field-hint">
        Saves this host only. Changes elsewhere in Settings are kept for Save settings.
      </p>
      <ConnectionResult testKey={testKey} hostName={initial?.name ?? null} />
    </form>
  );
}
