import { describe, expect, it } from 'vitest';
import {
  knownHostsFilesFor,
  resolveTarget,
  type ConnectionTarget,
} from '../../../main/core/ssh/connection-target.js';

const sshConfig = {
  text: [
    'Host hermes',
    '  HostName 100.87.53.10',
    '  Port 2222',
    '  IdentityFile ~/.ssh/hermes_ed25519',
  ].join('\n'),
  home: '/home/u',
};
const target = (overrides: Partial<ConnectionTarget> = {}): ConnectionTarget => ({
  name: 'vm',
  host: 'hermes',
  port: 22,
  user: 'root',
  ...overrides,
});

describe('where a configured host connects to', () => {
  it('dials the alias HostName, Port and keys when the app config leaves them at their defaults', () => {
    expect(resolveTarget(target(), sshConfig)).toEqual({
      host: '100.87.53.10',
      port: 2222,
      user: 'root',
      identityFiles: ['/home/u/.ssh/hermes_ed25519'],
    });
  });

  it("keeps the app config's own port and identity file over the alias's", () => {
    const resolved = resolveTarget(target({ port: 2200, identityFile: '/keys/app_key' }), sshConfig);
    expect(resolved.port).toBe(2200);
    expect(resolved.identityFiles).toEqual(['/keys/app_key']);
  });

  it('uses the host as written when ~/.ssh/config has no block for it, or no file at all', () => {
    expect(resolveTarget(target({ host: '100.64.0.9' }), sshConfig)).toEqual({
      host: '100.64.0.9',
      port: 22,
      user: 'root',
      identityFiles: [],
    });
    expect(resolveTarget(target(), { text: null, home: '/home/u' }).host).toBe('hermes');
  });
});

describe('which known_hosts files are trusted', () => {
  it("reads OpenSSH's two user files by default, or only the host's own file when one is set", () => {
    expect(knownHostsFilesFor(target(), '/home/u')).toEqual([
      '/home/u/.ssh/known_hosts',
      '/home/u/.ssh/known_hosts2',
    ]);
    expect(knownHostsFilesFor(target({ knownHostsFile: '~/vm_known_hosts' }), '/home/u')).toEqual([
      '/home/u/vm_known_hosts',
    ]);
  });
});
