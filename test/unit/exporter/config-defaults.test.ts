/**
 * Config with Hermes's defaults merged, as load_config() reports it. The defaults table is checked
 * against DEFAULT_CONFIG in a real Hermes source tree when one is at hand (HERMES_SOURCE_DIR or
 * HERMES_SOURCE_GIT, see test/helpers/hermes-source.ts); a fixture home written the way save_config
 * writes it (defaults stripped) must summarise exactly like the same config with every key spelled out.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { summarizeConfig } from '../../../exporter/src/collect/config-summary.js';
import { CONFIG_DEFAULTS, DEFAULTED_PATHS } from '../../../exporter/src/collect/defaults/config-defaults.js';
import {
  chooseDefaults,
  deepMerge,
  parseVersion,
} from '../../../exporter/src/collect/defaults/effective-config.js';
import { readHermesConfig } from '../../../exporter/src/collect/hermes-config.js';
import { buildHermesHome, type HermesHomeFixture } from '../../fixtures/hermes-home/index.js';
import { findHermesSource, readDefaultConfig } from '../../helpers/hermes-source.js';

const source = findHermesSource();

describe('the per-version defaults table', () => {
  it.skipIf(source === null)(
    source === null
      ? 'matches DEFAULT_CONFIG of a real Hermes tree (skipped: no Hermes source; set HERMES_SOURCE_DIR or HERMES_SOURCE_GIT)'
      : `matches DEFAULT_CONFIG of a real Hermes tree (${source.describe})`,
    () => {
      const checkout = source!.checkoutVersion();
      const rows = checkout
        ? CONFIG_DEFAULTS.filter((r) => r.version === checkout)
        : CONFIG_DEFAULTS.filter((r) => source!.configPy(r.commit) !== null);
      expect(rows.length, 'the source holds none of the table versions').toBeGreaterThan(0);
      for (const row of rows) {
        const real = readDefaultConfig(source!.configPy(row.commit)!, DEFAULTED_PATHS);
        expect({ version: row.version, values: real }).toEqual({ version: row.version, values: row.values });
      }
    },
  );

  it('has every reported key for every version, oldest first', () => {
    const versions = CONFIG_DEFAULTS.map((r) => parseVersion(r.version)!);
    const key = (v: number[]) => v[0]! * 1e6 + v[1]! * 1e3 + v[2]!;
    for (let i = 1; i < versions.length; i++)
      expect(key(versions[i]!)).toBeGreaterThan(key(versions[i - 1]!));
    for (const row of CONFIG_DEFAULTS)
      expect(Object.keys(row.values).sort()).toEqual([...DEFAULTED_PATHS].sort());
  });

  it('picks the newest row at or below the running version; unknown version gets version-stable keys only', () => {
    expect(chooseDefaults('0.18.2').version).toBe('0.18.2');
    expect(chooseDefaults('0.18.9').values['approvals.timeout']).toBe(60);
    expect(chooseDefaults('0.19.0').values['approvals.timeout']).toBe(300);
    expect(chooseDefaults('0.20.1').version).toBe('0.19.0');
    expect(chooseDefaults('0.21.3').version).toBe('0.21.3');
    expect(chooseDefaults('1.0.0').version).toBe('0.21.3');
    expect(chooseDefaults('0.12.0').version).toBe('0.18.2');
    const unknown = chooseDefaults(null);
    expect(unknown.version).toBeNull();
    expect(unknown.values['approvals.mode']).toBe('smart');
    expect('approvals.timeout' in unknown.values).toBe(false);
  });

  it('merges like _deep_merge: override wins, mappings recurse, a null section keeps the defaults', () => {
    const base = { terminal: { backend: 'local', cwd: '.' }, toolsets: ['hermes-cli'] };
    expect(deepMerge(base, { terminal: { backend: 'docker' } })).toEqual({
      terminal: { backend: 'docker', cwd: '.' },
      toolsets: ['hermes-cli'],
    });
    expect(deepMerge(base, { terminal: null })).toEqual(base);
    expect(deepMerge(base, { toolsets: [] })).toEqual({ ...base, toolsets: [] });
  });
});

describe('config.yaml as save_config writes it', () => {
  let dir: string;
  let saved: HermesHomeFixture;
  let full: HermesHomeFixture;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hmc-defaults-'));
    await mkdir(join(dir, 'saved'));
    await mkdir(join(dir, 'full'));
    saved = await buildHermesHome(join(dir, 'saved'), { gateway: 'absent', install: 'none' });
    full = await buildHermesHome(join(dir, 'full'), {
      gateway: 'absent',
      install: 'none',
      configStyle: 'full',
    });
  });
  afterAll(async () => {
    await saved?.close();
    await full?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('leaves the defaulted keys out of the file, as a real home does', async () => {
    const raw = parse(await readFile(join(saved.hermesHome, 'config.yaml'), 'utf8')) as Record<
      string,
      unknown
    >;
    for (const key of ['approvals', 'security', 'privacy', 'toolsets', 'terminal', 'web', 'timezone', 'cron'])
      expect(raw, key).not.toHaveProperty(key);
    expect(raw._config_version).toBe(33);
    expect(raw.browser).toEqual({ cdp_url: expect.any(String) });
  });

  it('reports what load_config() would: the 0.18.2 defaults, marked as defaults', async () => {
    const read = await readHermesConfig(saved.hermesHome);
    if (read.status !== 'ok') throw new Error(read.status);
    const summary = summarizeConfig(read.config, '0.18.2');
    expect(summary).toMatchObject({
      approvalsMode: 'smart',
      approvalsCronMode: 'deny',
      redactSecrets: true,
      redactPii: false,
      tirithEnabled: true,
      toolsets: ['hermes-cli'],
      terminalBackend: 'local',
      browserEngine: 'auto',
      webBackend: 'auto',
      timezone: 'local',
      memoryProvider: 'builtin',
      cronProvider: 'builtin',
      defaultsVersion: '0.18.2',
    });
    expect([...summary.defaulted!].sort()).toEqual(
      [
        'approvalsMode',
        'approvalsCronMode',
        'redactSecrets',
        'redactPii',
        'tirithEnabled',
        'toolsets',
        'terminalBackend',
        'browserEngine',
        'webBackend',
        'timezone',
        'memoryProvider',
        'cronProvider',
      ].sort(),
    );
  });

  it('summarises a saved config exactly like the same config with every key spelled out', async () => {
    const [a, b] = await Promise.all([readHermesConfig(saved.hermesHome), readHermesConfig(full.hermesHome)]);
    if (a.status !== 'ok' || b.status !== 'ok') throw new Error('config unreadable');
    const { defaulted: savedDefaulted, ...savedSummary } = summarizeConfig(a.config, '0.18.2');
    const { defaulted: fullDefaulted, ...fullSummary } = summarizeConfig(b.config, '0.18.2');
    expect(savedSummary).toEqual(fullSummary);
    expect(savedDefaulted!.length).toBeGreaterThan(0);
    // The full recipe spells out everything but memory.provider.
    expect(fullDefaulted).toEqual(['memoryProvider']);
  });

  it('keeps a value the user set, even to something else, and an explicit null as unknown', () => {
    const summary = summarizeConfig(
      { approvals: { mode: 'manual', cron_mode: null }, terminal: null, toolsets: [] },
      '0.19.0',
    );
    expect(summary.approvalsMode).toBe('manual');
    expect(summary.approvalsCronMode).toBeNull();
    expect(summary.terminalBackend).toBe('local');
    expect(summary.toolsets).toEqual([]);
    expect(summary.defaulted).toContain('terminalBackend');
    expect(summary.defaulted).not.toContain('approvalsMode');
    expect(summary.defaulted).not.toContain('approvalsCronMode');
    expect(summary.defaulted).not.toContain('toolsets');
  });
});
