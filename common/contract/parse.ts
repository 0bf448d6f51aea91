/**
 * Reading a snapshot someone else wrote: distinguishes "not JSON", "from a newer exporter" and
 * "does not match the contract", so the app can show each as its own state instead of crashing.
 */
import { SCHEMA_VERSION, snapshotSchema, type Snapshot } from './snapshot.js';

export type SnapshotParseResult =
  | { ok: true; snapshot: Snapshot }
  | { ok: false; code: 'SNAPSHOT_INVALID'; message: string }
  | { ok: false; code: 'SNAPSHOT_INCOMPATIBLE'; message: string; found: number; supported: number };

/** Parse and validate snapshot text. Never throws. */
export function parseSnapshotText(text: string): SnapshotParseResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { ok: false, code: 'SNAPSHOT_INVALID', message: `not valid JSON: ${(err as Error).message}` };
  }
  return parseSnapshotValue(raw);
}

/** Validate an already-parsed value. Never throws. */
export function parseSnapshotValue(raw: unknown): SnapshotParseResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, code: 'SNAPSHOT_INVALID', message: 'snapshot is not a JSON object' };
  }
  const version = (raw as { schemaVersion?: unknown }).schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    return { ok: false, code: 'SNAPSHOT_INVALID', message: 'schemaVersion is missing or not an integer' };
  }
  if (version > SCHEMA_VERSION) {
    return {
      ok: false,
      code: 'SNAPSHOT_INCOMPATIBLE',
      message: `snapshot schema ${version} is newer than this app supports (${SCHEMA_VERSION}); update Hermes Mission Control`,
      found: version,
      supported: SCHEMA_VERSION,
    };
  }
  const result = snapshotSchema.safeParse(raw);
  if (!result.success) {
    const first = result.error.issues[0];
    const where = first ? first.path.join('.') || '(root)' : '(root)';
    return {
      ok: false,
      code: 'SNAPSHOT_INVALID',
      message: `snapshot does not match the contract at ${where}: ${first?.message ?? 'invalid'}`,
    };
  }
  return { ok: true, snapshot: result.data };
}
