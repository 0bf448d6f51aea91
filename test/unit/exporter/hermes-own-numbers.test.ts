/**
 * Numbers that must equal Hermes's own, on homes written the way Hermes 0.19–0.21 writes them: hidden
 * Bot Mode sessions, schema 23 columns, DELETE-journal databases, duplicated memory entries, skill
 * folders decided by EXCLUDED_SKILL_DIRS and the support-folder rule, versions only computable at run
 * time, and a pid record that belongs to another profile. Each case runs the real collector end to end
 * (collectHermes: real files, real SQLite through the python reader, real /proc).
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { collectHermes } from '../../../exporter/src/collect/hermes.js';
import { countSkills } from '../../../exporter/src/collect/skills.js';
import { parseEntries, usage } from '../../../exporter/src/collect/memory.js';
import { parseInstallStamp } from '../../../exporter/src/collect/version.js';
import {
  buildHermesHome,
  diffTrees,
  FIXTURE_CANARY,
  fixtureCollectContext,
  hashTree,
  type BuildHermesHomeOptions,
  type HermesHomeFixture,
} from '../../fixtures/hermes-home/index.js';
import { RULE_SKILLS } from '../../fixtures/hermes-home/hermes-newest.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function fixture(options: BuildHermesHomeOptions): Promise<HermesHomeFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'hmc-own-numbers-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const fx = await buildHermesHome(dir, options);
  cleanups.push(() => fx.close());
  return fx;
}

async function collect(fx: HermesHomeFixture) {
  return collectHermes(fixtureCollectContext(fx), { nodeSqlite: null });
}

describe('sessions as hermes sessions stats counts them', () => {
  it('counts hidden Bot Mode sessions in active and by source, reports them apart, and lists none of them', async () => {
    const fx = await fixture({ schema: 30, hiddenSessions: 2, gateway: 'absent' });
    const result = await collect(fx);
    const { sessions } = result;
    // The hidden sessions' titles (Bot Chat) and ids of other users never leave the VM.
    expect(JSON.stringify(result)).not.toContain(FIXTURE_CANARY);
    const want = fx.expected.sessions;
    expect(sessions).toMatchObject({
      total: want.total,
      active: want.active,
      archived: want.archived,
      hidden: 2,
      bySource: want.bySource,
      startedLast24h: want.startedLast24h,
    });
    expect(sessions.recent.map((s) => s.id).filter((id) => id.endsWith('_b07b07'))).toEqual([]);
    expect(sessions.recent).toHaveLength(want.active - 2);
  });

  it('tolerates the schema 23 columns and reports 0 hidden where the column does not exist', async () => {
    const fx = await fixture({ schema: 23, gateway: 'absent' });
    const { sessions, probes } = await collect(fx);
    expect(probes.find((p) => p.name === 'sessions')).toMatchObject({ ok: true });
    expect(sessions).toMatchObject({
      dbSchemaVersion: 23,
      total: fx.expected.sessions.total,
      active: fx.expected.sessions.active,
      hidden: 0,
      messages: fx.expected.sessions.messages,
    });
  });

  it('reads a DELETE-journal database (Hermes on SQLite < 3.51.3) without creating any file next to it', async () => {
    const fx = await fixture({ journal: 'delete', gateway: 'absent' });
    const before = await hashTree(fx.dir);
    const { sessions } = await collect(fx);
    expect(sessions).toMatchObject({
      total: fx.expected.sessions.total,
      active: fx.expected.sessions.active,
    });
    for (const suffix of ['-wal', '-shm', '-journal'])
      expect(existsSync(join(fx.hermesHome, `state.db${suffix}`))).toBe(false);
    expect(diffTrees(before, await hashTree(fx.dir))).toEqual([]);
  });
});

describe('memory as MemoryStore computes it', () => {
  it('drops duplicate entries and counts the joined, stripped, unique text, rounded down', async () => {
    const fx = await fixture({ memories: 'duplicates', gateway: 'absent' });
    const result = await collect(fx);
    const { memory } = result;
    expect(JSON.stringify(result)).not.toContain(FIXTURE_CANARY);
    expect(memory).toMatchObject({
      entries: fx.expected.memory.entries,
      memoryChars: fx.expected.memory.memoryChars,
      memoryUsagePct: fx.expected.memory.memoryUsagePct,
      memoryCharLimit: 2200,
    });
  });

  it('strips with Python whitespace rules and caps at 100 %', () => {
    // U+FEFF is not whitespace to Python; U+0085 and U+001F are.
    expect(parseEntries('\u0085a\u001f\n§\n\ufeffb')).toEqual(['a', '\ufeffb']);
    expect(parseEntries(' \n \r\n ')).toEqual([]);
    expect(usage(['x'.repeat(5000)], 2200)).toEqual({ chars: 5000, pct: 100 });
    // 2199/2200 is 99.95 %: Hermes shows 99, never a rounded-up 100.
    expect(usage(['y'.repeat(2199)], 2200).pct).toBe(99);
    expect(usage(['🐍'.repeat(3)], 1375).chars).toBe(3);
  });
});

describe('skills by Hermes rules', () => {
  it('counts .cache and .curator_backups copies, not .nox, and skips references/ only directly inside a skill', async () => {
    const fx = await fixture({ skills: 'hermes-rules', gateway: 'absent' });
    const { skills } = await collect(fx);
    expect(skills.count).toBe(fx.expected.skills);
    expect(fx.expected.skills).toBe(2 + RULE_SKILLS.filter((s) => s.counts).length);
  });

  it('excludes everything when the skills folder itself sits inside an excluded or support folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hmc-skills-anc-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    await mkdir(join(dir, 'venv', 'skills', 'a'), { recursive: true });
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(dir, 'venv', 'skills', 'a', 'SKILL.md'), 'x');
    expect(await countSkills(join(dir, 'venv', 'skills'))).toBe(0);
    await mkdir(join(dir, 'pkg', 'references', 'skills', 'b'), { recursive: true });
    await writeFile(join(dir, 'pkg', 'SKILL.md'), 'x');
    await writeFile(join(dir, 'pkg', 'references', 'skills', 'b', 'SKILL.md'), 'x');
    expect(await countSkills(join(dir, 'pkg', 'references', 'skills'))).toBe(0);
  });
});

describe('version where Hermes computes it at run time', () => {
  it('takes install-stamp.json baseVersion when __init__.py has no literal, and the check is not degraded', async () => {
    const fx = await fixture({ versionStyle: 'install-stamp', gateway: 'absent' });
    const { hermes, probes } = await collect(fx);
    expect(hermes).toMatchObject({ version: '0.21.3', versionSource: 'install-stamp' });
    expect(probes.find((p) => p.name === 'hermes.version')).toMatchObject({ ok: true, error: null });
  });

  it('takes the stable release tag at HEAD (annotated, peeled), ignoring pre-release tags', async () => {
    const fx = await fixture({ versionStyle: 'git-tag', gateway: 'absent' });
    const { hermes, probes, config } = await collect(fx);
    expect(hermes).toMatchObject({ version: '0.21.3', versionSource: 'git-tag' });
    expect(probes.find((p) => p.name === 'hermes.version')).toMatchObject({ ok: true });
    // The defaults merged are those of the Hermes version the tag names.
    expect(config.defaultsVersion).toBe('0.21.3');
  });

  it('ignores a stamp Hermes would ignore (all-zero placeholder commit)', () => {
    expect(parseInstallStamp('{"commit":"0000000","baseVersion":"0.21.3"}')).toBeNull();
    expect(parseInstallStamp('\ufeff{"commit":"abc123","baseVersion":"0.21.4"}')).toBe('0.21.4');
    expect(parseInstallStamp('{"baseVersion":"0.21.4"}')).toBeNull();
  });
});

describe('gateway liveness honours the pid record hermes_home', () => {
  it('never calls a live gateway of another profile this instance’s running gateway', async () => {
    const fx = await fixture({ gateway: 'foreign-profile' });
    const before = await hashTree(fx.dir);
    const { gateway } = await collect(fx);
    expect(fx.expected.gatewayRunning).toBe(false);
    expect(gateway).toMatchObject({ running: false, pid: null, pidRecordForeign: true });
    expect(gateway.heartbeatAt).toBeNull();
    expect(diffTrees(before, await hashTree(fx.dir))).toEqual([]);
  });

  it('still accepts its own record (same home through a symlink) and legacy records without the field', async () => {
    const fx = await fixture({ gateway: 'live' });
    expect((await collect(fx)).gateway).toMatchObject({ running: true, pidRecordForeign: false });
    // Same home spelled through a symlink: _same_hermes_home resolves it, so it is ours.
    const { readFile, symlink, writeFile } = await import('node:fs/promises');
    const alias = join(fx.dir, 'home-alias');
    await symlink(fx.hermesHome, alias);
    const record = JSON.parse(await readFile(join(fx.hermesHome, 'gateway.pid'), 'utf8')) as object;
    await writeFile(join(fx.hermesHome, 'gateway.pid'), JSON.stringify({ ...record, hermes_home: alias }));
    expect((await collect(fx)).gateway).toMatchObject({ running: true, pidRecordForeign: false });
  });
});
