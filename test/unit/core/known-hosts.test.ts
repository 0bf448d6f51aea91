import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sha256Fingerprint } from '../../../main/core/ssh/fingerprint.js';
import {
  checkKnownHosts,
  knownHostsLookupName,
  knownKeyTypes,
  parseKnownHosts,
} from '../../../main/core/ssh/known-hosts.js';

const dir = mkdtempSync(join(tmpdir(), 'hmc-kh-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A real ed25519 public key (type, base64) made by ssh-keygen. */
function realKey(name: string): { type: string; b64: string } {
  const path = join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path]);
  const [type, b64] = readFileSync(`${path}.pub`, 'utf8').trim().split(/\s+/);
  return { type: type!, b64: b64! };
}

const vm = realKey('vm');
const other = realKey('other');

function verdict(text: string, host: string, port: number, key = vm) {
  return checkKnownHosts(parseKnownHosts(text), [knownHostsLookupName(host, port)], key.type, key.b64).kind;
}

describe('known_hosts', () => {
  it('accepts a plain entry and a [host]:port entry for a non-standard port', () => {
    expect(verdict(`100.87.53.10 ${vm.type} ${vm.b64}\n`, '100.87.53.10', 22)).toBe('match');
    expect(verdict(`[100.87.53.10]:2222 ${vm.type} ${vm.b64}\n`, '100.87.53.10', 2222)).toBe('match');
    // The port-22 form does not vouch for another port.
    expect(verdict(`100.87.53.10 ${vm.type} ${vm.b64}\n`, '100.87.53.10', 2222)).toBe('none');
  });

  it('matches lines hashed by the real ssh-keygen -H, for port 22 and [host]:port', () => {
    const file = join(dir, 'known_hosts_hashed');
    writeFileSync(file, `hermes-vm ${vm.type} ${vm.b64}\n[127.0.0.1]:2222 ${vm.type} ${vm.b64}\n`);
    execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' });
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('hermes-vm');
    expect(
      text
        .split('\n')
        .filter(Boolean)
        .every((l) => l.startsWith('|1|')),
    ).toBe(true);
    expect(verdict(text, 'hermes-vm', 22)).toBe('match');
    expect(verdict(text, 'HERMES-VM', 22)).toBe('match');
    expect(verdict(text, '127.0.0.1', 2222)).toBe('match');
    expect(verdict(text, '127.0.0.1', 2223)).toBe('none');
    expect(verdict(text, 'hermes-vm', 22, other)).toBe('mismatch');
  });

  it('handles comma lists, wildcards and negation', () => {
    const text = `vm-a,vm-b ${vm.type} ${vm.b64}\n*.tail1234.ts.net,!bad.tail1234.ts.net ${vm.type} ${vm.b64}\n`;
    expect(verdict(text, 'vm-b', 22)).toBe('match');
    expect(verdict(text, 'hermes.tail1234.ts.net', 22)).toBe('match');
    expect(verdict(text, 'bad.tail1234.ts.net', 22)).toBe('none');
    expect(verdict(text, 'vm-c', 22)).toBe('none');
    expect(verdict(`vm-? ${vm.type} ${vm.b64}\n`, 'vm-x', 22)).toBe('match');
  });

  it('reports a changed key as a mismatch with the fingerprint it expected', () => {
    const result = checkKnownHosts(
      parseKnownHosts(`# comment\n\nvm ${other.type} ${other.b64}\n`),
      ['vm'],
      vm.type,
      vm.b64,
    );
    expect(result).toEqual({
      kind: 'mismatch',
      expected: [
        { keyType: other.type, fingerprint: sha256Fingerprint(Buffer.from(other.b64, 'base64')), line: 3 },
      ],
    });
  });

  it('refuses a key marked @revoked even when another line trusts it, and ignores @cert-authority', () => {
    const text = `vm ${vm.type} ${vm.b64}\n@revoked * ${vm.type} ${vm.b64}\n`;
    expect(verdict(text, 'vm', 22)).toBe('revoked');
    expect(verdict(`@cert-authority * ${vm.type} ${vm.b64}\n`, 'vm', 22)).toBe('none');
  });

  it('skips malformed lines and lists known key types for algorithm preference', () => {
    const entries = parseKnownHosts(
      `garbage\n@weird vm ${vm.type} ${vm.b64}\nvm ecdsa-sha2-nistp256 AAAA\nvm ${vm.type} ${vm.b64}\n`,
    );
    expect(entries).toHaveLength(2);
    expect(knownKeyTypes(entries, ['vm'])).toEqual(['ecdsa-sha2-nistp256', 'ssh-ed25519']);
  });
});
