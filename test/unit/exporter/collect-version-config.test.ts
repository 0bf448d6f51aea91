import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { summarizeConfig, urlHost } from '../../../exporter/src/collect/config-summary.js';
import { readHermesConfig } from '../../../exporter/src/collect/hermes-config.js';
import {
  collectVersion,
  parseInitPy,
  parsePyprojectVersion,
  readGitHead,
} from '../../../exporter/src/collect/version.js';
import { buildHermesHome } from '../../fixtures/hermes-home/index.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'hmc-version-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const SHA = '89abcdef0123456789abcdef0123456789abcdef';

describe('Hermes version without running Python', () => {
  it('reads a Docker image layout: build sha as HEAD, install method docker, no .git', async () => {
    const dir = await tempDir();
    const fx = await buildHermesHome(dir, { install: 'docker', gateway: 'absent' });
    cleanups.push(() => fx.close());
    const info = await collectVersion(fx.installDir, fx.hermesHome);
    expect(info).toMatchObject({
      version: '0.18.2',
      gitHead: '0f1e2d3c',
      installMethod: 'docker',
      updateBehind: 3,
    });
  });

  it('resolves HEAD through packed-refs when the branch has no loose ref', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, '.git'), { recursive: true });
    await writeFile(join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    await writeFile(
      join(dir, '.git', 'packed-refs'),
      `# pack-refs with: peeled fully-peeled sorted\n${SHA} refs/heads/main\n`,
    );
    expect(await readGitHead(dir)).toBe(SHA);
  });

  it('follows a worktree .git file to its gitdir and commondir', async () => {
    const dir = await tempDir();
    const main = join(dir, 'main.git');
    const wt = join(main, 'worktrees', 'x');
    await mkdir(join(main, 'refs', 'heads'), { recursive: true });
    await mkdir(wt, { recursive: true });
    await writeFile(join(main, 'refs', 'heads', 'feature'), `${SHA}\n`);
    await writeFile(join(wt, 'HEAD'), 'ref: refs/heads/feature\n');
    await writeFile(join(wt, 'commondir'), '../..\n');
    await mkdir(join(dir, 'checkout'));
    await writeFile(join(dir, 'checkout', '.git'), `gitdir: ${wt}\n`);
    expect(await readGitHead(join(dir, 'checkout'))).toBe(SHA);
  });

  it('accepts a detached HEAD and reports no version for a missing install dir', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, '.git'));
    await writeFile(join(dir, '.git', 'HEAD'), `${SHA}\n`);
    expect(await readGitHead(dir)).toBe(SHA);
    const info = await collectVersion(null, dir);
    expect(info).toMatchObject({ version: null, gitHead: null, installDir: null, updateBehind: null });
  });

  it('parses __init__.py and pyproject.toml by pattern', () => {
    expect(parseInitPy('__version__ = "0.21.3"\n__release_date__ = \'2026.8.1\'\n')).toEqual({
      version: '0.21.3',
      releaseDate: '2026.8.1',
    });
    expect(parsePyprojectVersion('[tool.x]\nversion = "9"\n[project]\nname="h"\nversion = "0.21.3"\n')).toBe(
      '0.21.3',
    );
    expect(parsePyprojectVersion('[project]\nname="h"\n')).toBeNull();
  });
});

describe('config summary', () => {
  it('never carries a secret from anywhere in config.yaml', async () => {
    const dir = await tempDir();
    const fx = await buildHermesHome(dir, { install: 'none', gateway: 'absent' });
    cleanups.push(() => fx.close());
    const read = await readHermesConfig(fx.hermesHome);
    if (read.status !== 'ok') throw new Error('config not read');
    const summary = summarizeConfig(read.config);
    expect(JSON.stringify(summary)).not.toMatch(/FIXTURE|sk-|ghp_|PW|hunter/);
  });

  it('handles a string model and the legacy fallback_model; missing sections take the defaults', () => {
    const summary = summarizeConfig({
      model: 'nous/Hermes-4-70B',
      fallback_model: { provider: 'openrouter', model: 'x/y' },
      memory: { provider: 'honcho' },
      cron: { provider: 'chronos' },
      timezone: 'Europe/Berlin',
      dashboard: {},
    });
    expect(summary).toMatchObject({
      configVersion: null,
      modelDefault: 'nous/Hermes-4-70B',
      modelProvider: null,
      fallbackChain: [{ provider: 'openrouter', model: 'x/y' }],
      // Version unknown: only defaults every known Hermes version agrees on.
      approvalsMode: 'smart',
      redactSecrets: true,
      defaultsVersion: null,
      memoryProvider: 'honcho',
      cronProvider: 'chronos',
      timezone: 'Europe/Berlin',
      dashboardAuthConfigured: false,
      stateStoreBackend: 'sqlite',
    });
  });

  it('refuses values that do not look like identifiers instead of exporting them', () => {
    const summary = summarizeConfig({
      model: { default: 'my model has spaces and sk-abc123', provider: 'ok' },
    });
    expect(summary.modelDefault).toBeNull();
    expect(summary.modelProvider).toBe('ok');
  });

  it('keeps only the host of a base URL', () => {
    expect(urlHost('https://user:pw@api.example.com:8443/v1?key=abc')).toBe('api.example.com:8443');
    expect(urlHost('not a url')).toBeNull();
  });

  it('reports a YAML syntax error without quoting the file', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'config.yaml'), 'model:\n  api_key: "sk-FIXTURE\n  x: [');
    const read = await readHermesConfig(dir);
    expect(read.status).toBe('invalid');
    expect(JSON.stringify(read)).not.toContain('FIXTURE');
  });
});
