/**
 * The link facts the core adds to an instance's status, in the words every screen uses (window, CLI):
 * a poll that waits ("checking… last answer at 14:03:27") and a VM clock that is not known.
 * Pure and runtime-neutral (ADR 0007).
 */
import type { InstanceStatus } from '../model/instance-status.js';

/** "14:03:27" on this computer's clock: the second matters while a link is being checked. */
export function clockWithSeconds(iso: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).format(Date.parse(iso));
}

/** While a poll waits for the host: "checking… last answer at 14:03:27" (or "no answer yet"). */
export function checkingNote(status: Pick<InstanceStatus, 'checkingSince' | 'lastAnswerAt'>): string | null {
  if (!status.checkingSince) return null;
  return status.lastAnswerAt
    ? `checking… last answer at ${clockWithSeconds(status.lastAnswerAt)}`
    : 'checking… no answer yet';
}

/**
 * When the ages rest on this computer's clock (the VM's was not seen), or the snapshot claims a time ahead
 * of the VM's clock: one sentence, else null. Nothing to say before there is data.
 */
export function vmClockNote(
  status: Pick<InstanceStatus, 'vmClock' | 'generatedAt' | 'generatedAheadSeconds'>,
): string | null {
  const ahead = status.generatedAheadSeconds ?? null;
  if (ahead !== null && ahead > 0)
    return `The snapshot says it was written ${Math.round(ahead)} s in the VM's future: the VM's clock or the exporter's is wrong.`;
  if (status.vmClock === 'none' && status.generatedAt)
    return "VM clock unknown: ages use this computer's clock and the file times.";
  return null;
}
