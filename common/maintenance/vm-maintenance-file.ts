/**
 * The VM side of timed maintenance: a small state file, `maintenance.json`, next to the instance's
 * snapshot (`/var/lib/hermes-exporter/<id>/maintenance.json`), written by
 * `hermes-exporter maintenance --instance <id> --for 30m` run by the operator on the VM as the instance's
 * user. The VM's own alerts (`hermes-exporter alerts`, Telegram) read it and hold their messages while it
 * runs. The app shows that command and never runs it (it never changes the VM).
 *
 * Pure (parse, serialise, is-it-running, the command text), runtime-neutral; the exporter does the I/O.
 * An unreadable or invalid file is "no maintenance": a broken file must never silence alerts.
 */
import { z } from 'zod';
import { isSafeUserName, shellQuote } from '../runbook/shell-quote.js';
import { MAINTENANCE_MAX_MINUTES } from '../model/maintenance.js';

export const VM_MAINTENANCE_FILE = 'maintenance.json';
/** Where the operator installed the bundle (docs/operations.md §1). */
export const EXPORTER_BUNDLE = '/usr/local/lib/hermes-exporter/hermes-exporter.mjs';

export const vmMaintenanceSchema = z.object({
  version: z.literal(1),
  instanceId: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/),
  startedAt: z.string(),
  until: z.string(),
  /** Who wrote it: `hermes-exporter maintenance`. */
  by: z.string().max(100),
});
export type VmMaintenance = z.infer<typeof vmMaintenanceSchema>;

export function serializeVmMaintenance(instanceId: string, minutes: number, now: Date): string {
  const m = Math.max(1, Math.min(MAINTENANCE_MAX_MINUTES, Math.round(minutes)));
  const file: VmMaintenance = {
    version: 1,
    instanceId,
    startedAt: now.toISOString(),
    until: new Date(now.getTime() + m * 60_000).toISOString(),
    by: 'hermes-exporter maintenance',
  };
  return `${JSON.stringify(file)}\n`;
}

/** The file's window, or null when there is none, it is not valid, or it is for another instance. */
export function parseVmMaintenance(text: string | null, instanceId: string): VmMaintenance | null {
  if (!text) return null;
  try {
    const parsed = vmMaintenanceSchema.safeParse(JSON.parse(text));
    if (!parsed.success || parsed.data.instanceId !== instanceId) return null;
    return Number.isFinite(Date.parse(parsed.data.until)) ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Until when (ISO) the VM's alerts for `instanceId` are held, or null. What `alerts` must honour. */
export function vmMaintenanceUntil(text: string | null, instanceId: string, now: Date): string | null {
  const m = parseVmMaintenance(text, instanceId);
  if (!m) return null;
  const until = Date.parse(m.until);
  // A window ending further out than any one request may ask for was not written by us: ignore it.
  if (until - now.getTime() > MAINTENANCE_MAX_MINUTES * 60_000 + 60_000) return null;
  return until > now.getTime() ? m.until : null;
}

/**
 * The command to run on the VM, as the instance's user (`sudo -u uma …` unless it is root), e.g.
 * `sudo -u uma node /usr/local/lib/hermes-exporter/hermes-exporter.mjs maintenance --instance bheem --for 30m`.
 * `minutes` null ends it (`--for off`).
 */
export function vmMaintenanceCommand(
  instanceId: string,
  minutes: number | null,
  user: string | null,
): string | null {
  // A user name from the VM that cannot be put in a command safely: no command rather than a wrong one.
  if (user && user !== 'root' && !isSafeUserName(user)) return null;
  const sudo = user && user !== 'root' ? `sudo -u ${shellQuote(user)} ` : '';
  const span = minutes === null ? 'off' : `${minutes}m`;
  return `${sudo}node ${EXPORTER_BUNDLE} maintenance --instance ${shellQuote(instanceId)} --for ${span}`;
}
