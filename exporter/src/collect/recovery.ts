/**
 * Recovery readiness: the last restore drill (a marker file named in the exporter config: its ISO
 * content, else its mtime) and the Google OAuth token's presence/expiry/refresh-token flag (never the
 * token itself).
 */
import { isAbsolute, join } from 'node:path';
import type { RecoveryInfo } from '../../../common/contract/snapshot.js';
import { isRecord, readJsonFile, readTextOrNull, statOrNull } from '../lib/read-text.js';
import { parseTime, toIso } from '../lib/time.js';

export interface RecoverySettings {
  restoreDrillMarker?: string;
  googleTokenFile?: string;
}

export const UNKNOWN_RECOVERY: RecoveryInfo = {
  restoreDrillAt: null,
  restoreDrillAgeDays: null,
  googleToken: null,
};

function resolvePath(hermesHome: string, path: string): string {
  return isAbsolute(path) ? path : join(hermesHome, path);
}

async function restoreDrillAt(path: string): Promise<Date | null> {
  const info = await statOrNull(path);
  if (info === null || !info.isFile()) return null;
  const firstLine = (await readTextOrNull(path, 4096))?.split('\n')[0]?.trim() ?? '';
  return (/^\d{4}-\d{2}-\d{2}/.test(firstLine) ? parseTime(firstLine) : null) ?? info.mtime;
}

/** Expiry from `expiry` (google-auth ISO), `expires_at` (epoch s or ISO) or `expiry_date` (epoch ms). */
export function tokenExpiry(token: Record<string, unknown>): Date | null {
  if (token.expiry !== undefined) return parseTime(token.expiry);
  if (token.expires_at !== undefined) return parseTime(token.expires_at);
  if (typeof token.expiry_date === 'number') return new Date(token.expiry_date);
  return parseTime(token.expiry_date);
}

async function googleToken(path: string): Promise<RecoveryInfo['googleToken']> {
  const read = await readJsonFile(path, 256 * 1024);
  if (read.status === 'absent') return { present: false, expiresAt: null, hasRefreshToken: null };
  if (read.status !== 'ok' || !isRecord(read.value))
    return { present: true, expiresAt: null, hasRefreshToken: null };
  const refresh = read.value.refresh_token;
  return {
    present: true,
    expiresAt: toIso(tokenExpiry(read.value)),
    hasRefreshToken: typeof refresh === 'string' ? refresh.trim() !== '' : false,
  };
}

export async function collectRecovery(
  hermesHome: string,
  settings: RecoverySettings,
  now: Date,
): Promise<RecoveryInfo> {
  const [drill, token] = await Promise.all([
    settings.restoreDrillMarker ? restoreDrillAt(resolvePath(hermesHome, settings.restoreDrillMarker)) : null,
    settings.googleTokenFile ? googleToken(resolvePath(hermesHome, settings.googleTokenFile)) : null,
  ]);
  return {
    restoreDrillAt: toIso(drill),
    restoreDrillAgeDays:
      drill === null ? null : Math.round(((now.getTime() - drill.getTime()) / 86400_000) * 10) / 10,
    googleToken: token,
  };
}
