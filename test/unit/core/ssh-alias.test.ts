import { existsSync, rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveSshAlias } from '../../../main/core/config/ssh-alias.js';

const text = [
  'Host hermes',
  '  HostName 100.87.53.10',
  '  User hmc-reader',
  '  Port 2222',
  '  IdentityFile ~/.ssh/hermes_ed25519',
  '',
  'Host *.lab',
  '  HostName %h.internal',
  '  IdentityFile %d/.ssh/lab_%r',
  '  User ops',
  '',
  'Match exec "touch /tmp/hmc-must-not-run"',
  '  User evil',
  '',
].join('\n');
const source = { text, home: '/home/u', localUser: 'me' };

describe('~/.ssh/config aliases', () => {
  it('resolves HostName, User, Port and IdentityFile (with ~ expanded)', () => {
    expect(resolveSshAlias('hermes', source)).toEqual({
      hostName: '100.87.53.10',
      user: 'hmc-reader',
      port: 2222,
      identityFiles: ['/home/u/.ssh/hermes_ed25519'],
      matched: true,
    });
  });

  it('expands %h in HostName and %d/%r in IdentityFile for wildcard blocks', () => {
    const r = resolveSshAlias('vm1.lab', source);
    expect(r.hostName).toBe('vm1.lab.internal');
    expect(r.identityFiles).toEqual(['/home/u/.ssh/lab_ops']);
  });

  it('leaves an unknown name alone, and never evaluates Match exec', () => {
    rmSync('/tmp/hmc-must-not-run', { force: true });
    expect(resolveSshAlias('100.1.2.3', source)).toMatchObject({
      hostName: '100.1.2.3',
      user: null,
      port: null,
    });
    expect(existsSync('/tmp/hmc-must-not-run')).toBe(false);
    expect(resolveSshAlias('100.1.2.3', { text: null, home: '/home/u' }).matched).toBe(false);
  });
});
