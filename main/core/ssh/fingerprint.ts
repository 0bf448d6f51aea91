/**
 * Host key fingerprints exactly as OpenSSH prints them (`SHA256:` + unpadded base64 of the key blob), the
 * commands a person runs to confirm one out of band, and a probe that fetches a server's key without
 * logging in.
 */
import { createHash } from 'node:crypto';
import ssh2 from 'ssh2';
import { reasonFromSshError, SshFailure } from './errors.js';

/** `SHA256:…` of an SSH wire-format public key blob (what `ssh-keygen -lf` prints). */
export function sha256Fingerprint(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type string at the start of an SSH public key blob (`ssh-ed25519`, `ecdsa-sha2-nistp256`, …). */
export function keyTypeOfBlob(keyBlob: Buffer): string {
  if (keyBlob.length < 4) return 'unknown';
  const len = keyBlob.readUInt32BE(0);
  if (len <= 0 || len > 64 || 4 + len > keyBlob.length) return 'unknown';
  return keyBlob.subarray(4, 4 + len).toString('latin1');
}

/** Short family name used by ssh-keyscan -t and the /etc/ssh/ssh_host_<family>_key.pub file names. */
export function keyFamily(keyType: string): 'ed25519' | 'ecdsa' | 'rsa' | 'dsa' | string {
  if (keyType === 'ssh-ed25519') return 'ed25519';
  if (keyType.startsWith('ecdsa-sha2-')) return 'ecdsa';
  if (keyType === 'ssh-rsa' || keyType.startsWith('rsa-sha2-')) return 'rsa';
  if (keyType === 'ssh-dss') return 'dsa';
  return keyType;
}

/** Run on the VM (as root) to print the fingerprint it serves; compare with what the app shows. */
export function verifyCommandOnVm(keyType: string): string {
  return `ssh-keygen -lf /etc/ssh/ssh_host_${keyFamily(keyType)}_key.pub`;
}

/** Run from another machine you trust on the same network (weaker: it asks the network, not the VM's disk). */
export function verifyCommandViaKeyscan(host: string, port: number, keyType: string): string {
  return `ssh-keyscan -p ${port} -t ${keyFamily(keyType)} ${host} | ssh-keygen -lf -`;
}

export interface FetchedHostKey {
  keyType: string;
  fingerprint: string;
  /** Base64 of the key blob, as in a known_hosts line. */
  keyBase64: string;
  verifyCommand: string;
  keyscanCommand: string;
}

/**
 * Connect just far enough to receive the server's host key, then abort the handshake (nothing is
 * authenticated or read). Rejects with an SshFailure (TIMEOUT, REFUSED, DNS_FAILED, UNREACHABLE).
 */
export function fetchHostKeyFingerprint(
  host: string,
  port: number,
  options: { timeoutMs?: number; serverHostKey?: string[] } = {},
): Promise<FetchedHostKey> {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    let done = false;
    const finish = (fn: () => void) => {
      if (done) return;
      done = true;
      fn();
      client.end();
    };
    client.on('error', (err) => {
      finish(() => reject(new SshFailure(reasonFromSshError(err, { host, port }))));
    });
    client.on('close', () => {
      finish(() =>
        reject(new SshFailure(reasonFromSshError({ message: 'No response from server' }, { host, port }))),
      );
    });
    client.connect({
      host,
      port,
      username: 'hmc-fingerprint-probe',
      readyTimeout: options.timeoutMs ?? 10_000,
      algorithms: options.serverHostKey ? { serverHostKey: options.serverHostKey as never } : undefined,
      // Plain function on purpose: ssh2 treats a returned Promise as "accept".
      hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => {
        const keyType = keyTypeOfBlob(key);
        finish(() =>
          resolve({
            keyType,
            fingerprint: sha256Fingerprint(key),
            keyBase64: key.toString('base64'),
            verifyCommand: verifyCommandOnVm(keyType),
            keyscanCommand: verifyCommandViaKeyscan(host, port, keyType),
          }),
        );
        verify(false);
      },
    });
  });
}
