/**
 * Hermes version without running Python (reference §8): `hermes_cli/__init__.py`, pyproject.toml,
 * git HEAD read from `.git` files (no git subprocess), the Docker build sha, the install method, and
 * the cached update check in HERMES_HOME/.update_check.
 */
import { join, resolve } from 'node:path';
import type { HermesInfo } from '../../../common/contract/snapshot.js';
import { isRecord, readJsonFile, readTextOrNull, statOrNull } from '../lib/read-text.js';
import { safeLabel } from '../lib/redact.js';
import { parseTime, toIso } from '../lib/time.js';

export function parseInitPy(text: string): { version: string | null; releaseDate: string | null } {
  const pick = (name: string) =>
    safeLabel(new RegExp(`^${name}\\s*=\\s*['"]([^'"]+)['"]`, 'm').exec(text)?.[1], 40);
  return { version: pick('__version__'), releaseDate: pick('__release_date__') };
}

/** `[project] version = "…"` from pyproject.toml (a line scan: no TOML dependency needed). */
export function parsePyprojectVersion(text: string): string | null {
  let section = '';
  for (const line of text.split('\n')) {
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (header) {
      section = header[1]!.trim();
      continue;
    }
    if (section !== 'project') continue;
    const m = /^\s*version\s*=\s*["']([^"']+)["']/.exec(line);
    if (m) return safeLabel(m[1], 40);
  }
  return null;
}

const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/** Resolves the checkout's git dir: `.git` may be a directory or a `gitdir: …` file (worktrees). */
async function gitDir(installDir: string): Promise<string | null> {
  const dotGit = join(installDir, '.git');
  const info = await statOrNull(dotGit);
  if (info === null) return null;
  if (info.isDirectory()) return dotGit;
  const text = await readTextOrNull(dotGit, 4096);
  const m = text ? /^gitdir:\s*(.+)$/m.exec(text) : null;
  return m ? resolve(installDir, m[1]!.trim()) : null;
}

/** Full HEAD sha from HEAD → loose ref → packed-refs (checking the worktree's commondir too). */
export async function readGitHead(installDir: string): Promise<string | null> {
  const dir = await gitDir(installDir);
  if (dir === null) return null;
  const head = (await readTextOrNull(join(dir, 'HEAD'), 4096))?.trim() ?? null;
  if (head === null) return null;
  if (SHA.test(head)) return head;
  const ref = /^ref:\s*(refs\/\S+)$/.exec(head)?.[1];
  if (!ref || ref.includes('..')) return null;
  const common = (await readTextOrNull(join(dir, 'commondir'), 4096))?.trim();
  const dirs = common ? [dir, resolve(dir, common)] : [dir];
  for (const d of dirs) {
    const loose = (await readTextOrNull(join(d, ref), 4096))?.trim();
    if (loose && SHA.test(loose)) return loose;
    const packed = await readTextOrNull(join(d, 'packed-refs'), 8 * 1024 * 1024);
    for (const line of packed?.split('\n') ?? []) {
      const [sha, name] = line.trim().split(' ');
      if (name === ref && sha && SHA.test(sha)) return sha;
    }
  }
  return null;
}

async function readUpdateCheck(
  hermesHome: string,
): Promise<{ behind: number | null; checkedAt: string | null }> {
  const read = await readJsonFile(join(hermesHome, '.update_check'), 64 * 1024);
  if (read.status !== 'ok' || !isRecord(read.value)) return { behind: null, checkedAt: null };
  const behind = read.value.behind;
  return {
    behind: typeof behind === 'number' && Number.isInteger(behind) && behind >= -1 ? behind : null,
    checkedAt: toIso(parseTime(read.value.ts)),
  };
}

export async function collectVersion(installDir: string | null, hermesHome: string): Promise<HermesInfo> {
  const update = await readUpdateCheck(hermesHome);
  const base: HermesInfo = {
    version: null,
    releaseDate: null,
    pyprojectVersion: null,
    gitHead: null,
    installDir,
    installMethod: null,
    updateBehind: update.behind,
    updateCheckedAt: update.checkedAt,
  };
  if (installDir === null) return base;
  const [initPy, pyproject, gitSha, buildSha, methodFile, homeMethodFile] = await Promise.all([
    readTextOrNull(join(installDir, 'hermes_cli', '__init__.py'), 256 * 1024),
    readTextOrNull(join(installDir, 'pyproject.toml'), 256 * 1024),
    readGitHead(installDir),
    readTextOrNull(join(installDir, '.hermes_build_sha'), 4096),
    readTextOrNull(join(installDir, '.install_method'), 4096),
    readTextOrNull(join(hermesHome, '.install_method'), 4096),
  ]);
  const init = initPy === null ? { version: null, releaseDate: null } : parseInitPy(initPy);
  const docker = buildSha?.trim().toLowerCase() ?? '';
  const head = gitSha ?? (/^[0-9a-f]{8,64}$/.test(docker) ? docker : null);
  const method = safeLabel(methodFile?.trim() || homeMethodFile?.trim() || null, 32);
  return {
    ...base,
    version: init.version,
    releaseDate: init.releaseDate,
    pyprojectVersion: pyproject === null ? null : parsePyprojectVersion(pyproject),
    gitHead: head === null ? null : head.slice(0, 8),
    installMethod: method ?? (gitSha !== null ? 'git' : null),
  };
}
