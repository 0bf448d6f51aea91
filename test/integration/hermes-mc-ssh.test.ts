/**
 * The built `hermes-mc` against a real sshd: `fingerprint` prints the key a person should verify, and
 * `status` refuses an unknown host key unless `--accept-host-key` names exactly that fingerprint.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedHomeEnv } from '../helpers/isolated-home.js';
import { startSshd, type SshdHandle } from '../helpers/sshd.js';
import { sshdHostEntry, writeClientKnownHosts } from '../helpers/sshd-client.js';

const execFileP = promisify(execFile);
const CLI = join(process.cwd(), 'out/cli/hermes-mc.mjs');

async function hermesMc(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await execFileP(process.execPath, [CLI, ...args], { env });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('hermes-mc against a real sshd', () => {
  let sshd: SshdHandle;
  let base: string;
  let env: NodeJS.ProcessEnv;
  let configFile: string;

  beforeAll(async () => {
    sshd = await startSshd({ files: { 'vijay/.keep': '' } });
    base = await mkdtemp(join(tmpdir(), 'hmc-cli-ssh-'));
    const home = join(base, 'home');
    const knownHostsFile = await writeClientKnownHosts(home, '');
    env = isolatedHomeEnv(home, { NO_COLOR: '1' });
    configFile = join(base, 'config.json');
    await writeFile(configFile, JSON.stringify({ hosts: [sshdHostEntry(sshd, knownHostsFile)] }));
  });
  afterAll(async () => {
    await sshd?.stop();
    await rm(base, { recursive: true, force: true });
  });

  it('fingerprint prints the served host key and how to verify it on the VM', async () => {
    const r = await hermesMc(['fingerprint', '127.0.0.1', '--port', String(sshd.port)], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(sshd.hostKeyFingerprint);
    expect(r.stdout).toMatch(/ssh-keygen -lf/);
  });

  it('status refuses an unknown host key, naming its fingerprint, and exits 3 (Unknown: nothing was read)', async () => {
    const r = await hermesMc(['status', '--config', configFile, '--json'], env);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(sshd.hostKeyFingerprint);
    const json = JSON.parse(r.stdout) as {
      instances: { id: string; state: string; reason: { code: string } }[];
    };
    expect(json.instances[0]).toMatchObject({
      id: 'vijay',
      state: 'unreachable',
      reason: { code: 'HOST_KEY_UNKNOWN' },
    });
  });

  it('status with --accept-host-key for a different key still refuses', async () => {
    const r = await hermesMc(
      ['status', '--config', configFile, '--json', '--accept-host-key', 'SHA256:AAAAnotthekeyAAAA'],
      env,
    );
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout).instances[0].reason.code).toBe('HOST_KEY_UNKNOWN');
  });

  it('status with --accept-host-key <the fingerprint> pins it; the next run connects without the flag', async () => {
    const accepted = await hermesMc(
      ['status', '--config', configFile, '--json', '--accept-host-key', sshd.hostKeyFingerprint],
      env,
    );
    expect(accepted.stderr).toContain('Trusting and pinning');
    // No snapshot was ever written here, so the instance is reachable but has nothing to read yet.
    const first = JSON.parse(accepted.stdout).instances[0];
    expect(first.reason?.code ?? null).not.toBe('HOST_KEY_UNKNOWN');
    const again = await hermesMc(['status', '--config', configFile, '--json'], env);
    const next = JSON.parse(again.stdout).instances[0];
    expect(next.reason?.code ?? null).not.toMatch(/HOST_KEY/);
    expect(again.stderr).not.toContain('Unknown host key');
  });
});
