/**
 * The app's side of the test sshd (test/helpers/sshd.ts): a client home holding known_hosts, and the
 * config entry that reads Vijay's snapshot through the restricted SFTP account with the test client key.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SshdHandle } from './sshd.js';

/** Creates `<home>/.ssh/known_hosts` holding `knownHosts` ('' for a host key nobody has trusted yet). */
export async function writeClientKnownHosts(home: string, knownHosts: string): Promise<string> {
  const file = join(home, '.ssh', 'known_hosts');
  await mkdir(join(home, '.ssh'), { recursive: true });
  await writeFile(file, knownHosts);
  return file;
}

/**
 * The `hosts[]` entry for the test sshd: host `test-vm` on 127.0.0.1, its restricted account, the test
 * client key and no agent, with Vijay's snapshot at the chroot's root. Without `knownHostsFile` the app
 * uses its default, `~/.ssh/known_hosts`.
 */
export function sshdHostEntry(sshd: SshdHandle, knownHostsFile?: string) {
  return {
    name: 'test-vm',
    host: '127.0.0.1',
    port: sshd.port,
    user: sshd.readerUser,
    identityFile: sshd.clientKeyPath,
    ...(knownHostsFile === undefined ? {} : { knownHostsFile }),
    useAgent: false,
    snapshotRoot: '/',
    instances: [{ id: 'vijay', label: 'Vijay (root)' }],
  };
}
