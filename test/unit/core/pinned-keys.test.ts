import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sha256Fingerprint } from '../../../main/core/ssh/fingerprint.js';
import { PinnedKeyStore, PinnedKeysFileError } from '../../../main/core/ssh/pinned-keys.js';

const dir = mkdtempSync(join(tmpdir(), 'hmc-pin-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const KEY_A = Buffer.from('key-a-blob').toString('base64');
const KEY_B = Buffer.from('key-b-blob').toString('base64');
const fixedNow = () => new Date('2026-03-01T10:00:00Z');

describe('pinned host keys', () => {
  it('pins a key per host:port, survives a new store instance, and writes a private file', async () => {
    const file = join(dir, 'a', 'pinned.json');
    const store = new PinnedKeyStore(file, fixedNow);
    expect(await store.lookup('VM.example', 22)).toEqual([]);
    await store.pin('VM.example', 22, 'ssh-ed25519', KEY_A);
    const again = new PinnedKeyStore(file);
    expect(await again.lookup('vm.example', 22)).toEqual([
      {
        keyType: 'ssh-ed25519',
        keyBase64: KEY_A,
        fingerprint: sha256Fingerprint(Buffer.from(KEY_A, 'base64')),
        pinnedAt: '2026-03-01T10:00:00.000Z',
      },
    ]);
    expect(await again.lookup('vm.example', 2222)).toEqual([]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // Atomic write leaves no temp files behind.
    expect(readdirSync(join(dir, 'a'))).toEqual(['pinned.json']);
  });

  it('replaces a key of the same type, keeps concurrent pins, and forgets on unpin', async () => {
    const file = join(dir, 'b.json');
    const store = new PinnedKeyStore(file, fixedNow);
    await Promise.all([store.pin('h1', 22, 'ssh-ed25519', KEY_A), store.pin('h2', 22, 'ssh-ed25519', KEY_A)]);
    await store.pin('h1', 22, 'ssh-ed25519', KEY_B);
    expect((await store.lookup('h1', 22)).map((k) => k.keyBase64)).toEqual([KEY_B]);
    expect((await store.lookup('h2', 22)).map((k) => k.keyBase64)).toEqual([KEY_A]);
    await store.unpin('h1', 22);
    expect(await store.lookup('h1', 22)).toEqual([]);
    expect(JSON.parse(readFileSync(file, 'utf8')).hosts).toHaveProperty(['h2:22']);
  });

  it('refuses a corrupt file with an error naming it (never silently forgets the pins)', async () => {
    const file = join(dir, 'corrupt.json');
    writeFileSync(file, '{"version":1,"hosts":');
    const store = new PinnedKeyStore(file);
    const err = await store.lookup('h', 22).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PinnedKeysFileError);
    expect((err as Error).message).toContain(file);
  });
});
