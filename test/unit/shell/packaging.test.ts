import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { TRAY_ICONS } from '../../../main/tray/tray-model.js';
import { trayIconFileName } from '../../../main/tray/tray-icons.js';

const root = join(import.meta.dirname, '../../..');
const iconsDir = join(root, 'resources/icons');
const require = createRequire(import.meta.url);

function pngSize(path: string): { width: number; height: number } {
  const b = readFileSync(path);
  expect(b.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

describe('icons', () => {
  it.each(['darwin', 'linux', 'win32'] as const)(
    'has a 16 px and a @2x tray icon for every state on %s',
    (platform) => {
      for (const icon of TRAY_ICONS) {
        for (const dark of [false, true]) {
          const name = trayIconFileName(icon, platform, dark);
          expect(pngSize(join(iconsDir, name))).toEqual({ width: 16, height: 16 });
          expect(pngSize(join(iconsDir, name.replace('.png', '@2x.png')))).toEqual({ width: 32, height: 32 });
        }
      }
      expect(trayIconFileName('stale', 'darwin', false)).toBe('tray-staleTemplate.png');
    },
  );

  it('has a 512×512 app icon', () => {
    expect(pngSize(join(iconsDir, 'icon.png'))).toEqual({ width: 512, height: 512 });
  });

  it('commits exactly what scripts/make-icons.mjs generates', async () => {
    const { makeIcons } = await import('../../../scripts/make-icons.mjs');
    const dir = mkdtempSync(join(tmpdir(), 'hmc-icons-'));
    try {
      const written = makeIcons(dir);
      expect(written.sort()).toEqual(readdirSync(iconsDir).sort());
      for (const name of written)
        expect(readFileSync(join(dir, name)).equals(readFileSync(join(iconsDir, name))), name).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('electron-builder config', () => {
  const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

  it('builds AppImage and deb, dmg, and nsis from the built output only', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.files).toContain('out/**');
    expect(config.asar).toBe(true);
  });

  it('flips the fuses after packing', () => {
    expect(config.afterPack).toBe('scripts/flip-fuses.cjs');
    const { fuseConfig } = require('../../../scripts/flip-fuses.cjs') as {
      fuseConfig(p: string, a: string): Record<string, unknown>;
    };
    const { FuseV1Options } = require('@electron/fuses') as { FuseV1Options: Record<string, number> };
    const fuses = fuseConfig('linux', 'x64');
    const by = (name: string) => fuses[String(FuseV1Options[name])];
    expect(by('RunAsNode')).toBe(false);
    expect(by('EnableCookieEncryption')).toBe(true);
    expect(by('EnableNodeOptionsEnvironmentVariable')).toBe(false);
    expect(by('EnableNodeCliInspectArguments')).toBe(false);
    expect(by('EnableEmbeddedAsarIntegrityValidation')).toBe(true);
    expect(by('OnlyLoadAppFromAsar')).toBe(true);
    expect(fuseConfig('darwin', 'arm64').resetAdHocDarwinSignature).toBe(true);
  });
});
