/**
 * A real second OS user for tests that run runbook commands as an instance's user (as Bheem's `uma`):
 * created with useradd (home folder included), removed with userdel. Each test run gets its own name
 * (`hmcu` + random), so parallel workers never share one; the creating pid is kept in the account's
 * comment, and users left by a run that died are removed by the next one. Needs root.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);
const COMMENT = 'hmc-test pid=';

export interface InstanceUser {
  name: string;
  uid: number;
  gid: number;
  home: string;
  remove(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function passwd(): string[][] {
  return readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split(':'));
}

/** useradd/userdel take a lock on /etc/passwd; another worker holding it is "try again", not a failure. */
async function withPasswdLock(cmd: string, args: string[]): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await execFileP(cmd, args);
      return;
    } catch (err) {
      const stderr = String((err as { stderr?: string }).stderr ?? '');
      if (!/cannot lock|try again later/i.test(stderr) || attempt >= 50) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

async function removeUser(name: string): Promise<void> {
  if (!passwd().some((f) => f[0] === name)) return;
  await withPasswdLock('userdel', ['--remove', name]).catch(async (err) => {
    // userdel exits 12 when only the mail spool was missing; the account itself is gone then.
    if (passwd().some((f) => f[0] === name)) throw err;
  });
}

/** Remove test users whose creating process is gone (a crashed run). */
async function sweepStaleUsers(): Promise<void> {
  for (const f of passwd()) {
    const comment = f[4] ?? '';
    if (!f[0]?.startsWith('hmcu') || !comment.startsWith(COMMENT)) continue;
    const pid = Number(comment.slice(COMMENT.length));
    if (Number.isInteger(pid) && !alive(pid)) await removeUser(f[0]).catch(() => undefined);
  }
}

export async function createInstanceUser(): Promise<InstanceUser> {
  if (process.getuid?.() !== 0) throw new Error('createInstanceUser needs root (useradd)');
  await sweepStaleUsers();
  const name = `hmcu${randomBytes(4).toString('hex')}`;
  await withPasswdLock('useradd', [
    '--create-home',
    '--shell',
    '/bin/sh',
    '--comment',
    `${COMMENT}${process.pid}`,
    name,
  ]);
  const entry = passwd().find((f) => f[0] === name)!;
  return {
    name,
    uid: Number(entry[2]),
    gid: Number(entry[3]),
    home: entry[5]!,
    remove: () => removeUser(name),
  };
}
