import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  fetchHostKeyFingerprint,
  keyTypeOfBlob,
  sha256Fingerprint,
  verifyCommandOnVm,
  verifyCommandViaKeyscan,
} from '../../../main/core/ssh/fingerprint.js';
import { SshFailure } from '../../../main/core/ssh/errors.js';
import {
  formatHostFingerprint,
  lookupHostFingerprint,
  parseHostArgument,
} from '../../../main/core/ssh/host-fingerprint.js';
import { defaultAppConfig } from '../../../main/core/config/app-config.js';
import { freePort, startSshd } from '../../helpers/sshd.js';

const dir = mkdtempSync(join(tmpdir(), 'hmc-fp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fingerprint', () => {
  it('prints exactly what ssh-keygen -lf prints', () => {
    for (const type of ['ed25519', 'ecdsa', 'rsa']) {
      const path = join(dir, type);
      execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-f', path]);
      const blob = Buffer.from(readFileSync(`${path}.pub`, 'utf8').split(' ')[1]!, 'base64');
      const expected = execFileSync('ssh-keygen', ['-lf', `${path}.pub`], { encoding: 'utf8' }).split(' ')[1];
      expect(sha256Fingerprint(blob)).toBe(expected);
      expect(keyTypeOfBlob(blob)).toMatch(type === 'rsa' ? /^ssh-rsa$/ : new RegExp(type));
    }
  });

  it('gives a verify command for the VM and a keyscan alternative', () => {
    expect(verifyCommandOnVm('ssh-ed25519')).toBe('ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub');
    expect(verifyCommandOnVm('ecdsa-sha2-nistp256')).toBe('ssh-keygen -lf /etc/ssh/ssh_host_ecdsa_key.pub');
    expect(verifyCommandViaKeyscan('100.87.53.10', 22, 'ssh-rsa')).toBe(
      'ssh-keyscan -p 22 -t rsa 100.87.53.10 | ssh-keygen -lf -',
    );
  });

  it('fetches a live server key without logging in, matching ssh-keyscan', async () => {
    const sshd = await startSshd();
    try {
      const mark = sshd.logs().length;
      const key = await fetchHostKeyFingerprint(sshd.host, sshd.port);
      expect(key.fingerprint).toBe(sshd.hostKeyFingerprint);
      expect(key.keyType).toBe('ssh-ed25519');
      const scanned = execFileSync('sh', ['-c', key.keyscanCommand], { encoding: 'utf8' });
      expect(scanned).toContain(sshd.hostKeyFingerprint);
      expect(sshd.logs().slice(mark)).not.toMatch(/Accepted|Starting session/);

      // `hermes-mc fingerprint <configured name>` and `<host:port>` resolve to the same key.
      const config = {
        ...defaultAppConfig(),
        hosts: [
          {
            name: 'vm',
            host: 'hermes',
            port: 22,
            user: 'root',
            snapshotRoot: '/x',
            instances: [{ id: 'vijay', label: 'Vijay' }],
          },
        ],
      };
      const sshConfig = { text: `Host hermes\n  HostName 127.0.0.1\n  Port ${sshd.port}\n`, home: dir };
      const byName = await lookupHostFingerprint('vm', { config, sshConfig });
      expect(byName).toMatchObject({ hostName: 'vm', host: '127.0.0.1', port: sshd.port });
      expect(byName.fingerprint).toBe(sshd.hostKeyFingerprint);
      const byAddress = await lookupHostFingerprint(`127.0.0.1:${sshd.port}`, {
        sshConfig: { text: null, home: dir },
      });
      expect(byAddress.fingerprint).toBe(sshd.hostKeyFingerprint);
      expect(formatHostFingerprint(byName).join('\n')).toContain(
        'ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub',
      );
    } finally {
      await sshd.stop();
    }
  });

  it('parses host arguments', () => {
    expect(parseHostArgument('vm')).toEqual({ host: 'vm', port: null });
    expect(parseHostArgument('100.87.53.10:2222')).toEqual({ host: '100.87.53.10', port: 2222 });
    expect(parseHostArgument('[fd7a:115c:a1e0::1]:22')).toEqual({ host: 'fd7a:115c:a1e0::1', port: 22 });
  });

  it('reports a closed port as REFUSED', async () => {
    const port = await freePort();
    const err = await fetchHostKeyFingerprint('127.0.0.1', port).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SshFailure);
    expect((err as SshFailure).code).toBe('REFUSED');
  });
});
