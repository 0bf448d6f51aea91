import { CheckboxField, TextField } from './field.js';
import type { FieldErrors } from './form-model.js';

/**
 * A daily time window as the form edits it: a switch and its "from"/"until" HH:MM fields, under one settings
 * path with `enabled`, `start` and `end` (quiet hours, the spend guard's overnight window).
 */
export function TimeWindowFields({
  path,
  label,
  fromLabel,
  untilLabel,
  text,
  bool,
  setField,
  errors,
}: {
  path: string;
  label: string;
  fromLabel: string;
  untilLabel: string;
  text: (path: string) => string;
  bool: (path: string) => boolean;
  setField: (path: string) => (v: string | boolean) => void;
  errors: FieldErrors;
}) {
  return (
    <>
      <CheckboxField
        name={`${path}.enabled`}
        label={label}
        checked={bool(`${path}.enabled`)}
        onChange={setField(`${path}.enabled`)}
      />
      {(['start', 'end'] as const).map((edge) => (
        <TextField
          key={edge}
          name={`${path}.${edge}`}
          label={`${edge === 'start' ? fromLabel : untilLabel} (HH:MM)`}
          value={text(`${path}.${edge}`)}
          onChange={setField(`${path}.${edge}`)}
          error={errors[`${path}.${edge}`]}
        />
      ))}
    </>
  );
}
