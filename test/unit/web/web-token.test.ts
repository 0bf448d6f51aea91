import { mkdtemp, readFile, rm, stat, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadWebToken, WEB_TOKEN_FILE } from '../../../main/web/web-token.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hmc-token-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const file = () => join(dir, 'data', WEB_TOKEN_FILE);
const mode = async () => (await stat(file())).mode & 0o777;

describe('the hermes-mc web token, one per data directory', () => {
  it('is created 0600 on first use and the same on every later start', async () => {
    const first = await loadWebToken(join(dir, 'data'));
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await mode()).toBe(0o600);
    expect(await loadWebToken(join(dir, 'data'))).toBe(first);
    expect((await readFile(file(), 'utf8')).trim()).toBe(first);
  });

  it('is replaced by --rotate-token, and the new one is kept', async () => {
    const first = await loadWebToken(join(dir, 'data'));
    const rotated = await loadWebToken(join(dir, 'data'), { rotate: true });
    expect(rotated).not.toBe(first);
    expect(await loadWebToken(join(dir, 'data'))).toBe(rotated);
    expect(await mode()).toBe(0o600);
  });

  it('tightens a loosened file back to 0600 and replaces a file that holds no token of ours', async () => {
    const first = await loadWebToken(join(dir, 'data'));
    await chmod(file(), 0o644);
    expect(await loadWebToken(join(dir, 'data'))).toBe(first);
    expect(await mode()).toBe(0o600);
    await writeFile(file(), 'not a token\n');
    const replaced = await loadWebToken(join(dir, 'data'));
    expect(replaced).not.toBe('not a token');
    expect(replaced).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
