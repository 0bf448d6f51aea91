import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createSafeStorageSecrets,
  type SafeStorageLike,
} from '../../../main/security/safe-storage-secrets.js';

/** A stand-in keychain: reversible, but visibly not the plaintext. */
function fakeSafeStorage(opts: { available?: boolean; backend?: string } = {}): SafeStorageLike {
  return {
    isEncryptionAvailable: () => opts.available ?? true,
    encryptString: (s) => Buffer.from(`enc:${Buffer.from(s).toString('hex')}`),
    decryptString: (b) => {
      const text = b.toString();
      if (!text.startsWith('enc:')) throw new Error('bad blob');
      return Buffer.from(text.slice(4), 'hex').toString();
    },
    getSelectedStorageBackend: () => opts.backend ?? 'gnome_libsecret',
  };
}

const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hmc-secrets-'));
  dirs.push(dir);
  return join(dir, 'userData', 'secrets.json');
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const PASSPHRASE = 'correct horse battery staple';

describe('safeStorage secrets', () => {
  it('keeps a passphrase encrypted on disk (mode 0600) and reads it back after a restart', async () => {
    const filePath = tempFile();
    const store = createSafeStorageSecrets({ safeStorage: fakeSafeStorage(), platform: 'linux', filePath });
    expect(store.status()).toEqual({ persistent: true, backend: 'gnome_libsecret', reason: null });
    expect(await store.set('passphrase:hermes-vm', PASSPHRASE)).toEqual({ ok: true, persisted: true });
    const raw = readFileSync(filePath, 'utf8');
    expect(raw).not.toContain(PASSPHRASE);
    expect(statSync(filePath).mode & 0o777).toBe(0o600);

    const afterRestart = createSafeStorageSecrets({
      safeStorage: fakeSafeStorage(),
      platform: 'linux',
      filePath,
    });
    expect(await afterRestart.get('passphrase:hermes-vm')).toBe(PASSPHRASE);
  });

  it.each([
    ['Linux basic_text backend', { backend: 'basic_text' }, 'linux'],
    ['encryption unavailable', { available: false }, 'darwin'],
  ] as const)(
    'refuses to persist with %s, says so, and keeps it for this session only',
    async (_why, opts, platform) => {
      const filePath = tempFile();
      const store = createSafeStorageSecrets({ safeStorage: fakeSafeStorage(opts), platform, filePath });
      expect(store.status().persistent).toBe(false);
      const result = await store.set('passphrase:hermes-vm', PASSPHRASE);
      expect(result).toMatchObject({ ok: true, persisted: false, code: 'SECRET_STORAGE_UNAVAILABLE' });
      if (result.ok && !result.persisted) expect(result.message).toMatch(/memory for this session only/);
      expect(existsSync(filePath)).toBe(false);
      expect(await store.get('passphrase:hermes-vm')).toBe(PASSPHRASE);

      const afterRestart = createSafeStorageSecrets({
        safeStorage: fakeSafeStorage(opts),
        platform,
        filePath,
      });
      expect(await afterRestart.get('passphrase:hermes-vm')).toBeNull();
    },
  );

  it('asks again (null) for a blob it cannot decrypt instead of failing', async () => {
    const filePath = tempFile();
    const store = createSafeStorageSecrets({ safeStorage: fakeSafeStorage(), platform: 'darwin', filePath });
    await store.set('passphrase:a', PASSPHRASE);
    const otherKeychain = {
      ...fakeSafeStorage(),
      decryptString: () => {
        throw new Error('wrong key');
      },
    };
    const other = createSafeStorageSecrets({ safeStorage: otherKeychain, platform: 'darwin', filePath });
    expect(await other.get('passphrase:a')).toBeNull();
  });

  it('deletes a secret and removes the file when it was the last', async () => {
    const filePath = tempFile();
    const store = createSafeStorageSecrets({ safeStorage: fakeSafeStorage(), platform: 'win32', filePath });
    await store.set('passphrase:a', 'one');
    await store.set('passphrase:b', 'two');
    await store.delete('passphrase:a');
    expect(await store.get('passphrase:a')).toBeNull();
    expect(await store.get('passphrase:b')).toBe('two');
    await store.delete('passphrase:b');
    expect(existsSync(filePath)).toBe(false);
  });

  it('rejects keys that could be anything but a name', async () => {
    const store = createSafeStorageSecrets({
      safeStorage: fakeSafeStorage(),
      platform: 'darwin',
      filePath: tempFile(),
    });
    await expect(store.set('../../etc/passwd', 'x')).rejects.toMatchObject({ code: 'INVALID_KEY' });
  });
});
