/**
 * Small read-only file helpers shared by the collectors. Every helper maps "file is absent" to `null`
 * and lets other errors (permission denied, I/O) propagate so the probe records them: absent and
 * unreadable are different facts.
 */
import { open, readdir, stat } from 'node:fs/promises';
import { statSync, type Dirent, type Stats } from 'node:fs';

/** Default cap for text reads: every Hermes file we parse is far smaller. */
const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;

export function isNotFound(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * Reads a UTF-8 text file, or null when absent. Files larger than `maxBytes` are read from the END
 * (logs grow at the end; the newest lines are the ones that matter). Opened read-only, O_NOATIME is
 * not used because it needs ownership; reading never changes mtime.
 */
export async function readTextOrNull(path: string, maxBytes = DEFAULT_MAX_BYTES): Promise<string | null> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return null;
    const size = info.size;
    const length = Math.min(size, maxBytes);
    const buffer = Buffer.alloc(length);
    let read = 0;
    while (read < length) {
      const { bytesRead } = await handle.read(buffer, read, length - read, size - length + read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    return buffer.subarray(0, read).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** stat() or null when absent. */
export async function statOrNull(path: string): Promise<Stats | null> {
  try {
    return await stat(path);
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
}

/** Directory entries or null when the directory is absent. */
/** True for an existing directory; synchronous for the few callers that must not yield (the run's start). */
export function isDirectorySync(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export async function readDirOrNull(path: string): Promise<Dirent[] | null> {
  try {
    return await readdir(path, { withFileTypes: true });
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
}

/** Strips a UTF-8 byte-order mark (Hermes reads its JSON with `utf-8-sig`). */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export type JsonRead =
  { status: 'absent' } | { status: 'invalid'; error: string } | { status: 'ok'; value: unknown };

/** Reads and parses a JSON file; distinguishes absent from unparseable (never throws on bad JSON). */
export async function readJsonFile(path: string, maxBytes = DEFAULT_MAX_BYTES): Promise<JsonRead> {
  const text = await readTextOrNull(path, maxBytes);
  if (text === null) return { status: 'absent' };
  try {
    return { status: 'ok', value: JSON.parse(stripBom(text)) };
  } catch (err) {
    return { status: 'invalid', error: err instanceof SyntaxError ? 'invalid JSON' : String(err) };
  }
}

/** True for a plain JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
