import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectBackupRepo } from '../../../exporter/src/collect/backup-repo.js';
import type { ExporterState } from '../../../exporter/src/collect/context.js';
import { parseSecretScan } from '../../../exporter/src/collect/secret-scan.js';
import {
  buildBackupRepo,
  CANARY_GITHUB,
  CANARY_OPENAI,
  CANARY_TELEGRAM,
  git,
  put,
  treeFingerprint,
  type BackupRepoFixture,
} from '../../fixtures/system/backup-repo-fixture.js';
import { makeContext } from '../../fixtures/system/context.js';
import { realExec, recordingExec } from '../../fixtures/system/real-exec.js';

let tmp: string;
let fx: BackupRepoFixture;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'hmc-backup-'));
  fx = await buildBackupRepo(join(tmp, 'main'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

function run(repo: string, state: ExporterState, payloadDir?: string) {
  const { exec, calls } = recordingExec(realExec());
  const ctx = makeContext({ backup: { repo, ...(payloadDir ? { payloadDir } : {}) } }, { exec, state });
  return collectBackupRepo(ctx).then((result) => ({ ...result, calls }));
}

/** The run loop persists the state as JSON between runs. */
const persist = (state: ExporterState): ExporterState => JSON.parse(JSON.stringify(state)) as ExporterState;

describe('backup repo collector on a real git repo', () => {
  it('reports branch, HEAD, commit age, dirt, ahead/behind, payload, forbidden files and secret hits', async () => {
    const { value, problems, calls } = await run(fx.repo, {});
    expect(problems).toEqual([]);
    expect(value).toMatchObject({
      repoPath: fx.repo,
      branch: 'main',
      head: git(fx.repo, ['rev-parse', '--short=8', 'HEAD']).trim(),
      lastCommitAt: fx.headCommittedAt,
      lastCommitAgeSeconds: 3900, // 11:00 → the fixed clock's 12:05
      dirty: true,
      dirtyFiles: 2,
      upstream: 'origin/main',
      ahead: 1,
      behind: 1,
      restorePayload: {
        configYaml: true,
        skills: true,
        sessions: true,
        cron: true,
        memories: true,
        scripts: true,
      },
    });
    expect(value!.forbiddenFiles!.sort()).toEqual([
      'hermes_persistent_backup/.env',
      'hermes_persistent_backup/mcp-tokens/github.json',
    ]);
    expect(value!.secretScan!.head).toBe(git(fx.repo, ['rev-parse', 'HEAD']).trim());
    expect(value!.secretScan!.hits).toEqual(
      expect.arrayContaining([
        { file: 'hermes_persistent_backup/.env', pattern: 'telegram-bot-token' },
        { file: 'hermes_persistent_backup/.env', pattern: 'openai-style-key' },
        { file: 'hermes_persistent_backup/.env', pattern: 'secret-assignment' },
        { file: 'notes/setup.md', pattern: 'github-token' },
      ]),
    );
    // Empty and placeholder assignments in the template are not secrets.
    expect(value!.secretScan!.hits.map((h) => h.file)).not.toContain('hermes_persistent_backup/.env.example');
    // First run: status, log, ls-tree, grep. Every call is read-only git with optional locks off.
    expect(calls.map((c) => firstCommandOf(c.args))).toEqual(['status', 'log', 'ls-tree', 'grep']);
    for (const call of calls) {
      expect(call.file).toBe('git');
      expect(call.args.slice(0, 2)).toEqual(['-C', fx.repo]);
      expect(call.args).toContain('core.quotepath=off');
      expect(call.env?.GIT_OPTIONAL_LOCKS).toBe('0');
      expect(call.args).not.toContain('fetch');
    }
  });

  it('runs only git status while HEAD is unchanged, and scans again once HEAD moves', async () => {
    // Build the cache through a real run, persisted as the run loop would.
    const seeded: ExporterState = {};
    await run(fx.repo, seeded);
    const state = persist(seeded);

    const steady = await run(fx.repo, state);
    expect(steady.calls).toHaveLength(1);
    expect(firstCommandOf(steady.calls[0]!.args)).toBe('status');
    expect(steady.value!.secretScan!.hits.length).toBeGreaterThan(0);
    expect(steady.value!.lastCommitAt).toBe(fx.headCommittedAt);

    // A new backup commit: the scan (and log/ls-tree) run once more, then it is steady again.
    const moved = join(tmp, 'moved');
    await cp(fx.repo, moved, { recursive: true });
    await put(moved, 'hermes_persistent_backup/memories/MEMORY.md', 'Updated.\n');
    git(moved, ['commit', '-q', '-am', 'backup 3'], '2026-11-21T12:00:00Z');
    const movedState = persist(state);
    const afterCommit = await run(moved, movedState);
    expect(afterCommit.calls.map((c) => firstCommandOf(c.args)).sort()).toEqual([
      'grep',
      'log',
      'ls-tree',
      'status',
    ]);
    expect(afterCommit.value!.secretScan!.head).toBe(git(moved, ['rev-parse', 'HEAD']).trim());
    expect(afterCommit.value!.lastCommitAt).toBe('2026-11-21T12:00:00.000Z');
    expect((await run(moved, persist(movedState))).calls).toHaveLength(1);
  });

  it('changes nothing in the repo or its .git (content, mode and mtimes)', async () => {
    const before = await treeFingerprint(fx.repo);
    const state: ExporterState = {};
    await run(fx.repo, state);
    await run(fx.repo, state);
    expect(await treeFingerprint(fx.repo)).toEqual(before);
  });

  it('never puts a secret value in its output or its cached state', async () => {
    const state: ExporterState = {};
    const { value } = await run(fx.repo, state);
    const text = JSON.stringify({ value, state });
    for (const canary of [
      CANARY_TELEGRAM,
      CANARY_GITHUB,
      CANARY_OPENAI,
      'AAHcanary',
      'C4n4ry',
      'CANARYopenai',
    ])
      expect(text).not.toContain(canary);
  });

  it('reads a repo owned by another user without touching any git config', async () => {
    const foreign = join(tmp, 'foreign');
    await cp(fx.repo, foreign, { recursive: true });
    execFileSync('chown', ['-R', '65534:65534', foreign]);
    // Plain git refuses it ("dubious ownership"); the collector must still read it.
    expect(() => execFileSync('git', ['-C', foreign, 'status'], { stdio: 'pipe' })).toThrow(
      /dubious ownership/,
    );
    const { value, problems } = await run(foreign, {});
    expect(problems).toEqual([]);
    expect(value).toMatchObject({ branch: 'main', ahead: 1, behind: 1, dirtyFiles: 2 });
  });

  it('finds the payload at the repo root when there is no hermes_persistent_backup folder', async () => {
    const rootRepo = join(tmp, 'root-payload');
    git(tmp, ['init', '-q', '-b', 'main', rootRepo]);
    await put(rootRepo, 'config.yaml', 'model: {}\n');
    await put(rootRepo, 'skills/a/SKILL.md', '# a\n');
    await put(rootRepo, 'state.db', 'SQLite format 3\0');
    await put(rootRepo, 'state.db-wal', '\0\0');
    git(rootRepo, ['add', '-A']);
    git(rootRepo, ['commit', '-q', '-m', 'one']);
    const { value, problems } = await run(rootRepo, {});
    expect(problems).toEqual([]);
    expect(value).toMatchObject({
      upstream: null,
      ahead: null,
      behind: null,
      dirty: false,
      dirtyFiles: 0,
      restorePayload: {
        configYaml: true,
        skills: true,
        sessions: false,
        cron: false,
        memories: false,
        scripts: false,
      },
      forbiddenFiles: ['state.db', 'state.db-wal'],
    });
    expect(value!.secretScan!.hits).toEqual([]);

    // An explicit payloadDir that does not hold the payload says so.
    const explicit = await run(rootRepo, {}, 'hermes_persistent_backup');
    expect(explicit.value!.restorePayload!.configYaml).toBe(false);
  });

  it('reports an empty repo as having nothing to restore, with one subprocess', async () => {
    const empty = join(tmp, 'empty');
    git(tmp, ['init', '-q', '-b', 'main', empty]);
    const { value, problems, calls } = await run(empty, {});
    expect(problems).toEqual([]);
    expect(calls).toHaveLength(1);
    expect(value).toMatchObject({ branch: 'main', head: null, lastCommitAt: null, forbiddenFiles: [] });
    expect(value!.restorePayload!.configYaml).toBe(false);
  });

  it('leaves every field unknown with a reason when the path is not a git repo', async () => {
    const { value, problems } = await run(join(tmp, 'does-not-exist'), {});
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^git status: /);
    expect(value).toMatchObject({ branch: null, head: null, dirty: null, ahead: null, secretScan: null });
  });

  it('returns null (not configured) without a subprocess when no backup repo is configured', async () => {
    const { exec, calls } = recordingExec(realExec());
    const { value } = await collectBackupRepo(makeContext({}, { exec }));
    expect(value).toBeNull();
    expect(calls).toHaveLength(0);
  });
});

describe('secret scan output parsing', () => {
  it('names patterns but never returns the matched text', () => {
    const oid = 'a'.repeat(40);
    const out =
      `${oid}:x/.env\0PASSWORD=hunter2-long\n` +
      `${oid}:x/.env\0PASSWORD=\${FROM_ENV}\n` +
      `${oid}:keys/id\0-----BEGIN ${'OPENSSH'} PRIVATE KEY-----\n` +
      `${oid}:aws.txt\0AKIAABCDEFGHIJKLMNOP\n`;
    const hits = parseSecretScan(out, oid);
    expect(hits).toEqual([
      { file: 'x/.env', pattern: 'secret-assignment' },
      { file: 'keys/id', pattern: 'private-key-block' },
      { file: 'aws.txt', pattern: 'aws-access-key-id' },
    ]);
    expect(JSON.stringify(hits)).not.toContain('hunter2');
  });
});

/** The git subcommand in an argv that starts with global options (`-C dir`, `-c k=v` pairs). */
function firstCommandOf(args: string[]): string {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-C' || args[i] === '-c') {
      i++;
      continue;
    }
    return args[i]!;
  }
  return '';
}
