import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { countErrorLines, collectLogs } from '../../../exporter/src/collect/logs.js';
import { collectMemory, countEntries } from '../../../exporter/src/collect/memory.js';
import { collectRecovery, tokenExpiry } from '../../../exporter/src/collect/recovery.js';
import { collectSkills, countSkills } from '../../../exporter/src/collect/skills.js';
import { logTimestamp } from '../../fixtures/hermes-home/write-home-files.js';

const NOW = new Date('2026-07-18T10:00:00Z');
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function home(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'hmc-files-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  for (const [rel, content] of Object.entries(files)) {
    await mkdir(join(dir, rel, '..'), { recursive: true });
    await writeFile(join(dir, rel), content);
  }
  return dir;
}

describe('memory', () => {
  it('counts § -separated entries and usage against the configured limits', async () => {
    const dir = await home({
      'memories/MEMORY.md': 'aaaa\n§\nbbbb\n§\n\n§\ncccc',
      'memories/USER.md': 'x'.repeat(275),
    });
    const { value: info, error } = await collectMemory(dir, {
      memory: { memory_char_limit: 100, user_char_limit: 1375 },
    });
    // The empty chunk is dropped before joining: "aaaa\n§\nbbbb\n§\ncccc" is 18 characters.
    expect(info).toEqual({
      entries: 3,
      userEntries: 1,
      memoryUsagePct: 18,
      userUsagePct: 20,
      memoryChars: 18,
      userChars: 275,
      memoryCharLimit: 100,
      userCharLimit: 1375,
      provider: 'builtin',
    });
    expect(error).toBeNull();
  });

  it('treats empty and missing stores as zero entries, and an inline § as part of an entry', async () => {
    const dir = await home({ 'memories/MEMORY.md': '' });
    expect((await collectMemory(dir, {})).value).toMatchObject({
      entries: 0,
      userEntries: 0,
      memoryUsagePct: 0,
    });
    expect(countEntries('a § b')).toBe(1);
  });
});

describe('skills', () => {
  it("counts SKILL.md like Hermes: not in archives, hub, venvs or a skill's own references", async () => {
    const skill = '---\nname: s\n---\n';
    const dir = await home({
      'skills/a/one/SKILL.md': skill,
      'skills/two/SKILL.md': skill,
      'skills/two/templates/t/SKILL.md': skill,
      'skills/two/scripts/SKILL.md': skill,
      'skills/b/three/nested/SKILL.md': skill,
      'skills/.archive/old/SKILL.md': skill,
      'skills/.hub/quarantine/bad/SKILL.md': skill,
      'skills/c/venv/lib/SKILL.md': skill,
      'skills/c/node_modules/x/SKILL.md': skill,
      'skills/.hub/lock.json': '{"installed": {"a": {}, "b": {}}}',
      'skills/.curator_state': '{"last_run_at": 1784364000}',
    });
    expect(await countSkills(join(dir, 'skills'))).toBe(3);
    expect(await collectSkills(dir)).toEqual({
      count: 3,
      hubInstalled: 2,
      quarantined: 1,
      curatorLastRunAt: '2026-07-18T08:40:00.000Z',
    });
  });

  it('reports zero for a home without skills and unknown hub count for a corrupt lock file', async () => {
    const dir = await home({ 'skills/.hub/lock.json': '{oops' });
    expect(await collectSkills(dir)).toEqual({
      count: 0,
      hubInstalled: null,
      quarantined: 0,
      curatorLastRunAt: null,
    });
  });
});

describe('logs', () => {
  const at = (ago: number) => logTimestamp(new Date(NOW.getTime() - ago * 1000));

  it('counts ERROR and CRITICAL lines of the last 24 h across the current and rotated file', async () => {
    const dir = await home({
      'logs/errors.log': `${at(60)} ERROR a: x\n${at(90000)} ERROR a: too old\n${at(120)} WARNING a: no\n  ERROR in a traceback\n`,
      'logs/errors.log.1': `${at(3600)} CRITICAL gateway.shutdown_watchdog: stalled\n${at(7200)} ERROR b: y\n`,
    });
    expect(await collectLogs(dir, NOW)).toEqual({ errors24h: 2, critical24h: 1 });
  });

  it('is unknown without a logs folder and zero with an empty one', async () => {
    expect(await collectLogs(await home({}), NOW)).toEqual({ errors24h: null, critical24h: null });
    expect(countErrorLines('', NOW)).toEqual({ errors24h: 0, critical24h: 0 });
  });
});

describe('recovery', () => {
  it('dates the restore drill from ISO content, else from the marker mtime', async () => {
    const dir = await home({ 'drill-iso': '2026-07-11T10:00:00Z\n', 'drill-touch': '' });
    const touched = new Date('2026-07-16T10:00:00Z');
    await utimes(join(dir, 'drill-touch'), touched, touched);
    expect(await collectRecovery(dir, { restoreDrillMarker: 'drill-iso' }, NOW)).toMatchObject({
      restoreDrillAgeDays: 7,
    });
    expect(await collectRecovery(dir, { restoreDrillMarker: join(dir, 'drill-touch') }, NOW)).toMatchObject({
      restoreDrillAt: '2026-07-16T10:00:00.000Z',
      restoreDrillAgeDays: 2,
    });
    expect(await collectRecovery(dir, { restoreDrillMarker: 'missing' }, NOW)).toMatchObject({
      restoreDrillAt: null,
    });
  });

  it('reads token expiry in all three formats and never the token', async () => {
    expect(tokenExpiry({ expiry: '2026-07-18T11:00:00.123456Z' })?.toISOString()).toBe(
      '2026-07-18T11:00:00.123Z',
    );
    expect(tokenExpiry({ expires_at: 1784372400 })?.toISOString()).toBe('2026-07-18T11:00:00.000Z');
    expect(tokenExpiry({ expiry_date: 1784372400000 })?.toISOString()).toBe('2026-07-18T11:00:00.000Z');
    const dir = await home({ 'tok.json': '{"access_token":"ya29.SECRET","expiry_date":1784372400000}' });
    const info = await collectRecovery(dir, { googleTokenFile: 'tok.json' }, NOW);
    expect(info.googleToken).toEqual({
      present: true,
      expiresAt: '2026-07-18T11:00:00.000Z',
      hasRefreshToken: false,
    });
    expect(JSON.stringify(info)).not.toContain('SECRET');
    const none = await collectRecovery(dir, { googleTokenFile: 'nope.json' }, NOW);
    expect(none.googleToken).toEqual({ present: false, expiresAt: null, hasRefreshToken: null });
    expect((await collectRecovery(dir, {}, NOW)).googleToken).toBeNull();
  });
});
