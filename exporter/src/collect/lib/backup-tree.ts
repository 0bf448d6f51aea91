/**
 * Pure checks over the list of paths tracked at the backup repo's HEAD: files that must never be in a
 * backup, and which parts of a restorable Hermes home are present. Working from the committed tree
 * (what a restore clone gets) rather than the working copy, which may hold untracked or ignored files.
 */
import type { BackupInfo } from '../../../../common/contract/snapshot.js';

/** The folder the backup scripts write the sanitised HERMES_HOME copy into. */
export const DEFAULT_PAYLOAD_DIR = 'hermes_persistent_backup';

const FORBIDDEN_BASENAMES = new Set([
  'state.db',
  '.env',
  'auth.json',
  '.anthropic_oauth.json',
  'google_token.json',
  'google_oauth_pending.json',
  'slack_tokens.json',
  'webhook_subscriptions.json',
  'bws_cache.json',
  'credentials',
  'credentials.json',
  '.git-credentials',
  '.netrc',
  'id_rsa',
  'id_dsa',
  'id_ecdsa',
  'id_ed25519',
]);

/** `.env.example`-style templates are fine (the seeds' backup ships one). */
const ENV_TEMPLATE = /^\.env\.(example|sample|template|tmpl|dist|defaults)$/i;

/** True when a tracked path is a secret/state file that a backup must not contain. */
export function isForbiddenPath(path: string): boolean {
  const segments = path.split('/');
  const base = segments[segments.length - 1] ?? '';
  if (FORBIDDEN_BASENAMES.has(base)) return true;
  if (/\.(db|sqlite|sqlite3)-(wal|shm|journal)$/i.test(base)) return true; // SQLite WAL/SHM/journal
  if (base.startsWith('.env.') && !ENV_TEMPLATE.test(base)) return true;
  if (/token.*\.json$/i.test(base)) return true; // *token*.json (google_token, google_chat_user_token…)
  if (segments.slice(0, -1).includes('mcp-tokens')) return true;
  if (path.endsWith('auth/google_oauth.json')) return true;
  return false;
}

const MAX_LISTED = 100;

export function forbiddenFiles(paths: string[]): string[] {
  return paths.filter(isForbiddenPath).slice(0, MAX_LISTED);
}

/** Normalises the configured payload dir to a repo-relative prefix ('' = repo root). */
export function payloadPrefix(paths: string[], configured: string | undefined, repoPath: string): string {
  if (configured !== undefined) {
    let dir = configured.trim();
    const repo = repoPath.replace(/\/+$/, '');
    if (dir.startsWith(`${repo}/`)) dir = dir.slice(repo.length + 1);
    dir = dir.replace(/^\.\/+/, '').replace(/\/+$/, '');
    return dir === '.' ? '' : dir;
  }
  return paths.some((p) => p.startsWith(`${DEFAULT_PAYLOAD_DIR}/`)) ? DEFAULT_PAYLOAD_DIR : '';
}

export function restorePayload(paths: string[], prefix: string): NonNullable<BackupInfo['restorePayload']> {
  const p = prefix ? `${prefix}/` : '';
  const hasDir = (name: string) => paths.some((path) => path.startsWith(`${p}${name}/`));
  return {
    configYaml: paths.includes(`${p}config.yaml`),
    skills: hasDir('skills'),
    sessions: hasDir('sessions'),
    cron: hasDir('cron'),
    memories: hasDir('memories'),
    scripts: hasDir('scripts'),
  };
}
