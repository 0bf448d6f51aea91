/**
 * The shipped VM files are checked with the real tools: `systemd-analyze verify` for the units,
 * `systemd-tmpfiles` for the folder rule, `sshd -t`/`sshd -T` for the restricted reader account.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const bundle = join(repo, 'out/exporter/hermes-exporter.mjs');
let tmp: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'hmc-units-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Copies a unit, pointing ExecStart at this machine's node and the built bundle. */
function stage(
  src: string,
  destDir: string,
  destName: string,
  edit: (text: string) => string = (t) => t,
): string {
  mkdirSync(destDir, { recursive: true });
  const text = readFileSync(join(repo, 'systemd', src), 'utf8').replace(
    /^ExecStart=\/usr\/bin\/env node \S+/m,
    `ExecStart=${process.execPath} ${bundle}`,
  );
  const dest = join(destDir, destName);
  writeFileSync(dest, edit(text));
  return dest;
}

function verify(files: string[], user = false): { status: number | null; stderr: string } {
  const args = [...(user ? ['--user'] : []), 'verify', '--man=no', ...files];
  const r = spawnSync('systemd-analyze', args, {
    encoding: 'utf8',
    env: { ...process.env, SYSTEMD_LOG_LEVEL: 'warning', XDG_RUNTIME_DIR: tmp, SYSTEMD_PAGER: '' },
  });
  return { status: r.status, stderr: r.stderr.trim() };
}

describe('systemd units', () => {
  it('the system service/timer template verifies cleanly for an instance (vijay)', () => {
    const dir = join(tmp, 'system');
    const svc = stage('hermes-exporter@.service', dir, 'hermes-exporter@vijay.service');
    const timer = stage('hermes-exporter@.timer', dir, 'hermes-exporter@vijay.timer');
    expect(verify([svc, timer])).toEqual({ status: 0, stderr: '' });
  });

  it('the user service/timer pair for Bheem verifies cleanly in a user manager', () => {
    const dir = join(tmp, 'user');
    const svc = stage('user/hermes-exporter.service', dir, 'hermes-exporter.service');
    const timer = stage('user/hermes-exporter.timer', dir, 'hermes-exporter.timer');
    expect(verify([svc, timer], true)).toEqual({ status: 0, stderr: '' });
  });

  it('would catch a mistyped directive (the check is not vacuous)', () => {
    const dir = join(tmp, 'bad');
    const svc = stage('hermes-exporter@.service', dir, 'hermes-exporter@bad.service', (t) =>
      t.replace('NoNewPrivileges=yes', 'NoNewPrivilegez=yes'),
    );
    expect(verify([svc]).stderr).toMatch(/Unknown key 'NoNewPrivilegez'/);
  });

  it('runs every 60 s, hardened, writing only its own output folder and its private code cache', () => {
    const svc = readFileSync(join(repo, 'systemd/hermes-exporter@.service'), 'utf8');
    const user = readFileSync(join(repo, 'systemd/user/hermes-exporter.service'), 'utf8');
    for (const [text, out] of [
      [svc, '/var/lib/hermes-exporter/%i'],
      [user, '/var/lib/hermes-exporter/bheem'],
    ] as const) {
      expect(text).toMatch(/^NoNewPrivileges=yes$/m);
      expect(text).toMatch(/^ProtectSystem=strict$/m);
      expect(text).toMatch(/^ProtectHome=read-only$/m);
      expect(text).toMatch(/^PrivateTmp=yes$/m);
      expect(text.match(/^ReadWritePaths=(.*)$/gm)).toEqual([`ReadWritePaths=${out}`]);
      expect(text).toMatch(new RegExp(`^CacheDirectory=hermes-exporter/${out.split('/').pop()}$`, 'm'));
      expect(text).toMatch(/^CacheDirectoryMode=0700$/m);
      expect(text).toMatch(/^RestrictAddressFamilies=AF_UNIX AF_NETLINK$/m);
      expect(text).toMatch(/run --once --config \/etc\/hermes-exporter\//);
    }
    for (const t of ['systemd/hermes-exporter@.timer', 'systemd/user/hermes-exporter.timer']) {
      expect(readFileSync(join(repo, t), 'utf8')).toMatch(/^OnUnitActiveSec=60s$/m);
    }
  });
});

describe('tmpfiles rule', () => {
  it('creates the chroot parent root-owned 0755 and one readable folder per instance, bheem owned by uma', () => {
    const root = join(tmp, 'tmpfiles-root');
    // --root resolves users inside the image: give it the VM's accounts (uma is uid 1002 in the runbook).
    mkdirSync(join(root, 'etc'), { recursive: true });
    writeFileSync(
      join(root, 'etc/passwd'),
      'root:x:0:0:root:/root:/bin/bash\numa:x:1002:1002::/home/uma:/bin/bash\n',
    );
    writeFileSync(join(root, 'etc/group'), 'root:x:0:\numa:x:1002:\n');
    execFileSync(
      'systemd-tmpfiles',
      ['--create', `--root=${root}`, join(repo, 'systemd/tmpfiles.d/hermes-exporter.conf')],
      {
        stdio: 'pipe',
      },
    );
    const parent = statSync(join(root, 'var/lib/hermes-exporter'));
    expect(parent.mode & 0o777).toBe(0o755);
    expect(parent.uid).toBe(0);
    expect(statSync(join(root, 'var/lib/hermes-exporter/vijay')).uid).toBe(0);
    const bheem = statSync(join(root, 'var/lib/hermes-exporter/bheem'));
    expect(bheem.mode & 0o777).toBe(0o755);
    expect(bheem.uid).toBe(1002);
  });
});

describe('sshd restricted reader block', () => {
  let config: string;
  beforeAll(() => {
    const dir = join(tmp, 'sshd');
    mkdirSync(dir);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'host_key')]);
    config = join(dir, 'sshd_config');
    // Like Debian's sshd_config: the drop-in folder is included first, global settings follow.
    writeFileSync(
      config,
      `Include ${join(repo, 'systemd/sshd/hermes-mc-reader.conf')}\nHostKey ${join(dir, 'host_key')}\nX11Forwarding yes\nAllowTcpForwarding yes\n`,
    );
  });

  function effective(user: string): Map<string, string> {
    const out = execFileSync(
      '/usr/sbin/sshd',
      ['-T', '-f', config, '-C', `user=${user},host=laptop,addr=100.64.0.2`],
      { encoding: 'utf8' },
    );
    return new Map(
      out
        .split('\n')
        .filter(Boolean)
        .map((l) => [l.slice(0, l.indexOf(' ')), l.slice(l.indexOf(' ') + 1)]),
    );
  }

  it('is valid sshd syntax', () => {
    execFileSync('/usr/sbin/sshd', ['-t', '-f', config]);
  });

  it('confines hermes-mc to read-only SFTP in the exporter folder with forwards only to the dashboards', () => {
    const s = effective('hermes-mc');
    expect(s.get('forcecommand')).toBe('internal-sftp -R');
    expect(s.get('chrootdirectory')).toBe('/var/lib/hermes-exporter');
    expect(s.get('permittty')).toBe('no');
    expect(s.get('allowtcpforwarding')).toBe('local');
    expect(s.get('x11forwarding')).toBe('no');
    expect(s.get('allowagentforwarding')).toBe('no');
    expect(s.get('permitopen')).toBe('127.0.0.1:9119 127.0.0.1:9120 100.87.53.10:9119 100.87.53.10:9120');
    expect(s.get('authenticationmethods')).toBe('publickey');
  });

  it('leaves every other account (root) untouched', () => {
    const s = effective('root');
    expect(s.get('forcecommand')).toBe('none');
    expect(s.get('chrootdirectory')).toBe('none');
    expect(s.get('x11forwarding')).toBe('yes');
  });
});
