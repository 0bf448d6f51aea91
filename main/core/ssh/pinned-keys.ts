/**
 * The app's own pinned host keys (trust-on-first-use decisions), kept apart from ~/.ssh/known_hosts so the
 * app never edits the user's SSH files. A JSON file in the app data folder, written atomically, mode 0600.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { writeFileAtomic } from '../config/atomic-write.js';
import { sha256Fingerprint } from './fingerprint.js';

const pinnedKeySchema = z.object({
  keyType: z.string().min(1),
  keyBase64: z.string().min(1),
  fingerprint: z.string().startsWith('SHA256:'),
  /** Laptop clock, ISO. */
  pinnedAt: z.string(),
});
export type PinnedKey = z.infer<typeof pinnedKeySchema>;

const pinnedFileSchema = z.object({
  version: z.literal(1),
  /** Keyed by `host:port` (host lowercased, as resolved from the config/ssh alias). */
  hosts: z.record(z.string(), z.array(pinnedKeySchema)),
});
type PinnedFile = z.infer<typeof pinnedFileSchema>;

export function pinKeyId(host: string, port: number): string {
  return `${host.toLowerCase()}:${port}`;
}

/** Thrown when the pinned-keys file exists but cannot be trusted; the message names the file. */
export class PinnedKeysFileError extends Error {
  constructor(
    readonly filePath: string,
    detail: string,
  ) {
    super(
      `The pinned host keys file ${filePath} is unreadable (${detail}): fix it or delete it to be asked again.`,
    );
    this.name = 'PinnedKeysFileError';
  }
}

/** Read/write access to the pinned keys file. Reads the file on every lookup so other processes' pins count. */
export class PinnedKeyStore {
  /** Serialises read-modify-write so two pins in one process never lose each other. */
  private writes: Promise<unknown> = Promise.resolve();

  constructor(
    readonly filePath: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private async load(): Promise<PinnedFile> {
    let text: string;
    try {
      text = await readFile(this.filePath, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, hosts: {} };
      throw new PinnedKeysFileError(this.filePath, (err as Error).message);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new PinnedKeysFileError(this.filePath, (err as Error).message);
    }
    const parsed = pinnedFileSchema.safeParse(json);
    if (!parsed.success)
      throw new PinnedKeysFileError(this.filePath, parsed.error.issues[0]?.message ?? 'invalid');
    return parsed.data;
  }

  async lookup(host: string, port: number): Promise<PinnedKey[]> {
    return (await this.load()).hosts[pinKeyId(host, port)] ?? [];
  }

  /** Pin a key for host:port, replacing any earlier key of the same type. */
  pin(host: string, port: number, keyType: string, keyBase64: string): Promise<PinnedKey> {
    return this.serial(() => this.pinNow(host, port, keyType, keyBase64));
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.writes.then(fn, fn);
    this.writes = next.catch(() => undefined);
    return next;
  }

  private async pinNow(host: string, port: number, keyType: string, keyBase64: string): Promise<PinnedKey> {
    const file = await this.load();
    const id = pinKeyId(host, port);
    const entry: PinnedKey = {
      keyType,
      keyBase64,
      fingerprint: sha256Fingerprint(Buffer.from(keyBase64, 'base64')),
      pinnedAt: this.now().toISOString(),
    };
    file.hosts[id] = [...(file.hosts[id] ?? []).filter((k) => k.keyType !== keyType), entry];
    await writeFileAtomic(this.filePath, JSON.stringify(file, null, 2) + '\n');
    return entry;
  }

  /** Forget every pinned key for host:port (after the user verified a legitimate key change). */
  unpin(host: string, port: number): Promise<void> {
    return this.serial(async () => {
      const file = await this.load();
      delete file.hosts[pinKeyId(host, port)];
      await writeFileAtomic(this.filePath, JSON.stringify(file, null, 2) + '\n');
    });
  }
}
