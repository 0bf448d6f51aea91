/**
 * Backup repo collector (config.backup.repo): branch, HEAD, last commit time, dirty count, ahead/behind
 * its upstream from local refs (never a fetch), restore-payload presence, forbidden tracked files and
 * the secret scan.
 *
 * Subprocess budget: steady state (HEAD unchanged) is ONE `git status`. When HEAD moves, up to three
 * more run once, in parallel: `git log -1` (short HEAD + commit time), `git ls-tree` (tracked paths) and
 * `git grep` (secret scan); their results are cached in the exporter's state keyed by the commit id.
 *
 * Read-only: GIT_OPTIONAL_LOCKS=0 stops `git status` from refreshing the index; fsmonitor is off so no
 * daemon starts; `safe.directory` lets root read a repo owned by the instance user without touching
 * any config.
 */
import { realpath } from 'node:fs/promises';
import { z } from 'zod';
import type { BackupInfo } from '../../../common/contract/snapshot.js';
import type { CollectContext, ExecResult } from './context.js';
import { forbiddenFiles, payloadPrefix, restorePayload } from './lib/backup-tree.js';
import { parseGitStatusV2 } from './lib/git-status.js';
import { firstLine, type PartialResult } from './lib/partial-probe.js';
import { parseSecretScan, secretScanArgs } from './secret-scan.js';

/** Cache entries this collector keeps in ctx.state (besides the contract's `secretScan`). */
const commitCacheSchema = z.object({
  oid: z.string(),
  short: z.string(),
  committedAt: z.string().nullable(),
});
const treeCacheSchema = z.object({
  key: z.string(),
  forbiddenFiles: z.array(z.string()),
  restorePayload: z.object({
    configYaml: z.boolean(),
    skills: z.boolean(),
    sessions: z.boolean(),
    cron: z.boolean(),
    memories: z.boolean(),
    scripts: z.boolean(),
  }),
});
const scanCacheSchema = z.object({
  head: z.string(),
  scannedAt: z.string(),
  hits: z.array(z.object({ file: z.string(), pattern: z.string() })),
});
export const BACKUP_COMMIT_STATE_KEY = 'backupCommit';
export const BACKUP_TREE_STATE_KEY = 'backupTree';

export function emptyBackup(repoPath: string): BackupInfo {
  return {
    repoPath,
    branch: null,
    head: null,
    lastCommitAt: null,
    lastCommitAgeSeconds: null,
    dirty: null,
    dirtyFiles: null,
    upstream: null,
    ahead: null,
    behind: null,
    restorePayload: null,
    forbiddenFiles: null,
    secretScan: null,
  };
}

type Git = (args: string[], timeoutMs?: number, maxBuffer?: number) => Promise<ExecResult>;

async function makeGit(ctx: CollectContext, repo: string): Promise<Git> {
  const real = await realpath(repo).catch(() => repo);
  const safe = [...new Set([repo, real])].flatMap((dir) => ['-c', `safe.directory=${dir}`]);
  const env: NodeJS.ProcessEnv = {
    ...ctx.env,
    GIT_OPTIONAL_LOCKS: '0',
    GIT_TERMINAL_PROMPT: '0',
    GIT_PAGER: 'cat',
    LC_ALL: 'C',
  };
  // Inherited repository overrides would point git somewhere else than the configured repo.
  for (const key of [
    'GIT_DIR',
    'GIT_WORK_TREE',
    'GIT_INDEX_FILE',
    'GIT_OBJECT_DIRECTORY',
    'GIT_CEILING_DIRECTORIES',
  ])
    delete env[key];
  const base = ['-C', repo, '-c', 'core.quotepath=off', '-c', 'core.fsmonitor=false', ...safe];
  return (args, timeoutMs = 10_000, maxBuffer = 16 * 1024 * 1024) =>
    ctx.exec('git', [...base, ...args], { timeoutMs, env, maxBuffer });
}

function failure(what: string, r: ExecResult): string {
  return `${what}: ${r.timedOut ? 'timed out' : firstLine(r.stderr) || `exit ${r.code}`}`;
}

/** Reads the backup repo; never throws for git problems (fields stay null with a reason). */
export async function collectBackupRepo(ctx: CollectContext): Promise<PartialResult<BackupInfo | null>> {
  const cfg = ctx.config.backup;
  if (!cfg) return { value: null, problems: [] };
  const info = emptyBackup(cfg.repo);
  const problems: string[] = [];
  const git = await makeGit(ctx, cfg.repo);

  const statusRun = await git([
    'status',
    '--porcelain=v2',
    '--branch',
    '-z',
    '--untracked-files=normal',
    '--ignore-submodules=all',
  ]);
  if (statusRun.code !== 0 || statusRun.timedOut)
    return { value: info, problems: [failure('git status', statusRun)] };
  const status = parseGitStatusV2(statusRun.stdout);
  Object.assign(info, {
    branch: status.branch,
    upstream: status.upstream,
    ahead: status.ahead,
    behind: status.behind,
    dirty: status.dirtyFiles > 0,
    dirtyFiles: status.dirtyFiles,
  });
  const oid = status.oid;
  if (oid === null) {
    // Unborn branch: nothing committed yet, so nothing restorable, nothing tracked, nothing to scan.
    info.forbiddenFiles = [];
    info.restorePayload = restorePayload([], '');
    return { value: info, problems: [] };
  }

  const [commit, tree, scan] = await Promise.all([
    commitInfo(ctx, git, oid, problems),
    treeInfo(ctx, git, oid, cfg.payloadDir, cfg.repo, problems),
    secretScan(ctx, git, oid, problems),
  ]);
  info.head = commit?.short ?? oid.slice(0, 8);
  info.lastCommitAt = commit?.committedAt ?? null;
  info.lastCommitAgeSeconds = info.lastCommitAt
    ? Math.round((ctx.now.getTime() - Date.parse(info.lastCommitAt)) / 1000)
    : null;
  info.forbiddenFiles = tree?.forbiddenFiles ?? null;
  info.restorePayload = tree?.restorePayload ?? null;
  info.secretScan = scan;
  return { value: info, problems };
}

async function commitInfo(ctx: CollectContext, git: Git, oid: string, problems: string[]) {
  const cached = commitCacheSchema.safeParse(ctx.state[BACKUP_COMMIT_STATE_KEY]);
  if (cached.success && cached.data.oid === oid) return cached.data;
  const r = await git(['log', '-1', '--no-show-signature', '--abbrev=8', '--format=%h%n%ct', oid, '--']);
  if (r.code !== 0 || r.timedOut) {
    problems.push(failure('git log', r));
    return null;
  }
  const [short = '', epoch = ''] = r.stdout.trim().split('\n');
  const seconds = Number(epoch);
  const entry = {
    oid,
    short: /^[0-9a-f]{4,64}$/.test(short) ? short : oid.slice(0, 8),
    committedAt: /^\d+$/.test(epoch) && seconds > 0 ? new Date(seconds * 1000).toISOString() : null,
  };
  ctx.state[BACKUP_COMMIT_STATE_KEY] = entry;
  return entry;
}

async function treeInfo(
  ctx: CollectContext,
  git: Git,
  oid: string,
  payloadDir: string | undefined,
  repo: string,
  problems: string[],
) {
  const key = `${oid}|${payloadDir ?? ''}`;
  const cached = treeCacheSchema.safeParse(ctx.state[BACKUP_TREE_STATE_KEY]);
  if (cached.success && cached.data.key === key) return cached.data;
  const r = await git(['ls-tree', '-r', '-z', '--name-only', '--full-tree', oid], 15_000, 64 * 1024 * 1024);
  if (r.code !== 0 || r.timedOut) {
    problems.push(failure('git ls-tree', r));
    return null;
  }
  const paths = r.stdout.split('\0').filter((p) => p !== '');
  const entry = {
    key,
    forbiddenFiles: forbiddenFiles(paths),
    restorePayload: restorePayload(paths, payloadPrefix(paths, payloadDir, repo)),
  };
  ctx.state[BACKUP_TREE_STATE_KEY] = entry;
  return entry;
}

async function secretScan(ctx: CollectContext, git: Git, oid: string, problems: string[]) {
  const cached = scanCacheSchema.safeParse(ctx.state.secretScan);
  if (cached.success && cached.data.head === oid) return cached.data;
  const r = await git(secretScanArgs(oid), 30_000, 64 * 1024 * 1024);
  // git grep exits 1 when nothing matched.
  if (r.timedOut || (r.code !== 0 && r.code !== 1)) {
    problems.push(failure('git grep (secret scan)', r));
    return null;
  }
  const entry = { head: oid, scannedAt: ctx.now.toISOString(), hits: parseSecretScan(r.stdout, oid) };
  ctx.state.secretScan = entry;
  return entry;
}
