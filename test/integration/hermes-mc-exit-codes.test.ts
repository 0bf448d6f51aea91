/**
 * The one exit-code contract (main/cli/exit-codes.ts), held by the BUILT `out/cli/hermes-mc.mjs` for every
 * command: verdicts 0–3 from `status` and `warnings` alike (one-shot and `--watch`), 64 for usage errors
 * everywhere, 78 for config errors everywhere, 3 when a host does not answer, 69 when this machine cannot
 * serve; every `--help` states the contract and exits 0.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../main/cli/exit-codes.js';
import { makeSnapshot } from '../fixtures/snapshot-factory.js';
import { freePort } from '../helpers/sshd.js';

const CLI = join(process.cwd(), 'out/cli/hermes-mc.mjs');
let base: string;
let env: NodeJS.ProcessEnv;

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env, timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err ? (err as { code?: number }).code : 0;
      resolve({ code: typeof code === 'number' ? code : -1, stdout, stderr });
    });
  });
}

/** A snapshot folder with `vijay` and `bheem` as given (healthy by default), written now. */
async function fleet(name: string, bheem = makeSnapshot('bheem', {}, new Date())): Promise<string> {
  const root = join(base, name);
  for (const [id, snap] of [
    ['vijay', makeSnapshot('vijay', {}, new Date())],
    ['bheem', bheem],
  ] as const) {
    await mkdir(join(root, id), { recursive: true });
    await writeFile(join(root, id, 'snapshot.json'), JSON.stringify(snap));
  }
  return root;
}

let healthy: string;
let attention: string;
let critical: string;
let stale: string;
let badConfig: string;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'hmc-exit-'));
  env = {
    PATH: process.env.PATH ?? '',
    HOME: join(base, 'home'),
    XDG_CONFIG_HOME: join(base, 'xdg'),
    TZ: 'UTC',
  };
  healthy = await fleet('healthy');
  const job = makeSnapshot('bheem').cron.jobs![0]!;
  attention = await fleet(
    'attention',
    makeSnapshot(
      'bheem',
      { cron: { jobs: [{ ...job, lastStatus: 'error', lastError: 'boom' }] } },
      new Date(),
    ),
  );
  critical = await fleet(
    'critical',
    makeSnapshot('bheem', { gateway: { running: false, state: 'stopped' } }, new Date()),
  );
  // Written an hour ago (content and mtime): with 60 s polls and "stale after 3", that is stale.
  const hourAgo = new Date(Date.now() - 3600_000);
  stale = await fleet('stale', makeSnapshot('bheem', {}, hourAgo));
  await utimes(join(stale, 'bheem/snapshot.json'), hourAgo, hourAgo);
  badConfig = join(base, 'bad-config.json');
  await writeFile(
    badConfig,
    JSON.stringify({
      hosts: [
        {
          name: 'vm',
          host: '127.0.0.1',
          port: 'twenty-two',
          user: 'root',
          instances: [{ id: 'vijay', label: 'V' }],
        },
      ],
    }),
  );
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

const COMMANDS = ['status', 'warnings', 'cron', 'spend', 'web', 'fingerprint', 'incidents', 'maintenance'];

describe('hermes-mc exit codes', () => {
  it('bare hermes-mc prints the help on stderr and exits 64; --help exits 0', async () => {
    const bare = await run([]);
    expect(bare.code).toBe(EXIT.usage);
    expect(bare.stderr).toMatch(/Commands:[\s\S]*status[\s\S]*warnings[\s\S]*web[\s\S]*fingerprint/);
    const help = await run(['--help']);
    expect(help.code).toBe(EXIT.ok);
    expect(help.stdout).toMatch(/Exit status/);
    expect((await run(['stauts'])).code).toBe(EXIT.usage);
  });

  it.each(COMMANDS)('%s --help works, states the whole contract, and exits 0', async (command) => {
    const r = await run([command, '--help']);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toMatch(new RegExp(`^Usage: hermes-mc ${command}`));
    for (const row of [
      / 0 {2}OK/,
      / 1 {2}Needs attention/,
      / 2 {2}Critical/,
      / 3 {2}Unknown/,
      /64 {2}usage error/,
      /incidents and maintenance report no health/,
      /78 {2}config error/,
    ])
      expect(r.stdout).toMatch(row);
  });

  it.each(COMMANDS)('%s with an unknown option is a usage error (64) that names it', async (command) => {
    const r = await run([command, '--no-such-option']);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toContain(`hermes-mc ${command}: Unknown option '--no-such-option'`);
  });

  it.each(['status', 'warnings', 'cron', 'spend'])(
    '%s exits with the fleet verdict: 0 OK, 1 attention, 2 critical, 3 not current',
    async (command) => {
      expect((await run([command, '--snapshot-root', healthy])).code).toBe(EXIT.ok);
      expect((await run([command, '--snapshot-root', attention])).code).toBe(EXIT.attention);
      expect((await run([command, '--snapshot-root', critical])).code).toBe(EXIT.critical);
      const s = await run([command, '--snapshot-root', stale, '--json']);
      expect(s.code).toBe(EXIT.unknown);
      // status and warnings say why in their JSON; cron and spend carry the same verdict in the code only.
      if (command === 'status' || command === 'warnings')
        expect(
          JSON.parse(s.stdout).instances.find((i: { id: string }) => i.id === 'bheem').verdict.level,
        ).toBe('unknown');
      expect((await run([command, '--demo'])).code).toBe(EXIT.attention);
    },
  );

  it.each(['status', 'warnings'])(
    '%s: a config error is 78, naming the file and field; a missing folder is 64',
    async (command) => {
      const r = await run([command, '--config', badConfig]);
      expect(r.code).toBe(EXIT.config);
      expect(r.stderr).toContain(badConfig);
      expect(r.stderr).toMatch(/hosts\[0\]\.port/);
      expect((await run([command, '--config', join(base, 'missing.json')])).code).toBe(EXIT.config);
      expect((await run([command, '--snapshot-root', join(base, 'nowhere')])).code).toBe(EXIT.usage);
      expect((await run([command, '--demo', '--config', badConfig])).code).toBe(EXIT.usage);
    },
  );

  it('incidents is a record, not a health check: 0 with the timeline even for an attention fleet; 69 with no log; 64 bad args', async () => {
    // The demo fleet needs attention (status --demo exits 1), yet its timeline is printed and exits 0.
    const demo = await run(['incidents', '--demo']);
    expect(demo.code).toBe(EXIT.ok);
    expect(demo.stdout).toMatch(/^Incidents since /);
    const json = await run(['incidents', '--demo', '--json']);
    expect(json.code).toBe(EXIT.ok);
    expect(JSON.parse(json.stdout).incidents.length).toBeGreaterThan(0);
    // Nothing ever recorded here: not "nothing happened", so not 0.
    const none = await run(['incidents', '--data-dir', join(base, 'never-ran')]);
    expect(none.code).toBe(EXIT.unavailable);
    expect(none.stderr).toMatch(/no incident log in /);
    expect((await run(['incidents', '--demo', '--since', 'forever'])).code).toBe(EXIT.usage);
    expect((await run(['incidents', '--demo', '--kind', 'weather'])).code).toBe(EXIT.usage);
  });

  it('maintenance is a setting, not a health check: 0 when done for an attention fleet; 64 bad args; 78 bad config', async () => {
    const dataDir = join(base, 'maintenance-data');
    const on = await run(['maintenance', 'bheem', '30m', '--demo', '--data-dir', dataDir]);
    expect(on.code).toBe(EXIT.ok);
    const list = await run(['maintenance', '--demo', '--json', '--data-dir', dataDir]);
    expect(list.code).toBe(EXIT.ok);
    expect(Object.keys(JSON.parse(list.stdout).maintenance)).toEqual(['bheem']);
    expect((await run(['maintenance', 'bheem', 'off', '--demo', '--data-dir', dataDir])).code).toBe(EXIT.ok);
    expect((await run(['maintenance', 'bheem', 'forever', '--demo', '--data-dir', dataDir])).code).toBe(
      EXIT.usage,
    );
    expect((await run(['maintenance', 'nosuch', '30m', '--demo', '--data-dir', dataDir])).code).toBe(
      EXIT.usage,
    );
    const bad = await run(['maintenance', '--config', badConfig, '--data-dir', dataDir]);
    expect(bad.code).toBe(EXIT.config);
    expect(bad.stderr).toContain(badConfig);
  });

  it('fingerprint of a host that does not answer is Unknown (3)', async () => {
    const port = await freePort();
    const r = await run(['fingerprint', '127.0.0.1', '--port', String(port)]);
    expect(r.code).toBe(EXIT.unknown);
    expect(r.stderr).toMatch(/^hermes-mc fingerprint: /);
    expect((await run(['fingerprint'])).code).toBe(EXIT.usage);
  });

  it('web: a bad port is 64, a missing renderer is 69', async () => {
    expect((await run(['web', '--port', '70000'])).code).toBe(EXIT.usage);
    const empty = join(base, 'no-renderer');
    await mkdir(empty, { recursive: true });
    const r = await run(['web', '--demo', '--static', empty]);
    expect(r.code).toBe(EXIT.unavailable);
    expect(r.stderr).toMatch(/renderer is not built/);
  });

  it.each([
    ['table', []],
    ['json', ['--json']],
  ])(
    'status --watch (%s), stopped with Ctrl-C, exits with the verdict of the last screen',
    async (_, extra) => {
      const child = spawn(
        process.execPath,
        [CLI, 'status', '--watch', '--snapshot-root', critical, ...extra],
        {
          env,
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let out = '';
      const code = await new Promise<number | null>((resolve) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (/checked at|"instances"/.test(out)) child.kill('SIGINT');
        });
        child.once('exit', (c) => resolve(c));
      });
      expect(code).toBe(EXIT.critical);
    },
  );
});
