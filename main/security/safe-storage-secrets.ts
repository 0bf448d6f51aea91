/**
 * Secrets (SSH key passphrases) through Electron's safeStorage, i.e. the OS keychain/keyring.
 *
 * Encrypted blobs live in one JSON file in userData (written atomically, mode 0600). When the OS cannot
 * protect them — encryption unavailable, or Linux's `basic_text` backend (a hard-coded key: obfuscation,
 * not encryption) — nothing is written to disk: the secret is kept in memory for this session only and
 * the caller is told so, so the UI can say "you will be asked again after a restart".
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** The slice of Electron's safeStorage used here. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only. */
  getSelectedStorageBackend?(): string;
}

export interface SecretStorageStatus {
  /** True when secrets are encrypted by the OS and kept across restarts. */
  persistent: boolean;
  /** Linux backend name when known (`gnome_libsecret`, `kwallet5`, `basic_text`, …). */
  backend: string | null;
  /** Why secrets are not persisted, in a sentence; null when they are. */
  reason: string | null;
}

export type SecretWriteResult =
  | { ok: true; persisted: true }
  | { ok: true; persisted: false; code: 'SECRET_STORAGE_UNAVAILABLE'; message: string }
  | { ok: false; error: { code: string; message: string } };

/** Secrets by key (e.g. `passphrase:<hostName>`). */
export interface SecretStore {
  status(): SecretStorageStatus;
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<SecretWriteResult>;
  delete(key: string): Promise<void>;
}

export interface SafeStorageSecretsDeps {
  safeStorage: SafeStorageLike;
  platform: NodeJS.Platform;
  /** `<userData>/secrets.json` */
  filePath: string;
}

const KEY = /^[A-Za-z0-9._:@-]{1,128}$/;

interface SecretsFile {
  version: 1;
  /** key → base64 of the safeStorage blob */
  entries: Record<string, string>;
}

/** Decides once per call whether the OS really protects what we would write. */
export function secretStorageStatus(
  safeStorage: SafeStorageLike,
  platform: NodeJS.Platform,
): SecretStorageStatus {
  const backend = platform === 'linux' ? (safeStorage.getSelectedStorageBackend?.() ?? null) : null;
  if (!safeStorage.isEncryptionAvailable()) {
    return {
      persistent: false,
      backend,
      reason:
        'The system keychain is not available, so passphrases are kept in memory for this session only.',
    };
  }
  if (platform === 'linux' && (backend === 'basic_text' || backend === 'unknown' || backend === null)) {
    return {
      persistent: false,
      backend,
      reason:
        'No system keyring (Secret Service or KWallet) was found; Electron would only obfuscate secrets ' +
        '(basic_text), so passphrases are kept in memory for this session only.',
    };
  }
  return { persistent: true, backend, reason: null };
}

export function createSafeStorageSecrets(deps: SafeStorageSecretsDeps): SecretStore {
  const memory = new Map<string, string>();

  const readFileEntries = async (): Promise<SecretsFile> => {
    try {
      const parsed = JSON.parse(await readFile(deps.filePath, 'utf8')) as Partial<SecretsFile>;
      if (parsed && parsed.version === 1 && parsed.entries && typeof parsed.entries === 'object') {
        return { version: 1, entries: { ...parsed.entries } };
      }
    } catch {
      // missing or unreadable: treated as empty (the user is asked again)
    }
    return { version: 1, entries: {} };
  };

  const writeEntries = async (file: SecretsFile): Promise<void> => {
    await mkdir(dirname(deps.filePath), { recursive: true, mode: 0o700 });
    const tmp = `${deps.filePath}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(tmp, JSON.stringify(file), { mode: 0o600 });
    await rename(tmp, deps.filePath);
  };

  const checkKey = (key: string) => {
    if (!KEY.test(key))
      throw Object.assign(new Error(`invalid secret key "${key.slice(0, 40)}"`), { code: 'INVALID_KEY' });
  };

  return {
    status: () => secretStorageStatus(deps.safeStorage, deps.platform),

    async get(key) {
      checkKey(key);
      const inMemory = memory.get(key);
      if (inMemory !== undefined) return inMemory;
      if (!this.status().persistent) return null;
      const blob = (await readFileEntries()).entries[key];
      if (!blob) return null;
      try {
        return deps.safeStorage.decryptString(Buffer.from(blob, 'base64'));
      } catch {
        // A blob from another user/keyring cannot be decrypted: ask again rather than fail.
        return null;
      }
    },

    async set(key, value) {
      checkKey(key);
      const status = this.status();
      if (!status.persistent) {
        memory.set(key, value);
        return {
          ok: true,
          persisted: false,
          code: 'SECRET_STORAGE_UNAVAILABLE',
          message: status.reason ?? '',
        };
      }
      try {
        const file = await readFileEntries();
        file.entries[key] = deps.safeStorage.encryptString(value).toString('base64');
        await writeEntries(file);
        memory.delete(key);
        return { ok: true, persisted: true };
      } catch (error) {
        // Never echo the value; the message names the file only.
        return {
          ok: false,
          error: {
            code: 'SECRET_WRITE_FAILED',
            message: `could not save the secret to ${deps.filePath}: ${(error as Error).message}`,
          },
        };
      }
    },

    async delete(key) {
      checkKey(key);
      memory.delete(key);
      const file = await readFileEntries();
      if (!(key in file.entries)) return;
      delete file.entries[key];
      if (Object.keys(file.entries).length === 0) await rm(deps.filePath, { force: true });
      else await writeEntries(file);
    },
  };
}
