import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configFromFlags, loadConfigFile } from '../../../exporter/src/config-load.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hmc-cfg-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('loadConfigFile', () => {
  it('loads the shipped Vijay example with the seeds topology', () => {
    const file = join(dir, 'vijay.yaml');
    copyFileSync(fileURLToPath(new URL('../../../docs/examples/exporter-vijay.yaml', import.meta.url)), file);
    const r = loadConfigFile(file);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.config.instance.id).toBe('vijay');
    expect(r.config.hermesHome).toBe('/root/.hermes');
    expect(r.config.outDir).toBe('/var/lib/hermes-exporter/vijay');
    expect(r.config.systemd).toMatchObject({
      scope: 'system',
      gatewayUnit: 'hermes-gateway.service',
      dashboardUnit: 'hermes-root-dashboard.service',
      backupTimer: 'hermes-root-backup.timer',
      emergencyUploadTimer: 'hermes-emergency-drive-upload.timer',
    });
    expect(r.config.dashboard?.port).toBe(9119);
    expect(r.config.backup?.repo).toBe('/root/repos/bytelyst_hostinger_hermes_vm');
    expect(r.config.host_probes.enabled).toBe(true);
  });

  it('loads the shipped Bheem example: user gateway, system dashboard and backup timer, :9120', () => {
    const r = loadConfigFile(
      fileURLToPath(new URL('../../../docs/examples/exporter-bheem.yaml', import.meta.url)),
    );
    if (!r.ok) throw new Error(r.error.message);
    expect(r.config).toMatchObject({
      instance: { id: 'bheem' },
      hermesHome: '/home/uma/.hermes',
      systemd: {
        scope: 'user',
        gatewayUnit: 'uma-hermes-gateway.service',
        dashboardUnit: { name: 'uma-hermes-dashboard.service', scope: 'system' },
        backupTimer: { name: 'uma-hermes-backup.timer', scope: 'system' },
      },
      dashboard: { port: 9120 },
      backup: { repo: '/home/uma/repos/uma_hostinger_hermes_vm' },
      host_probes: { enabled: false },
    });
  });

  it('accepts JSON and applies the schema defaults', () => {
    const r = loadConfigFile(
      write('c.json', JSON.stringify({ instance: { id: 'x', label: 'X' }, hermesHome: '/h', outDir: '/o' })),
    );
    if (!r.ok) throw new Error(r.error.message);
    expect(r.config.intervalSeconds).toBe(60);
    expect(r.config.systemd.scope).toBe('system');
  });

  it('takes relative paths relative to the config file, not the working directory', () => {
    const r = loadConfigFile(
      write('c.yaml', 'instance: {id: x, label: X}\nhermesHome: home\noutDir: ./out\n'),
    );
    if (!r.ok) throw new Error(r.error.message);
    expect(r.config.hermesHome).toBe(join(dir, 'home'));
    expect(r.config.outDir).toBe(join(dir, 'out'));
  });

  it('names the failing field of a bad config', () => {
    const r = loadConfigFile(
      write(
        'c.yaml',
        'instance: {id: Vijay!, label: X}\nhermesHome: /h\noutDir: /o\ndashboard: {port: 99999}\n',
      ),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('CONFIG_INVALID');
    expect(r.error.message).toContain('field instance.id');
    expect(r.error.message).toContain('field dashboard.port');
  });

  it('takes each unit as a name (the instance’s manager) or as { name, scope }', () => {
    const r = loadConfigFile(
      write(
        'c.yaml',
        [
          'instance: {id: bheem, label: Bheem}',
          'hermesHome: /h',
          'outDir: /o',
          'systemd:',
          '  scope: user',
          '  gatewayUnit: uma-hermes-gateway.service',
          '  dashboardUnit: {name: uma-hermes-dashboard.service, scope: system}',
          '  watchdogUnit:',
          '    name: uma-watchdog.service',
          '    scope: user',
          '  extraUnits: [caddy.service, {name: uma-hermes-backup.service, scope: system}]',
          '',
        ].join('\n'),
      ),
    );
    if (!r.ok) throw new Error(r.error.message);
    expect(r.config.systemd).toEqual({
      scope: 'user',
      gatewayUnit: 'uma-hermes-gateway.service',
      dashboardUnit: { name: 'uma-hermes-dashboard.service', scope: 'system' },
      watchdogUnit: { name: 'uma-watchdog.service', scope: 'user' },
      extraUnits: ['caddy.service', { name: 'uma-hermes-backup.service', scope: 'system' }],
    });
  });

  it('names the unit field and what is wrong with it', () => {
    const message = (systemd: string): string => {
      const r = loadConfigFile(
        write('u.yaml', `instance: {id: x, label: X}\nhermesHome: /h\noutDir: /o\nsystemd: ${systemd}\n`),
      );
      if (r.ok) throw new Error(`accepted ${systemd}`);
      expect(r.error.code).toBe('CONFIG_INVALID');
      return r.error.message;
    };
    expect(message('{dashboardUnit: {name: d.service, scope: global}}')).toBe(
      `config ${join(dir, 'u.yaml')}: field systemd.dashboardUnit.scope: must be system or user`,
    );
    expect(message('{dashboardUnit: {name: d.service}}')).toMatch(
      /field systemd\.dashboardUnit\.scope: must be system or user$/,
    );
    expect(message('{backupTimer: {name: "not a unit", scope: system}}')).toMatch(
      /field systemd\.backupTimer\.name: must be a systemd unit name like name\.service$/,
    );
    expect(message('{gatewayUnit: gateway}')).toMatch(
      /field systemd\.gatewayUnit: must be a systemd unit name like name\.service$/,
    );
    expect(message('{extraUnits: [a.service, {name: b.service, scope: user, user: uma}]}')).toMatch(
      /field systemd\.extraUnits\.1: Unrecognized key: "user" \(user\)$/,
    );
    expect(message('{emergencyUploadTimer: 42}')).toMatch(
      /field systemd\.emergencyUploadTimer: must be a unit name like name\.service, or \{ name: name\.service, scope: system \| user \}$/,
    );
    expect(message('{scope: both}')).toMatch(/field systemd\.scope: must be system or user$/);
  });

  it('names unknown keys (typos) instead of ignoring them', () => {
    const r = loadConfigFile(
      write('c.yaml', 'instance: {id: x, label: X}\nhermesHome: /h\noutDir: /o\nhermes_home: /typo\n'),
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('hermes_home');
  });

  it('reports unreadable files and broken YAML with distinct codes', () => {
    const missing = loadConfigFile(join(dir, 'nope.yaml'));
    expect(!missing.ok && missing.error.code).toBe('CONFIG_UNREADABLE');
    const broken = loadConfigFile(write('b.yaml', 'instance: [unclosed\n'));
    expect(!broken.ok && broken.error.code).toBe('CONFIG_PARSE');
    const scalar = loadConfigFile(write('s.yaml', 'just a string\n'));
    expect(!scalar.ok && scalar.error.message).toMatch(/must be a mapping/);
  });

  it('refuses an alias bomb (or a huge list) with a clear error instead of walking every copy', () => {
    // Nine levels of ten aliases each: a billion leaves if expanded, a few hundred bytes of YAML.
    const levels = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++)
      levels.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    const bomb = loadConfigFile(
      write('bomb.yaml', `instance: {id: x, label: X}\nhermesHome: /h\noutDir: /o\n${levels.join('\n')}\n`),
    );
    expect(!bomb.ok && bomb.error.code).toBe('CONFIG_PARSE');
    expect(!bomb.ok && bomb.error.message).toMatch(/more than 5000 values/);
    const huge = loadConfigFile(
      write('huge.yaml', `instance: {id: x, label: X}\nlist: [${Array(300_000).fill(1).join(',')}]\n`),
    );
    expect(!huge.ok && huge.error.message).toMatch(/more than 5000 values/);
  });
});

describe('configFromFlags', () => {
  it('builds a single-instance config from flags', () => {
    const r = configFromFlags({
      instance: 'bheem',
      hermesHome: '/home/uma/.hermes',
      out: '/tmp/o',
      systemdScope: 'user',
      dashboardPort: '9120',
    });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.config.instance).toEqual({ id: 'bheem', label: 'bheem' });
    expect(r.config.systemd.scope).toBe('user');
    expect(r.config.dashboard?.port).toBe(9120);
  });

  it('names the missing flags', () => {
    const r = configFromFlags({ instance: 'x' });
    expect(!r.ok && r.error.message).toBe('missing --hermes-home, --out (or use --config <file>)');
  });

  it('names the flag, not the config field, when a flag value is wrong', () => {
    const scope = configFromFlags({ instance: 'x', hermesHome: '/h', out: '/o', systemdScope: 'global' });
    expect(!scope.ok && scope.error.message).toMatch(/^--systemd-scope: /);
    const port = configFromFlags({ instance: 'x', hermesHome: '/h', out: '/o', dashboardPort: 'abc' });
    expect(!port.ok && port.error.message).toMatch(/^--dashboard-port: /);
    const id = configFromFlags({ instance: 'Not Valid', hermesHome: '/h', out: '/o' });
    expect(!id.ok && id.error.message).toMatch(/^--instance: lowercase/);
  });
});
