/**
 * Skills counted the way Hermes counts them (hermes_cli/profiles.py `_count_skills`: every `SKILL.md`
 * under skills/ from `rglob`, minus `agent/skill_utils.py` `is_excluded_skill_path`):
 * - `EXCLUDED_SKILL_DIRS`: any path component in that set (it has `.nox`; it has neither `.cache` nor
 *   `.curator_backups`, so copies kept there do count);
 * - `is_skill_support_path`: `references/`, `templates/`, `assets/`, `scripts/` only when directly
 *   inside a folder that itself holds a `SKILL.md` (so `skills/scripts/foo/SKILL.md` counts).
 * Both rules look at the whole absolute path, so the skills folder's own ancestors are checked too.
 * Plus hub installs, quarantine and the curator's last run.
 */
import { join, parse as parsePath, sep } from 'node:path';
import type { SkillsInfo } from '../../../common/contract/snapshot.js';
import { isRecord, readDirOrNull, readJsonFile, statOrNull } from '../lib/read-text.js';
import { parseTime, toIso } from '../lib/time.js';

export const UNKNOWN_SKILLS: SkillsInfo = {
  count: null,
  hubInstalled: null,
  quarantined: null,
  curatorLastRunAt: null,
};

/** agent/skill_utils.py `EXCLUDED_SKILL_DIRS` (same in 0.18.2, 0.19.0 and 0.21.x). */
export const EXCLUDED_SKILL_DIRS = new Set([
  '.git',
  '.github',
  '.hub',
  '.archive',
  '.venv',
  'venv',
  'node_modules',
  'site-packages',
  '__pycache__',
  '.tox',
  '.nox',
  '.pytest_cache',
  '.mypy_cache',
  '.ruff_cache',
]);
/** agent/skill_utils.py `SKILL_SUPPORT_DIRS`. */
export const SKILL_SUPPORT_DIRS = new Set(['references', 'templates', 'assets', 'scripts']);
const MAX_DEPTH = 12;
const MAX_DIRS = 20_000;

/** Does a path component above `root` already exclude everything under it? */
async function ancestorsExclude(root: string): Promise<boolean> {
  const { root: fsRoot } = parsePath(root);
  const parts = root.slice(fsRoot.length).split(sep).filter(Boolean);
  if (parts.some((p) => EXCLUDED_SKILL_DIRS.has(p))) return true;
  for (let i = 0; i < parts.length; i++) {
    if (!SKILL_SUPPORT_DIRS.has(parts[i]!)) continue;
    if ((await statOrNull(join(fsRoot, ...parts.slice(0, i), 'SKILL.md'))) !== null) return true;
  }
  return false;
}

/** SKILL.md files under `root` by Hermes's rules; null when the tree is too large to walk. Symlinked folders are not followed (as rglob). */
export async function countSkills(root: string): Promise<number | null> {
  const top = await readDirOrNull(root);
  if (top === null) return 0;
  if (await ancestorsExclude(root)) return 0;
  let count = 0;
  let visited = 0;
  let truncated = false;
  const walk = async (dir: string, depth: number, entries: Awaited<ReturnType<typeof readDirOrNull>>) => {
    if (entries === null) return;
    if (++visited > MAX_DIRS || depth > MAX_DEPTH) {
      truncated = true;
      return;
    }
    const holdsSkill = entries.some((e) => e.name === 'SKILL.md' && (e.isFile() || e.isSymbolicLink()));
    if (holdsSkill) count++;
    for (const entry of entries) {
      if (!entry.isDirectory() || EXCLUDED_SKILL_DIRS.has(entry.name)) continue;
      // A support folder directly inside a skill: nothing below it is an active skill.
      if (holdsSkill && SKILL_SUPPORT_DIRS.has(entry.name)) continue;
      const child = join(dir, entry.name);
      await walk(child, depth + 1, await readDirOrNull(child));
    }
  };
  await walk(root, 0, top);
  return truncated ? null : count;
}

export async function collectSkills(hermesHome: string): Promise<SkillsInfo> {
  const skills = join(hermesHome, 'skills');
  const [count, lock, quarantine, curator] = await Promise.all([
    countSkills(skills),
    readJsonFile(join(skills, '.hub', 'lock.json'), 1024 * 1024),
    readDirOrNull(join(skills, '.hub', 'quarantine')),
    readJsonFile(join(skills, '.curator_state'), 256 * 1024),
  ]);
  const installed = lock.status === 'ok' && isRecord(lock.value) ? lock.value.installed : undefined;
  return {
    count,
    hubInstalled: lock.status === 'absent' ? 0 : isRecord(installed) ? Object.keys(installed).length : null,
    quarantined: quarantine === null ? 0 : quarantine.filter((e) => e.isDirectory()).length,
    curatorLastRunAt:
      curator.status === 'ok' && isRecord(curator.value) ? toIso(parseTime(curator.value.last_run_at)) : null,
  };
}
