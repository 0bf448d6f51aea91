/**
 * Hermes version without running Python (reference §8): `hermes_cli/__init__.py`, pyproject.toml,
 * git HEAD read from `.git` files (no git subprocess), the Docker build sha, the install method, and
 * the cached update check in HERMES_HOME/.update_check.
 *
 * Newest trees may carry no literal `__version__`: Hermes computes it at run time
 * (hermes_cli/version_info.py `get_version_info`): the install stamp beside the code first
 * (`_stamp_version_info`: `install-stamp.json` `baseVersion`), else live git (`_git_version_info`: the
 * highest stable `vX.Y.Z` tag merged into HEAD). We read the stamp, then a stable tag pointing at HEAD
 * itself (a tag merged further back needs a commit walk, i.e. git: then pyproject's version stands in).
 */
import { inflateSync } from 'node:zlib';
import { join, resolve } from 'node:path';
import type { HermesInfo } from '../../../common/contract/snapshot.js';
import { readFile } from 'node:fs/promises';
import { isRecord, readDirOrNull, readJsonFile, readTextOrNull, statOrNull } from '../lib/read-text.js';
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

/**
 * hermes_cli/update_channel.py `STABLE_TAG_RE`: a stable release tag, no pre-release suffix.
 */
const STABLE_TAG = /^v(?:0|[1-9]\d{0,2})\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)$/;

function versionKey(tag: string): number[] {
  return tag.slice(1).split('.').map(Number);
}

async function readBytesOrNull(path: string): Promise<Buffer | null> {
  const info = await statOrNull(path);
  if (info === null || !info.isFile() || info.size > 64 * 1024) return null;
  return readFile(path).catch(() => null);
}

/** The commit an annotated tag object points at (loose object only; packed tags come peeled). */
async function peelLooseTag(dir: string, sha: string): Promise<string | null> {
  const raw = await readBytesOrNull(join(dir, 'objects', sha.slice(0, 2), sha.slice(2)));
  if (raw === null) return null;
  try {
    const text = inflateSync(raw).subarray(0, 256).toString('latin1');
    if (!text.startsWith('tag ')) return null;
    return /\0object ([0-9a-f]{40})\n/.exec(text)?.[1] ?? null;
  } catch {
    return null;
  }
}

/** The highest stable release tag (`0.21.3`) pointing at `head`, from loose refs and packed-refs. */
export async function releaseTagAtHead(installDir: string, head: string): Promise<string | null> {
  const dir = await gitDir(installDir);
  if (dir === null) return null;
  const common = (await readTextOrNull(join(dir, 'commondir'), 4096))?.trim();
  const root = common ? resolve(dir, common) : dir;
  const hits: string[] = [];
  const packed = (await readTextOrNull(join(root, 'packed-refs'), 8 * 1024 * 1024))?.split('\n') ?? [];
  for (let i = 0; i < packed.length; i++) {
    const [sha, name] = packed[i]!.trim().split(' ');
    const tag = name?.startsWith('refs/tags/') ? name.slice('refs/tags/'.length) : null;
    if (tag === null || !STABLE_TAG.test(tag)) continue;
    const peeled = packed[i + 1]?.startsWith('^') ? packed[i + 1]!.slice(1).trim() : null;
    if (sha === head || peeled === head) hits.push(tag);
  }
  for (const entry of (await readDirOrNull(join(root, 'refs', 'tags'))) ?? []) {
    if (!entry.isFile() || !STABLE_TAG.test(entry.name)) continue;
    const sha = (await readTextOrNull(join(root, 'refs', 'tags', entry.name), 4096))?.trim() ?? '';
    if (!SHA.test(sha)) continue;
    if (sha === head || (await peelLooseTag(root, sha)) === head) hits.push(entry.name);
  }
  if (hits.length === 0) return null;
  hits.sort((a, b) => {
    const [x, y] = [versionKey(a), versionKey(b)];
    return x[0]! - y[0]! || x[1]! - y[1]! || x[2]! - y[2]!;
  });
  return safeLabel(hits[hits.length - 1]!.slice(1), 40);
}

/**
 * `install-stamp.json` beside the code (pm/paths.py `install_stamp_path`), read as
 * `_stamp_version_info` does: a mapping with a real (not all-zero) `commit`; `baseVersion` is the version.
 */
export function parseInstallStamp(text: string): string | null {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return null;
  }
  if (!isRecord(data) || typeof data.commit !== 'string' || !/[^0]/.test(data.commit)) return null;
  const base = data.baseVersion;
  return typeof base === 'string' && base !== 'unknown' ? safeLabel(base, 40) : null;
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
    versionSource: null,
  };
  if (installDir === null) return base;
  const [initPy, pyproject, gitSha, buildSha, methodFile, homeMethodFile, stampText] = await Promise.all([
    readTextOrNull(join(installDir, 'hermes_cli', '__init__.py'), 256 * 1024),
    readTextOrNull(join(installDir, 'pyproject.toml'), 256 * 1024),
    readGitHead(installDir),
    readTextOrNull(join(installDir, '.hermes_build_sha'), 4096),
    readTextOrNull(join(installDir, '.install_method'), 4096),
    readTextOrNull(join(hermesHome, '.install_method'), 4096),
    readTextOrNull(join(installDir, 'install-stamp.json'), 256 * 1024),
  ]);
  const init = initPy === null ? { version: null, releaseDate: null } : parseInitPy(initPy);
  const pyprojectVersion = pyproject === null ? null : parsePyprojectVersion(pyproject);
  const stampVersion = stampText === null ? null : parseInstallStamp(stampText);
  const tagVersion =
    init.version === null && stampVersion === null && gitSha !== null
      ? await releaseTagAtHead(installDir, gitSha)
      : null;
  const [version, versionSource]: [string | null, HermesInfo['versionSource']] =
    init.version !== null
      ? [init.version, 'init-py']
      : stampVersion !== null
        ? [stampVersion, 'install-stamp']
        : tagVersion !== null
          ? [tagVersion, 'git-tag']
          : pyprojectVersion !== null
            ? [pyprojectVersion, 'pyproject']
            : [null, null];
  const docker = buildSha?.trim().toLowerCase() ?? '';
  const head = gitSha ?? (/^[0-9a-f]{8,64}$/.test(docker) ? docker : null);
  const method = safeLabel(methodFile?.trim() || homeMethodFile?.trim() || null, 32);
  return {
    ...base,
    version,
    versionSource,
    releaseDate: init.releaseDate,
    pyprojectVersion,
    gitHead: head === null ? null : head.slice(0, 8),
    installMethod: method ?? (gitSha !== null ? 'git' : null),
  };
}
