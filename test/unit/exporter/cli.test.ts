/**
 * The CLI and run loop with injected collectors (the real ones are exercised against fixture homes in
 * test/integration/exporter-bundle.test.ts). Real files under a temp dir, real subprocesses.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main, type CliDeps } from '../../../exporter/src/cli.js';
import { parseCliArgs } from '../../../exporter/src/cli-args.js';
import type { CollectContext } from '../../../exporter/src/collect/context.js';
import { parseSnapshotText } from '../../../common/contract/parse.js';
import type { Collectors } from '../../../exporter/src/run.js';
import { hermesPart, makeSnapshot, SNAPSHOT_NOW, systemPart } from './make-snapshot.js';

const NOW = SNAPSHOT_NOW.toISOString();
let dir: string;
let home: string;
let out: string;
let seen: CollectContext[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hmc-cli-'));
  home = join(dir, 'home');
  out = join(dir, 'out');
  mkdirSync(home);
  mkdirSync(join(dir, 'install'));
  seen = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

type Hermes = ReturnType<typeof hermesPart>;
function collectors(patch: (h: Hermes) => void = () => undefined): Collectors {
  return {
    collectHermes: async (ctx) => {
      seen.push(ctx);
      await ctx.exec('true', []);
      ctx.state.secretScan = { head: 'abc', scannedAt: ctx.now.toISOString(), hits: [] };
      const h = hermesPart();
      patch(h);
      return { ...h, probes: [{ name: 'sessions', ok: true, error: null, ms: 1 }] };
    },
    collectSystem: async (ctx) => {
      await ctx.exec('true', []);
      return { ...systemPart(), probes: [{ name: 'systemd', ok: true, error: null, ms: 1 }] };
    },
  };
}

async function cli(argv: string[], deps: Partial<CliDeps> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(
    argv,
    { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) },
    { collectors: collectors(), ...deps },
  );
  return { code, stdout, stderr };
}

const flags = (): string[] => ['--instance', 'vijay', '--hermes-home', home, '--out', out, '--now', NOW];

describe('hermes-exporter run --once', () => {
  it('writes a contract-valid snapshot, one history sample and state.json with the subprocess count', async () => {
    const r = await cli([
      'run',
      '--once',
      ...flags(),
      '--install-dir',
      join(dir, 'install'),
      '--label',
      'Vijay (root)',
    ]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const parsed = parseSnapshotText(readFileSync(join(out, 'snapshot.json'), 'utf8'));
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.snapshot.generatedAt).toBe(NOW);
    expect(parsed.snapshot.instance).toMatchObject({
      id: 'vijay',
      label: 'Vijay (root)',
      hermesHome: home,
      systemdScope: 'system',
    });
    expect(parsed.snapshot.probes.map((p) => p.name)).toEqual(['sessions', 'systemd']);
    expect(parsed.snapshot.history).toMatchObject({
      rawFile: 'history.jsonl',
      rollupFile: 'history-rollup.jsonl',
    });
    expect(readFileSync(join(out, 'history.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1);
    const state = JSON.parse(readFileSync(join(out, 'state.json'), 'utf8'));
    expect(state.lastRun).toMatchObject({ subprocesses: 2, commands: ['true', 'true'], at: NOW });
    expect(state.history.generation).toBe(parsed.snapshot.history!.generation);
    expect(seen[0]!.now.toISOString()).toBe(NOW);
    expect(seen[0]!.installDir).toBe(join(dir, 'install'));
  });

  it('hands the saved state to the next run (e.g. the secret-scan cache)', async () => {
    await cli(['run', '--once', ...flags()]);
    await cli(['run', '--once', ...flags()]);
    expect(seen[1]!.state.secretScan).toMatchObject({ head: 'abc' });
  });

  it('writes nothing and names the contract path when a collector returns something invalid', async () => {
    const r = await cli(['run', '--once', ...flags()], {
      collectors: collectors((h) => (h.sessions.active = -1)),
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/SNAPSHOT_INVALID: snapshot does not match the contract at sessions\.active/);
    expect(existsSync(out)).toBe(false);
  });

  it('fails without writing when a collector throws', async () => {
    const broken: Collectors = {
      ...collectors(),
      collectSystem: async () => Promise.reject(new Error('boom')),
    };
    const r = await cli(['run', '--once', ...flags()], { collectors: broken });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('COLLECT_FAILED');
    expect(existsSync(out)).toBe(false);
  });

  it('--print writes the validated snapshot to stdout and nothing to disk; --stats reports subprocesses', async () => {
    const r = await cli(['run', '--once', '--print', '--stats', ...flags()]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).instance.id).toBe('vijay');
    expect(r.stderr).toMatch(/^hermes-exporter stats: instance=vijay subprocesses=2 ms=\d+ probes_ok=2\/2/);
    expect(existsSync(out)).toBe(false);
  });

  it('loads a YAML config file', async () => {
    const file = join(dir, 'x.yaml');
    writeFileSync(
      file,
      `instance: {id: bheem, label: Bheem (uma)}\nhermesHome: ${home}\noutDir: ${out}\nsystemd: {scope: user}\n`,
    );
    const r = await cli(['run', '--once', '--config', file, '--now', NOW]);
    expect(r.code).toBe(0);
    const snap = JSON.parse(readFileSync(join(out, 'snapshot.json'), 'utf8'));
    expect(snap.instance).toMatchObject({ id: 'bheem', systemdScope: 'user' });
  });
});

describe('bad input', () => {
  it('names the bad flag and exits 2', async () => {
    expect(await cli(['run', '--once', '--hermes-hom', home])).toMatchObject({
      code: 2,
      stderr: 'hermes-exporter: unknown flag --hermes-hom (see --help)\n',
    });
    expect(
      (
        await cli([
          'run',
          '--once',
          '--instance',
          'x',
          '--hermes-home',
          home,
          '--out',
          out,
          '--systemd-scope',
          'both',
        ])
      ).stderr,
    ).toMatch(/--systemd-scope: /);
    expect((await cli(['run', '--once', '--instance', 'x'])).stderr).toContain(
      'missing --hermes-home, --out',
    );
    expect((await cli(['explode'])).code).toBe(2);
  });

  it('names the bad config field and exits 2', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      `instance: {id: x, label: X}\nhermesHome: ${home}\noutDir: ${out}\nintervalSeconds: 5\n`,
    );
    const r = await cli(['run', '--once', '--config', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/field intervalSeconds: /);
  });

  it('--version and --help exit 0', async () => {
    expect((await cli(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+/);
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('run --once --config <file>');
  });

  it('rejects flags that do not belong to the command', () => {
    expect(parseCliArgs(['check', '--once', '--config', 'x'])).toEqual({
      kind: 'usage-error',
      message: '--once does not apply to check',
    });
    expect(parseCliArgs(['run', '--snapshot', 'x', '--config', 'y'])).toMatchObject({ kind: 'usage-error' });
    expect(parseCliArgs(['run', '--config', 'a', '--instance', 'b'])).toMatchObject({
      message: expect.stringContaining('--config cannot be combined with --instance'),
    });
  });
});

describe('hermes-exporter check', () => {
  it('is silent and exits 0 when healthy, and writes nothing', async () => {
    const r = await cli(['check', ...flags()]);
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(existsSync(out)).toBe(false);
  });

  it('exits 2 with one line per problem when the gateway is down', async () => {
    const r = await cli(['check', ...flags()], {
      collectors: collectors((h) => (h.gateway.running = false)),
    });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^CRITICAL GATEWAY_DOWN /m);
  });

  it('exits 1 when only degraded (a non-backup cron job failed)', async () => {
    const r = await cli(['check', ...flags()], {
      collectors: collectors((h) => {
        h.cron.jobs = [{ ...h.cron.jobs![0]!, role: null, name: 'digest', lastStatus: 'error' }];
      }),
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('DEGRADED CRON_FAILED cron job "digest" last run failed\n');
  });

  it('judges an existing snapshot file and flags it stale when the timer stopped', async () => {
    const file = join(dir, 'snapshot.json');
    writeFileSync(file, JSON.stringify(makeSnapshot()));
    expect((await cli(['check', '--snapshot', file, '--now', NOW])).code).toBe(0);
    const later = new Date(SNAPSHOT_NOW.getTime() + 10 * 60_000).toISOString();
    const stale = await cli(['check', '--snapshot', file, '--now', later]);
    expect(stale.code).toBe(2);
    expect(stale.stdout).toMatch(/^CRITICAL SNAPSHOT_STALE snapshot is 600 s old/);
    writeFileSync(file, '{"schemaVersion":1}');
    expect((await cli(['check', '--snapshot', file])).stdout).toMatch(/^CRITICAL SNAPSHOT_INVALID/);
    expect((await cli(['check', '--snapshot', join(dir, 'none.json')])).code).toBe(2);
  });
});

describe('hermes-exporter run (loop)', () => {
  it('runs once per interval until stopped, then exits 0', async () => {
    const controller = new AbortController();
    const waits: number[] = [];
    const sleep = async (ms: number): Promise<void> => {
      waits.push(ms);
      if (waits.length === 2) controller.abort();
    };
    const r = await cli(['run', ...flags(), '--interval', '30'], { sleep, signal: controller.signal });
    expect(r.code).toBe(0);
    expect(waits).toHaveLength(2);
    expect(waits.every((ms) => ms > 0 && ms <= 30_000)).toBe(true);
    expect(readFileSync(join(out, 'history.jsonl'), 'utf8').trim().split('\n')).toHaveLength(2);
    expect(readdirSync(out).sort()).toEqual([
      'history-rollup.jsonl',
      'history.jsonl',
      'snapshot.json',
      'state.json',
    ]);
  });
});
