/**
 * A ConnectionManager to the test's sshd through its TCP proxy (so a test or bench can black-hole or cut the
 * link): known_hosts names the proxy's port, the reader account's key, no agent, no prompt for unknown keys.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConnectionManager } from '../../main/core/ssh/connection-manager.js';
import { PinnedKeyStore } from '../../main/core/ssh/pinned-keys.js';
import type { SshdHandle } from './sshd.js';

export function connectThroughProxy(opts: {
  sshd: SshdHandle;
  proxyPort: number;
  /** A private folder for known_hosts and pins. */
  dir: string;
  timing: ConstructorParameters<typeof ConnectionManager>[0]['timing'];
}): ConnectionManager {
  const { sshd, proxyPort, dir } = opts;
  const knownHosts = join(dir, 'known_hosts');
  writeFileSync(knownHosts, sshd.knownHostsLine.replace(`]:${sshd.port} `, `]:${proxyPort} `) + '\n');
  return new ConnectionManager({
    hosts: [
      {
        name: 'vm',
        host: '127.0.0.1',
        port: proxyPort,
        user: sshd.readerUser,
        identityFile: sshd.clientKeyPath,
        useAgent: false,
        knownHostsFile: knownHosts,
      },
    ],
    secretStore: { get: async () => null, set: async () => undefined },
    pinnedKeys: new PinnedKeyStore(join(dir, 'pins.json')),
    decideUnknownHostKey: async () => false,
    home: dir,
    env: {},
    timing: opts.timing,
  });
}
