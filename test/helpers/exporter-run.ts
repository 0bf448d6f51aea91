/** The built exporter bundle (vitest's global setup builds it) run as the VM's timer runs it. */
import { execFile } from 'node:child_process';
import { chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { SshdHandle } from './sshd.js';

const execFileP = promisify(execFile);
const BUNDLE = fileURLToPath(new URL('../../out/exporter/hermes-exporter.mjs', import.meta.url));

export interface ExporterSource {
  hermesHome: string;
  /** The Hermes code checkout; the exporter looks for one itself when this is left out. */
  installDir?: string | null;
}

/** One `hermes-exporter run --once` writing Vijay's snapshot from `source` into `out`. */
export async function runExporterOnce(source: ExporterSource, out: string): Promise<void> {
  await execFileP(process.execPath, [
    BUNDLE,
    'run',
    '--once',
    '--instance',
    'vijay',
    '--label',
    'Vijay (root)',
    '--hermes-home',
    source.hermesHome,
    ...(source.installDir ? ['--install-dir', source.installDir] : []),
    '--out',
    out,
  ]);
}

/** Vijay's snapshot in the sshd's chroot, in a folder (0755) the restricted account may list and read. */
export async function exportSnapshotIntoSshd(sshd: SshdHandle, source: ExporterSource): Promise<void> {
  const out = join(sshd.chrootDir, 'vijay');
  await mkdir(out, { recursive: true, mode: 0o755 });
  await runExporterOnce(source, out);
  await chmod(out, 0o755);
}
