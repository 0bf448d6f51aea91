/** The JSON shape of one warning (`hermes-mc status --json` and `warnings --json`). */
import type { RefusedCommand, RunbookCommand, Severity, Warning } from '../../../common/model/warning.js';

export interface WarningJson {
  id: string;
  check: string;
  severity: Severity;
  status: 'active' | 'unknown';
  title: string;
  since: string | null;
  facts: string[];
  /** Each with `changesVm` (true: restarts, starts a job, creates or deletes something on the VM). */
  commands: RunbookCommand[];
  /** Commands that apply but were refused: a VM value could not be put in a command safely. */
  refusedCommands: RefusedCommand[];
}

export function warningToJson(w: Warning): WarningJson {
  return {
    id: w.id,
    check: w.check,
    severity: w.severity,
    status: w.status,
    title: w.title,
    since: w.since,
    facts: w.facts,
    commands: w.commands,
    refusedCommands: w.refusedCommands ?? [],
  };
}
