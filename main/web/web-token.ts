/**
 * The `hermes-mc web` bridge token, one per data directory: kept in `<dataDir>/web-token` (mode 0600) so the
 * URL the command printed keeps working after a restart, and an open page reconnects by itself. A
 * `--rotate-token` run writes a new one; pages holding the old token are then refused and say so.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const WEB_TOKEN_FILE = 'web-token';

/** 32 random bytes, base64url: 43 characters. Anything else in the file is not a token we wrote. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newWebToken(): string {
  return randomBytes(32).toString('base64url');
}

async function readToken(file: string): Promise<string | null> {
  try {
    const text = (await readFile(file, 'utf8')).trim();
    return TOKEN_PATTERN.test(text) ? text : null;
  } catch {
    return null;
  }
}

/** Writes through a temporary file created 0600, so the token is never readable by others, even briefly. */
async function writeToken(file: string, token: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${token}\n`, { mode: 0o600 });
  await rename(tmp, file);
}

/**
 * The token for `dataDir`: the stored one (its mode tightened to 0600 if someone loosened it), or a new one
 * when there is none, it is unreadable or malformed, or `rotate` is set.
 */
export async function loadWebToken(dataDir: string, options: { rotate?: boolean } = {}): Promise<string> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, WEB_TOKEN_FILE);
  const stored = options.rotate ? null : await readToken(file);
  if (stored) {
    await chmod(file, 0o600);
    return stored;
  }
  const token = newWebToken();
  await writeToken(file, token);
  return token;
}
