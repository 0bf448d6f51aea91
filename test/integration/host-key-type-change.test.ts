/**
 * A known host that now presents a key of ANOTHER type — known_hosts holds its ed25519 key, the server
 * (a real sshd started with only an ECDSA host key) offers only ECDSA — is a changed key, as OpenSSH
 * treats it: refused with HOST_KEY_MISMATCH, never a trust-on-first-use prompt, even when the operator
 * passes `--accept-host-key` with exactly the presented fingerprint. Only when known_hosts also lists
 * that type for that host is it accepted. Through the built `hermes-mc`.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../main/cli/exit-codes.js';
import { makeSnapshot } from '../fixtures/snapshot-factory.js';
import { isolatedHomeEnv } from '../helpers/isolated-home.js';
import { keygen, startSshd, type SshdHandle } from '../helpers/sshd.js';
import { sshdHostEntry, writeClientKnownHosts } from '../helpers/sshd-client.js';

const CLI = join(process.cwd(), 'out/cli/hermes-mc.mjs');

function hermesMc(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env, timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err ? (err as { code?: number }).code : 0;
      resolve({ code: typeof code === 'number' ? code : -1, stdout, stderr });
    });
  });
}

describe('a known host presenting a key of another type (real sshd, ECDSA only)', () => {
  let sshd: SshdHandle;
  let base: string;
  let oldEd25519Line: string;

  beforeAll(async () => {
    sshd = await startSshd({
      hostKeyType: 'ecdsa',
      files: { 'vijay/snapshot.json': JSON.stringify(makeSnapshot('vijay', {}, new Date())) },
    });
    base = await mkdtemp(join(tmpdir(), 'hmc-keytype-'));
    // The host's ed25519 key as known_hosts remembers it (from before the server stopped offering it).
    await keygen(join(base, 'old_ed25519'));
    const [type, b64] = (await readFile(join(base, 'old_ed25519.pub'), 'utf8')).trim().split(/\s+/);
    oldEd25519Line = `[127.0.0.1]:${sshd.port} ${type} ${b64}`;
  });
  afterAll(async () => {
    await sshd?.stop();
    await rm(base, { recursive: true, force: true });
  });

  async function client(name: string, knownHosts: string) {
    const home = join(base, name);
    const knownHostsFile = await writeClientKnownHosts(home, knownHosts);
    const env = isolatedHomeEnv(home, { NO_COLOR: '1' });
    const configFile = join(home, 'config.json');
    await writeFile(configFile, JSON.stringify({ hosts: [sshdHostEntry(sshd, knownHostsFile)] }));
    return { env, configFile, home };
  }

  it('serves only ECDSA (so the case is real)', () => {
    expect(sshd.hostKeyType).toBe('ecdsa-sha2-nistp256');
    const fp = createHash('sha256').update(Buffer.from(sshd.hostKeyBase64, 'base64')).digest('base64');
    expect(sshd.hostKeyFingerprint).toBe(`SHA256:${fp.replace(/=+$/, '')}`);
  });

  it('refuses it as a changed key (HOST_KEY_MISMATCH, critical), even with --accept-host-key for that exact key', async () => {
    const { env, configFile, home } = await client('ed25519-only', `${oldEd25519Line}\n`);
    const r = await hermesMc(
      ['status', '--config', configFile, '--json', '--accept-host-key', sshd.hostKeyFingerprint],
      env,
    );
    const vijay = JSON.parse(r.stdout).instances[0];
    expect(vijay.state).toBe('unreachable');
    expect(vijay.reason.code).toBe('HOST_KEY_MISMATCH');
    expect(vijay.reason.message).toContain(sshd.hostKeyFingerprint);
    expect(vijay.snapshot).toBeNull();
    expect(r.stderr).not.toContain('Trusting and pinning');
    expect(r.code).toBe(EXIT.critical);
    // Nothing was pinned: no trust-on-first-use happened behind the refusal.
    const pinned = [join(home, 'config'), join(home, 'data')].flatMap((d) =>
      existsSync(d) ? readdirSync(d, { recursive: true }).map(String) : [],
    );
    expect(pinned.filter((f) => /pinned/i.test(f))).toEqual([]);
  });

  it('accepts it when known_hosts also lists that type for that host', async () => {
    const { env, configFile } = await client('both-types', `${oldEd25519Line}\n${sshd.knownHostsLine}\n`);
    const r = await hermesMc(['status', '--config', configFile, '--json'], env);
    const vijay = JSON.parse(r.stdout).instances[0];
    expect(vijay.reason?.code ?? null).toBeNull();
    expect(vijay.state).toBe('live');
    expect(vijay.snapshot.instance.id).toBe('vijay');
    expect(r.stderr).not.toMatch(/Unknown host key/);
  });
});
