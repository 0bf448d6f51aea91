/**
 * Skills counted the way Hermes counts them (reference §7, hermes_cli/profiles.py `_count_skills`):
 * SKILL.md files under skills/, excluding VCS/hub/archive/venv/cache dirs and anything inside a
 * skill's own references/, templates/, assets/ or scripts/ folders. Plus hub installs, quarantine and
 * the curator's last run.
 */
import { join } from 'node:path';
import type { SkillsInfo } from '../../../common/contract/snapshot.js';
import { isRecord, readDirOrNull, readJsonFile } from '../lib/read-text.js';
import { parseTime, toIso } from '../lib/time.js';

export const UNKNOWN_SKILLS: SkillsInfo = {
  count: null,
  hubInstalled: null,
  quarantined: null,
  curatorLastRunAt: null,
};

const EXCLUDED_DIRS = new Set([
  '.git',
  '.github',
  '.hub',
  '.archive',
  '.curator_backups',
  '.venv',
  'venv',
  'node_modules',
  'site-packages',
  '__pycache__',
  '.pytest_cache',
  '.mypy_cache',
  '.ruff_cache',
  '.tox',
  '.cache',
]);
const SKILL_SUBDIRS = new Set(['references', 'templates', 'assets', 'scripts']);
const MAX_DEPTH = 8;
const MAX_DIRS = 5000;

/** Counts SKILL.md files under `root` with Hermes's exclusions. Symlinks are not followed. */
export async function countSkills(root: string): Promise<number | null> {
  const top = await readDirOrNull(root);
  if (top === null) return 0;
  let count = 0;
  let visited = 0;
  const walk = async (
    dir: string,
    depth: number,
    insideSkill: boolean,
    entries: Awaited<ReturnType<typeof readDirOrNull>>,
  ) => {
    if (entries === null || ++visited > MAX_DIRS) return;
    const isSkill = entries.some((e) => e.isFile() && e.name === 'SKILL.md');
    if (isSkill) count++;
    if (depth >= MAX_DEPTH) return;
    for (const entry of entries) {
      if (!entry.isDirectory() || EXCLUDED_DIRS.has(entry.name)) continue;
      if ((insideSkill || isSkill) && SKILL_SUBDIRS.has(entry.name)) continue;
      const child = join(dir, entry.name);
      await walk(child, depth + 1, insideSkill || isSkill, await readDirOrNull(child));
    }
  };
  await walk(root, 0, false, top);
  return count;
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
