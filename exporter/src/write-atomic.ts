/**
 * Crash-safe writes into the exporter's output folder.
 *
 * A reader (the app over SFTP, node_exporter's textfile collector) must only ever see a complete old file
 * or a complete new one: write a temp file in the same folder, fsync it, rename it over the target, then
 * fsync the folder so the rename itself survives a power cut. Files are 0644 whatever the umask, so the
 * restricted `hermes-mc` SFTP account can read them.
 *
 * Symlinks are never followed: names must be plain file names (no `/`, no `..`), temp files are created
 * with O_EXCL|O_NOFOLLOW, `rename` replaces a symlink instead of writing through it, and appends refuse a
 * symlinked target (ELOOP). Someone who can plant a symlink in the output folder cannot make the exporter
 * write outside it.
 */
import { constants } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

export const OUTPUT_FILE_MODE = 0o644;

export class WriteError extends Error {
  constructor(
    readonly code: 'BAD_NAME' | 'WRITE_FAILED',
    message: string,
  ) {
    super(message);
  }
}

/** Throws unless `name` is a single path component that cannot escape its folder. */
export function assertPlainName(name: string): void {
  if (
    !name ||
    name === '.' ||
    name === '..' ||
    name.includes('/') ||
    name.includes('\\') ||
    name.includes('\0')
  ) {
    throw new WriteError('BAD_NAME', `refusing to write "${name}": not a plain file name`);
  }
}

export interface WriteOptions {
  /**
   * fsync the file before and the folder after the rename (default true). Without it the replacement is
   * still atomic for readers, but a power cut may lose the latest version: fine for caches.
   */
  durable?: boolean;
}

/** Atomically replaces `dir/name` with `data` (tmp + fsync + rename + fsync dir), mode 0644. */
export async function writeFileAtomic(
  dir: string,
  name: string,
  data: string | Uint8Array,
  options: WriteOptions = {},
): Promise<void> {
  const durable = options.durable ?? true;
  assertPlainName(name);
  const tmp = join(dir, `.${name}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
  let renamed = false;
  try {
    const fh = await open(tmp, flags, OUTPUT_FILE_MODE);
    try {
      await fh.writeFile(data);
      await fh.chmod(OUTPUT_FILE_MODE); // independent of the process umask
      if (durable) await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, join(dir, name));
    renamed = true;
    if (durable) await syncDir(dir);
  } catch (err) {
    if (!renamed) await unlink(tmp).catch(() => undefined);
    throw new WriteError('WRITE_FAILED', `could not write ${join(dir, name)}: ${(err as Error).message}`);
  }
}

/**
 * Appends `text` to `dir/name` in one write (O_APPEND), creating the file 0644 if needed, refusing a
 * symlink. If the file ends in a torn line (a crash mid-append), a newline is written first so the torn
 * line stays isolated and readers can skip it. Not fsynced: losing the last sample to a power cut is
 * harmless, and readers skip torn lines.
 */
export async function appendAtomicLine(dir: string, name: string, text: string): Promise<void> {
  assertPlainName(name);
  const path = join(dir, name);
  const flags = constants.O_RDWR | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW;
  try {
    const fh = await open(path, flags, OUTPUT_FILE_MODE);
    try {
      const { size } = await fh.stat();
      let prefix = '';
      if (size > 0) {
        const last = Buffer.alloc(1);
        await fh.read(last, 0, 1, size - 1);
        if (last[0] !== 0x0a) prefix = '\n';
      } else {
        await fh.chmod(OUTPUT_FILE_MODE);
      }
      await fh.write(prefix + (text.endsWith('\n') ? text : `${text}\n`));
    } finally {
      await fh.close();
    }
  } catch (err) {
    throw new WriteError('WRITE_FAILED', `could not append to ${path}: ${(err as Error).message}`);
  }
}

async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
