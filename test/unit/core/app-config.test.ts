import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultAppConfig } from '../../../main/core/config/app-config.js';
import {
  configDir,
  configOverrideFromArgv,
  dataDir,
  defaultConfigFile,
  resolveConfigFile,
} from '../../../main/core/config/config-paths.js';
import { loadConfig, saveConfig } from '../../../main/core/config/load-config.js';

const dir = mkdtempSync(join(tmpdir(), 'hmc-cfg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, value: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}

const goodHost = {
  name: 'hermes-vm',
  host: '100.87.53.10',
  user: 'hmc-reader',
  instances: [
    { id: 'vijay', label: 'Vijay' },
    { id: 'bheem', label: 'Bheem' },
  ],
};

describe('app config', () => {
  it('a missing file means demo (config null), not an error', async () => {
    expect(await loadConfig(join(dir, 'nope.json'))).toEqual({
      ok: true,
      path: join(dir, 'nope.json'),
      config: null,
    });
  });

  it('loads a minimal file with defaults filled in', async () => {
    const result = await loadConfig(write('ok.json', { hosts: [goodHost], pollIntervalSeconds: 30 }));
    expect(result.ok).toBe(true);
    if (!result.ok || !result.config) throw new Error('expected config');
    expect(result.config.pollIntervalSeconds).toBe(30);
    expect(result.config.hosts[0]).toMatchObject({ port: 22, snapshotRoot: '/var/lib/hermes-exporter' });
    expect(result.config.thresholds.diskUsedPctWarning).toBe(85);
    expect(defaultAppConfig().hosts).toEqual([]);
  });

  it('names the bad field path and the file', async () => {
    const file = write('bad-port.json', { hosts: [{ ...goodHost, port: 70000 }] });
    const result = await loadConfig(file);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('CONFIG_INVALID');
    expect(result.error.field).toBe('hosts[0].port');
    expect(result.error.message).toContain(file);
    expect(result.error.message).toContain('hosts[0].port');
  });

  it('rejects a misspelt key instead of ignoring it', async () => {
    const result = await loadConfig(write('typo.json', { hosts: [{ ...goodHost, hostname: 'x' }] }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/hosts\[0\].*hostname/);
    const top = await loadConfig(write('typo-top.json', { pollInterval: 30 }));
    expect(!top.ok && top.error.message).toMatch(/pollInterval/);
  });

  it('rejects duplicate instance ids across hosts, naming the second one', async () => {
    const result = await loadConfig(
      write('dup.json', {
        hosts: [goodHost, { ...goodHost, name: 'other', instances: [{ id: 'vijay', label: 'V2' }] }],
      }),
    );
    expect(!result.ok && result.error.field).toBe('hosts[1].instances[0].id');
  });

  it('reports broken JSON with its line and column', async () => {
    const file = write('broken.json', '{\n  "hosts": [\n  }\n');
    const result = await loadConfig(file);
    expect(!result.ok && result.error.message).toMatch(/not valid JSON \(syntax error at line 3, column 3\)/);
    expect(!result.ok && result.error.message).toContain(file);
  });

  it('fills a missing user and port from the ~/.ssh/config alias, and says so when it cannot', async () => {
    const sshConfig = {
      text: 'Host hermes\n  HostName 100.87.53.10\n  User hmc-reader\n  Port 2222\n',
      home: dir,
    };
    const { user: _u, ...noUser } = goodHost;
    const result = await loadConfig(write('alias.json', { hosts: [{ ...noUser, host: 'hermes' }] }), {
      sshConfig,
    });
    expect(result.ok && result.config?.hosts[0]).toMatchObject({
      host: 'hermes',
      user: 'hmc-reader',
      port: 2222,
    });
    const missing = await loadConfig(write('nouser.json', { hosts: [noUser] }), { sshConfig });
    expect(!missing.ok && missing.error.message).toMatch(/hosts\[0\]\.user.*~\/\.ssh\/config/);
  });

  it('saves atomically with mode 0600 and refuses to save an invalid config', async () => {
    const file = join(dir, 'saved', 'config.json');
    const saved = await saveConfig(file, { hosts: [goodHost] });
    expect(saved.ok).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8')).hosts[0].name).toBe('hermes-vm');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const bad = await saveConfig(file, { hosts: [{ ...goodHost, instances: [] }] });
    expect(!bad.ok && bad.error.field).toBe('hosts[0].instances');
    expect(JSON.parse(readFileSync(file, 'utf8')).hosts[0].instances).toHaveLength(2);
  });
});

describe('config paths', () => {
  it('uses XDG on Linux, Application Support on macOS, APPDATA on Windows', () => {
    expect(defaultConfigFile({ platform: 'linux', env: {}, home: '/home/u' })).toBe(
      '/home/u/.config/hermes-mission-control/config.json',
    );
    expect(configDir({ platform: 'linux', env: { XDG_CONFIG_HOME: '/x/cfg' }, home: '/home/u' })).toBe(
      '/x/cfg/hermes-mission-control',
    );
    // A relative XDG value is invalid per the spec and ignored.
    expect(configDir({ platform: 'linux', env: { XDG_CONFIG_HOME: 'rel' }, home: '/home/u' })).toBe(
      '/home/u/.config/hermes-mission-control',
    );
    expect(dataDir({ platform: 'linux', env: {}, home: '/home/u' })).toBe(
      '/home/u/.local/share/hermes-mission-control',
    );
    expect(configDir({ platform: 'darwin', env: {}, home: '/Users/u' })).toBe(
      '/Users/u/Library/Application Support/hermes-mission-control',
    );
    expect(
      defaultConfigFile({
        platform: 'win32',
        env: { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' },
        home: 'C:\\Users\\u',
      }),
    ).toBe('C:\\Users\\u\\AppData\\Roaming\\hermes-mission-control\\config.json');
  });

  it('honours --config FILE and --config=FILE', () => {
    expect(configOverrideFromArgv(['status', '--config', 'a.json'])).toBe('a.json');
    expect(configOverrideFromArgv(['--config=/b.json'])).toBe('/b.json');
    expect(configOverrideFromArgv(['status'])).toBeNull();
    expect(() => configOverrideFromArgv(['--config'])).toThrow(/needs a file/);
    expect(resolveConfigFile('~/x.json', { home: '/home/u' })).toBe('/home/u/x.json');
    expect(resolveConfigFile(null, { platform: 'linux', env: {}, home: '/home/u' })).toBe(
      '/home/u/.config/hermes-mission-control/config.json',
    );
  });
});
