/**
 * Where path 2's bot token comes from. Never from Hermes's files (its `.env` holds Hermes's own bot
 * token; the exporter does not read it): first a systemd credential (`LoadCredential=telegram-bot-token:…`
 * puts it in $CREDENTIALS_DIRECTORY, readable only by the unit), else a file named in the config that is
 * 0600 (no group or other bits), a regular file (not a symlink), owned by root or the exporter's user,
 * and outside HERMES_HOME. The token is returned to the caller only; every message here names the file,
 * never its content.
 */
import { constants } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import type { ExporterConfig } from '../config.js';

export const CREDENTIAL_NAME = 'telegram-bot-token';
/** What BotFather issues: <bot id>:<35 or so url-safe characters>. */
const TOKEN_SHAPE = /^\d{5,20}:[A-Za-z0-9_-]{30,64}$/;

export type TokenResult =
  { ok: true; token: string; source: 'credential' | 'file' } | { ok: false; reason: string };

function inside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

async function readSmall(path: string): Promise<string> {
  const fh = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const buf = Buffer.alloc(256);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead).toString('utf8').trim();
  } finally {
    await fh.close();
  }
}

function checked(token: string, where: string, source: 'credential' | 'file'): TokenResult {
  if (!TOKEN_SHAPE.test(token))
    return { ok: false, reason: `${where} does not hold a Telegram bot token (expected <bot id>:<secret>)` };
  return { ok: true, token, source };
}

export async function resolveBotToken(
  config: ExporterConfig,
  env: NodeJS.ProcessEnv,
  uid: number | null = typeof process.getuid === 'function' ? process.getuid() : null,
): Promise<TokenResult> {
  const telegram = config.alerts.telegram;
  if (!telegram) return { ok: false, reason: 'alerts.telegram is not configured' };

  const dir = env.CREDENTIALS_DIRECTORY;
  if (dir) {
    const path = join(dir, CREDENTIAL_NAME);
    try {
      return checked(await readSmall(path), `credential ${CREDENTIAL_NAME}`, 'credential');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
        return {
          ok: false,
          reason: `cannot read credential ${CREDENTIAL_NAME}: ${(err as NodeJS.ErrnoException).code}`,
        };
    }
  }

  const file = telegram.tokenFile;
  if (!file)
    return {
      ok: false,
      reason: `no bot token: no systemd credential ${CREDENTIAL_NAME} and no alerts.telegram.tokenFile`,
    };
  if (!isAbsolute(file)) return { ok: false, reason: `alerts.telegram.tokenFile must be an absolute path` };
  if (inside(config.hermesHome, file))
    return {
      ok: false,
      reason: `token file ${file} is inside HERMES_HOME: the exporter never reads Hermes's files for it`,
    };
  let st;
  try {
    st = await lstat(file);
  } catch (err) {
    return { ok: false, reason: `cannot read token file ${file}: ${(err as NodeJS.ErrnoException).code}` };
  }
  if (!st.isFile()) return { ok: false, reason: `token file ${file} is not a regular file` };
  if ((st.mode & 0o077) !== 0)
    return {
      ok: false,
      reason: `token file ${file} is readable by others (mode ${(st.mode & 0o777).toString(8)}): chmod 600 it`,
    };
  if (st.uid !== 0 && st.uid !== uid)
    return { ok: false, reason: `token file ${file} belongs to uid ${st.uid}, not root or this user` };
  try {
    return checked(await readSmall(file), `token file ${file}`, 'file');
  } catch (err) {
    return { ok: false, reason: `cannot read token file ${file}: ${(err as NodeJS.ErrnoException).code}` };
  }
}
