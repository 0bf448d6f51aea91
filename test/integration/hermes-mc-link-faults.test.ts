/**
 * The built `hermes-mc` through a real sshd and a TCP proxy that cuts the link at an exact protocol step
 * (issue 11 §1, §3): a monitor never dies silently. Whatever step the link dies at — handshake, login,
 * right after the SFTP subsystem starts, mid-read — one-shot `status` / `status --json` / `warnings
 * --json` print their result with the documented exit code; a drop while SFTP starts is a lost
 * connection, never "enable the sftp subsystem"; `--watch` keeps watching through the faults. A served but
 * invalid snapshot is an invalid snapshot on a reachable host; a future-dated snapshot of a stopped
 * exporter is stale, and without the VM's clock the output says so.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../main/cli/exit-codes.js';
import { makeSnapshot } from '../fixtures/snapshot-factory.js';
import { isolatedHomeEnv } from '../helpers/isolated-home.js';
import { startSshd, type SshdHandle } from '../helpers/sshd.js';
import { sshdHostEntry, writeClientKnownHosts } from '../helpers/sshd-client.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';

const CLI = join(process.cwd(), 'out/cli/hermes-mc.mjs');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let sshd: SshdHandle;
let proxy: TcpProxy;
let base: string;
let env: NodeJS.ProcessEnv;

function hermesMc(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (err as { code?: unknown }).code : 0;
      resolve({ code: typeof code === 'number' ? code : null, stdout, stderr });
    });
  });
}

/** A config reading `instances` of the test sshd through the proxy. */
async function configFor(name: string, instances: { id: string; label: string }[]): Promise<string> {
  const home = join(base, 'home');
  const knownHosts = await writeClientKnownHosts(
    home,
    sshd.knownHostsLine.replace(`]:${sshd.port} `, `]:${proxy.port} `) + '\n',
  );
  const file = join(base, `${name}.json`);
  const host = { ...sshdHostEntry(sshd, knownHosts), port: proxy.port, instances };
  await writeFile(file, JSON.stringify({ pollIntervalSeconds: 10, hosts: [host] }));
  return file;
}

let vijayConfig: string;

beforeAll(async () => {
  sshd = await startSshd({
    files: {
      'vijay/snapshot.json': JSON.stringify(makeSnapshot('vijay', {}, new Date())),
      'broken/snapshot.json': '{"schemaVersion": 1, "generatedAt": "2026-',
    },
  });
  proxy = await startTcpProxy({ targetPort: sshd.port });
  base = await mkdtemp(join(tmpdir(), 'hmc-link-faults-'));
  env = isolatedHomeEnv(join(base, 'home'), { NO_COLOR: '1', TZ: 'UTC' });
  vijayConfig = await configFor('vijay', [{ id: 'vijay', label: 'Vijay (root)' }]);
});
afterAll(async () => {
  proxy?.setFault(null);
  await proxy?.close();
  await sshd?.stop();
  if (base) await rm(base, { recursive: true, force: true });
});

/** Chunks each direction carries in one healthy `status` run (connection 0 of that run). */
async function chunksOfOneRun(): Promise<{ up: number; down: number }> {
  const seen = { up: 0, down: 0 };
  proxy.resetStats();
  proxy.setFault(({ dir, connection }) => {
    if (connection === 0) seen[dir]++;
    return 'forward';
  });
  const r = await hermesMc(['status', '--config', vijayConfig, '--json']);
  proxy.setFault(null);
  expect(r.code).toBe(EXIT.ok);
  return seen;
}

describe('a link cut at every protocol step', () => {
  it('one-shot status/--json/warnings always print their result with the documented code; a cut while SFTP starts is a lost connection', async () => {
    const chunks = await chunksOfOneRun();
    expect(chunks.up).toBeGreaterThan(8); // version, kex, auth, channel, subsystem, SFTP init, stats…
    const cuts = [
      ...Array.from({ length: chunks.up }, (_, index) => ({ dir: 'up' as const, index })),
      ...Array.from({ length: chunks.down }, (_, index) => ({ dir: 'down' as const, index })),
    ];
    const failures: string[] = [];
    for (const cut of cuts) {
      proxy.setFault((c) => (c.dir === cut.dir && c.index === cut.index ? 'drop' : 'forward'));
      // Every command at the client's steps; the server's steps (mirror images) with --json only.
      const all = cut.dir === 'up';
      const skipped: Run = { code: EXIT.ok, stdout: '{}', stderr: '' };
      const [json, text, warnings] = await Promise.all([
        hermesMc(['status', '--config', vijayConfig, '--json']),
        all ? hermesMc(['status', '--config', vijayConfig]) : skipped,
        all ? hermesMc(['warnings', '--config', vijayConfig, '--json']) : skipped,
      ]);
      const at = `cut ${cut.dir} #${cut.index}`;
      // The last chunks may come after the answer was complete: then OK (0) is right.
      for (const [name, r] of [
        ['status --json', json],
        ['status', text],
        ['warnings --json', warnings],
      ] as const) {
        if (r.code !== EXIT.unknown && r.code !== EXIT.ok)
          failures.push(`${at}: ${name} exited ${r.code} (${r.stderr.trim().slice(0, 120)})`);
        if (r.stdout.trim() === '') failures.push(`${at}: ${name} printed nothing`);
      }
      try {
        const inst = (
          JSON.parse(json.stdout) as { instances: { state: string; reason: { code: string } | null }[] }
        ).instances[0]!;
        if (inst.reason?.code === 'PERMISSION_DENIED')
          failures.push(`${at}: reported PERMISSION_DENIED for a dropped link`);
        if (json.code === EXIT.unknown && inst.state !== 'unreachable')
          failures.push(`${at}: exit 3 but state ${inst.state}`);
      } catch {
        failures.push(`${at}: status --json printed no JSON: ${json.stdout.slice(0, 80)}`);
      }
      try {
        JSON.parse(warnings.stdout);
      } catch {
        failures.push(`${at}: warnings --json printed no JSON`);
      }
      if (text.code === EXIT.unknown && !/VERDICT/.test(text.stdout))
        failures.push(`${at}: status printed no table`);
    }
    proxy.setFault(null);
    expect(failures).toEqual([]);
  }, 300_000);
});

describe('status --watch through faults', () => {
  it('keeps watching: live, then the drop as a printed state, then live again; Ctrl-C exits with the last screen', async () => {
    const child = spawn(process.execPath, [CLI, 'status', '--config', vijayConfig, '--watch', '--json'], {
      env,
    });
    let out = '';
    let exited: number | null | undefined;
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => (exited = code));
    const screens = () =>
      out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { instances: { state: string; reason: { code: string } | null }[] });
    const waitFor = async (what: string, test: (s: ReturnType<typeof screens>) => boolean, ms = 60_000) => {
      const until = Date.now() + ms;
      while (!test(screens())) {
        if (exited !== undefined) throw new Error(`--watch exited (${exited}) while waiting for ${what}`);
        if (Date.now() > until) throw new Error(`no ${what} within ${ms} ms; screens: ${out.slice(-400)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    try {
      await waitFor('a live screen', (s) => s.some((x) => x.instances[0]?.state === 'live'));
      const before = screens().length;
      // Cut the link; then cut each reconnect at a later step of login and SFTP start (up chunks 9–13:
      // after login, so the retry delay stays short), one step per reconnect, then let it heal.
      const firstReconnect = proxy.stats().connections;
      const steps = [9, 10, 11, 12, 13];
      proxy.setFault((c) => {
        const k = c.connection - firstReconnect;
        return c.dir === 'up' && k >= 0 && k < steps.length && c.index === steps[k] ? 'drop' : 'forward';
      });
      proxy.dropConnections();
      await waitFor('an unreachable screen', (s) =>
        s.slice(before).some((x) => x.instances[0]?.state === 'unreachable'),
      );
      // Every screen while the link kept dying said why, and never blamed the sftp subsystem.
      await waitFor(
        'every faulty reconnect to be tried',
        () => proxy.stats().connections >= firstReconnect + steps.length,
        90_000,
      );
      for (const screen of screens().slice(before)) {
        expect(screen.instances[0]?.reason?.code ?? null).not.toBe('PERMISSION_DENIED');
      }
      expect(exited).toBeUndefined();
      await waitFor(
        'a live screen after the link healed',
        (s) => s.length > before + 1 && s.at(-1)?.instances[0]?.state === 'live',
      );
    } finally {
      proxy.setFault(null);
      child.kill('SIGINT');
      await new Promise<void>((r) => (exited !== undefined ? r() : child.once('exit', () => r())));
    }
    expect(exited).toBe(EXIT.ok);
  }, 120_000);
});

describe('what the host served', () => {
  it('an invalid snapshot on a reachable host is "invalid", not "unreachable", and says what is wrong', async () => {
    const config = await configFor('broken', [{ id: 'broken', label: 'Broken' }]);
    const r = await hermesMc(['status', '--config', config, '--json']);
    expect(r.code).toBe(EXIT.unknown);
    const inst = JSON.parse(r.stdout).instances[0];
    expect(inst.state).toBe('invalid');
    expect(inst.reason.code).toBe('SNAPSHOT_INVALID');
    expect(inst.warnings.map((w: { check: string }) => w.check)).toContain('data.snapshot-invalid');
    expect(inst.warnings.map((w: { check: string }) => w.check)).not.toContain('data.unreachable');
  });

  it('a future-dated snapshot of a stopped exporter is stale in a one-shot run, and the VM clock is said to be unknown', async () => {
    // Written "an hour from now" by a wrong clock, but the file itself was last modified 10 min ago.
    const dir = join(sshd.chrootDir, 'future');
    await mkdir(dir, { recursive: true });
    const file = join(dir, 'snapshot.json');
    await writeFile(file, JSON.stringify(makeSnapshot('vijay', {}, new Date(Date.now() + 3600_000))));
    const tenMinAgo = (Date.now() - 600_000) / 1000;
    await utimes(file, tenMinAgo, tenMinAgo);
    const config = await configFor('future', [{ id: 'future', label: 'Future' }]);
    const json = await hermesMc(['status', '--config', config, '--json']);
    expect(json.code).toBe(EXIT.unknown);
    const inst = JSON.parse(json.stdout).instances[0];
    expect(inst.state).toBe('stale');
    expect(inst.dataAgeSeconds).toBeGreaterThanOrEqual(599);
    expect(inst.vmClock).toBe('none'); // the chrooted SFTP account cannot see the VM's clock
    expect(inst.generatedAheadSeconds).toBeGreaterThan(3500);
    expect(inst.warnings.map((w: { check: string }) => w.check)).toEqual(
      expect.arrayContaining(['data.stale', 'data.generated-in-future']),
    );
    const text = await hermesMc(['status', '--config', config]);
    expect(text.code).toBe(EXIT.unknown);
    expect(text.stdout).toMatch(/VM clock unknown for test-vm/);
    expect(text.stdout).not.toMatch(/\blive\b/);
  });
});

describe('status --watch on a black-holed link (10 s polls, shipped keepalives)', () => {
  it('reports it by its keepalives or poll deadline (both within max(2 polls, 20 s)), says "checking… last answer at HH:MM:SS" meanwhile, then is live again', async () => {
    const spawnedAt = Date.now();
    const child = spawn(process.execPath, [CLI, 'status', '--config', vijayConfig, '--watch'], { env });
    let out = '';
    let exited: number | null | undefined;
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => (exited = code));
    // `ms` is only how long the test waits before giving up, never an assertion of speed.
    const waitFor = async (what: string, test: () => boolean, ms: number) => {
      const until = Date.now() + ms;
      while (!test()) {
        if (exited !== undefined) throw new Error(`--watch exited (${exited}) while waiting for ${what}`);
        if (Date.now() > until) throw new Error(`no ${what} within ${ms} ms; output: ${out.slice(-600)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    try {
      await waitFor('a live screen', () => /\blive\b/.test(out), 30_000);
      const before = out.length;
      const holedAt = Date.now();
      proxy.blackhole(true);
      const since = () => out.slice(before);
      // Keepalives and the poll's deadline race (whichever is first wins, both are right), and some screen
      // while it is down says "checking…" (at the latest while a reconnect's handshake hangs).
      await waitFor(
        'the link reported down and a "checking…" screen',
        () => /unreachable/.test(since()) && /checking… last answer at \d\d:\d\d:\d\d/.test(since()),
        90_000,
      );
      // What reported it is the behaviour under test: the app's own silence detectors — the SSH keepalives
      // or the poll's deadline, both configured within max(2 polls, 20 s) (checked from the shipped timing
      // in test/unit/core/dead-link-timing.test.ts, measured in the detection bench) — not TCP's own
      // timeout, which would take minutes and would read "No SSH answer … in time".
      const firstReason = /\b[A-Z_]+: [^\n]*/.exec(since().slice(since().search(/unreachable/)))?.[0];
      // (The SFTP request's own silence deadline is the third such detector.)
      expect(firstReason).toMatch(
        /^(TIMEOUT: .*(stopped answering keepalives|has not answered for \d+ s)|UNREACHABLE: .*no answer in \d+ ms)/,
      );
      expect(since().slice(0, since().indexOf(firstReason!))).not.toMatch(/No SSH answer/);
      // The last answer it names is a real one from this run: before the black hole, not after.
      const [, hh, mm, ss] = /checking… last answer at (\d\d):(\d\d):(\d\d)/.exec(since())!;
      const named = new Date(holedAt);
      named.setUTCHours(Number(hh), Number(mm), Number(ss), 0);
      expect(named.getTime()).toBeLessThanOrEqual(holedAt);
      expect(named.getTime()).toBeGreaterThanOrEqual(Math.floor(spawnedAt / 1000) * 1000);
      proxy.blackhole(false);
      const healed = out.length;
      await waitFor('live again', () => /\blive\b/.test(out.slice(healed)), 60_000);
    } finally {
      proxy.blackhole(false);
      child.kill('SIGINT');
      await new Promise<void>((r) => (exited !== undefined ? r() : child.once('exit', () => r())));
    }
  }, 150_000);
});
