import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Settings } from '../../../../preload/ipc-contract.js';
import { inertText } from '../../../../common/text/inert-text.js';
import { useActions } from '../../store/actions.js';
import { selectInstances } from '../../store/selectors.js';
import { useAppStore } from '../../store/store.js';
import { TextField } from './field.js';
import type { FieldErrors } from './form-model.js';
import { TimeWindowFields } from './time-window-fields.js';
import { capDrafts, withSpendCapsSaved, type CapDrafts } from './spend-cap-model.js';

const SCALARS: [string, string][] = [
  ['thresholds.spendBaselineMultiple', 'Warn at this multiple of the 7-day average (×)'],
  ['thresholds.spendBaselineMinUsd', '…but only from (USD a day)'],
  ['thresholds.spendOvernightCronUsdPerHour', 'Overnight: cron spend per hour that is critical (USD)'],
];

/**
 * Settings › Spend: the guard's thresholds (saved with the form) and a daily cap per instance (saved on
 * its own with "Save caps", like a host). Warnings come at 50/75/90/100 % of a cap; Hermes itself does not
 * stop at it.
 */
export function SpendCapSettings({
  settings,
  text,
  bool,
  setField,
  errors,
}: {
  settings: Settings;
  text: (path: string) => string;
  bool: (path: string) => boolean;
  setField: (path: string) => (v: string | boolean) => void;
  errors: FieldErrors;
}) {
  const actions = useActions();
  const instances = useAppStore(useShallow((s) => selectInstances(s).map((i) => `${i.id}\u0000${i.label}`)));
  const ids = instances.map((pair) => pair.split('\u0000')[0]!);
  const [drafts, setDrafts] = useState<CapDrafts | null>(null);
  const [capErrors, setCapErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState('');
  const shown = { ...capDrafts(settings, ids), ...(drafts ?? {}) };

  const saveCaps = async () => {
    const r = withSpendCapsSaved(settings, shown);
    if (!r.ok) {
      setCapErrors(r.errors);
      setNotice('');
      return;
    }
    setCapErrors({});
    const saved = await actions.saveSettings(r.settings);
    if (!saved.ok) {
      setNotice(`Caps not saved: ${saved.error.message}`);
      return;
    }
    setDrafts(null);
    setNotice('Daily caps saved.');
  };

  return (
    <>
      <h2 className="card-title" id="spend-settings-h">
        Spend
      </h2>
      <p className="muted small">
        Today is the VM’s UTC day, as Hermes’s dashboard counts it. Totals that include usage Hermes has no
        price for are lower bounds.
      </p>
      <div className="form-grid">
        {SCALARS.map(([path, label]) => (
          <TextField
            key={path}
            name={path}
            label={label}
            inputMode="decimal"
            value={text(path)}
            onChange={setField(path)}
            error={errors[path]}
          />
        ))}
        <TimeWindowFields
          path="thresholds.spendOvernight"
          label="Overnight window for cron burns"
          fromLabel="Overnight from"
          untilLabel="Overnight until"
          {...{ text, bool, setField, errors }}
        />
      </div>
      <fieldset className="spend-caps" aria-describedby="spend-caps-hint">
        <legend>Daily cap per instance (USD)</legend>
        <p id="spend-caps-hint" className="muted small">
          Warnings at 50, 75, 90 and 100 % of the cap. Blank = no cap.
        </p>
        <div className="form-grid">
          {instances.map((pair) => {
            const [id, label] = pair.split('\u0000') as [string, string];
            return (
              <TextField
                key={id}
                name={`spendCap.${id}`}
                label={`Daily cap for ${inertText(label)}`}
                inputMode="decimal"
                value={shown[id] ?? ''}
                onChange={(v) => setDrafts({ ...(drafts ?? {}), [id]: String(v) })}
                error={capErrors[id]}
              />
            );
          })}
        </div>
        <button type="button" className="btn" onClick={() => void saveCaps()}>
          Save caps
        </button>{' '}
        <span role="status" className="muted">
          {notice}
        </span>
      </fieldset>
    </>
  );
}
