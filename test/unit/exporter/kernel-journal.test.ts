/**
 * Kernel OOM kills from the kernel journal (issue 16 §3), end to end through collectHermes: a real
 * fixture home, real gateway stand-in processes, and a stand-in `journalctl` first on PATH. The journal
 * is read only on the run that observes a new restart, and only the fact leaves it.
 */
import { readFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectHermes, type HermesCollection } from '../../../exporter/src/collect/hermes.js';
import { signalsSchema } from '../../../common/contract/snapshot.js';
import {
  buildHermesHome,
  createRecordingExec,
  fixtureCollectContext,
  spawnFakeGateway,
  type HermesHomeFixture,
  type RecordingExec,
} from '../../fixtures/hermes-home/index.js';
import { writeFakeJournalctl, type FakeJournal } from '../../fixtures/system/fake-journalctl.js';

/** What a real kernel writes when it OOM-kills `pid` (systemd 252 `-o short-unix`). */
function oomLines(pid: number, name: string): string {
  return [
    `1764759600.100000 vm kernel: mysqld invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0`,
    `1764759600.100200 vm kernel: oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/system.slice/hermes-gateway.service,task=${name},pid=${pid},uid=1000`,
    `1764759600.100300 vm kernel: Out of memory: Killed process ${pid} (${name}) total-vm:2841236kB, anon-rss:1803124kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:4100kB oom_score_adj:0`,
    `1764759600.140000 vm kernel: oom_reaper: reaped process ${pid} (${name}), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB`,
    '',
  ].join('\n');
}

describe('a gateway restart the exporter observes, with the kernel journal', () => {
  let dir: string;
  let fx: HermesHomeFixture;
  let bin: string;
  const closers: (() => Promise<void>)[] = [];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hmc-kernel-oom-'));
    fx = await buildHermesHome(dir);
    bin = join(dir, 'bin');
  });
  afterEach(async () => {
    for (const c of closers.splice(0)) await c();
    await fx?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** As a restarted Hermes gateway leaves them: the pid record and gateway_state.json name the new process. */
  async function pointPidFileAt(pid: number, startTime: number) {
    const record = { pid, kind: 'hermes-gateway', argv: [], start_time: startTime };
    await writeFile(join(fx.hermesHome, 'gateway.pid'), JSON.stringify(record));
    const statePath = join(fx.hermesHome, 'gateway_state.json');
    const state = JSON.parse(await readFile(statePath, 'utf8')) as Record<string, unknown>;
    await writeFile(statePath, JSON.stringify({ ...state, ...record }));
  }

  /**
   * Run 1 sees the fixture gateway, run 2 (60 s later) the same one, run 3 (120 s) a new gateway
   * process. `journal(oldPid)` is what the stand-in journalctl prints.
   */
  async function restartWith(journal: (oldPid: number) => FakeJournal) {
    const state = {};
    const execs: RecordingExec[] = [];
    const run = async (offsetSeconds: number): Promise<HermesCollection> => {
      const exec = createRecordingExec();
      execs.push(exec);
      const ctx = fixtureCollectContext(fx, { exec, now: new Date(fx.now.getTime() + offsetSeconds * 1000) });
      ctx.state = state;
      ctx.env = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` };
      return collectHermes(ctx, { nodeSqlite: null });
    };
    const first = await run(0);
    expect(first.gateway.running).toBe(true);
    const oldPid = first.gateway.pid!;
    const callsFile = await writeFakeJournalctl(bin, journal(oldPid));
    const steady = await run(60);
    const next = await spawnFakeGateway();
    closers.push(() => next.close());
    await pointPidFileAt(next.pid, next.startTime);
    const after = await run(120);
    const calls = await readFile(callsFile, 'utf8').catch(() => '');
    const journalCalls = (e: RecordingExec) => e.calls.filter((c) => c.file === 'journalctl').length;
    return { first, steady, after, oldPid, calls, execs, journalCalls };
  }

  const restartOf = (r: HermesCollection) => {
    const restarts = r.signals.gatewayLifecycle!.restarts;
    expect(restarts).toHaveLength(1);
    return restarts[0]!;
  };
  const kernelProbe = (r: HermesCollection) => r.probes.find((p) => p.name === 'signals.kernel-journal');

  it('calls it an OOM when the kernel OOM-killed the old gateway pid, with only that fact kept', async () => {
    const t = await restartWith((pid) => ({ stdout: oomLines(pid, 'python3') }));
    const r = restartOf(t.after);
    expect(r.class).toBe('oom');
    expect(r.kernelOom).toBe(true);
    expect(r.evidence).toContain(`kernel: Out of memory: Killed process ${t.oldPid} (python3)`);
    expect(kernelProbe(t.after)).toMatchObject({ ok: true, error: null });
    const json = JSON.stringify(t.after.signals);
    expect(json).not.toMatch(/mysqld|total-vm|anon-rss|task_memcg|system\.slice|oom-killer/);
    expect(signalsSchema.parse(t.after.signals)).toEqual(t.after.signals);
    // Bounded: kernel only, a time window ending after the new start, a line cap.
    expect(t.calls.trim().split('\n')).toHaveLength(1);
    expect(t.calls).toMatch(/^-k --no-pager -o short-unix --since @\d+ --until @\d+ -n 2000$/m);
    const [since, until] = [...t.calls.matchAll(/@(\d+)/g)].map((m) => Number(m[1]));
    expect(until! - since!).toBeLessThanOrEqual(86400 + 2 * 60 + 2);
  });

  it('does not call it an OOM when the kernel killed some other process', async () => {
    const t = await restartWith((pid) => ({ stdout: oomLines(pid + 7, 'python3') }));
    const r = restartOf(t.after);
    expect(r.class).not.toBe('oom');
    expect(r.kernelOom).toBe(false);
    expect(r.evidence.join(' ')).not.toContain('kernel');
  });

  it('says unknown, with the reason, when the journal is not readable (a user outside systemd-journal)', async () => {
    const t = await restartWith(() => ({
      stdout: '-- No entries --\n',
      stderr:
        'Hint: You are currently not seeing messages from other users and the system.\n' +
        "      Users in groups 'adm', 'systemd-journal' can see all messages.\n",
    }));
    const r = restartOf(t.after);
    expect(r.kernelOom).toBeNull();
    expect(r.class).not.toBe('oom');
    const why = 'kernel journal not readable: no permission (not in the systemd-journal or adm group)';
    expect(r.evidence).toContain(why);
    expect(kernelProbe(t.after)).toMatchObject({ ok: false, error: why });
  });

  it('says unknown when journald left no journal files', async () => {
    const t = await restartWith(() => ({
      stdout: '',
      stderr: 'No journal files were found.\n',
      exitCode: 1,
    }));
    expect(restartOf(t.after).kernelOom).toBeNull();
    expect(kernelProbe(t.after)!.error).toBe(
      'kernel journal not readable: no journal files (journald absent)',
    );
  });

  it('spends no subprocess on the journal without a new restart, and exactly one on the restart run', async () => {
    const t = await restartWith((pid) => ({ stdout: oomLines(pid, 'python3') }));
    const [first, steady, after] = t.execs.map((e) => e.calls.length);
    expect(t.journalCalls(t.execs[0]!)).toBe(0);
    expect(t.journalCalls(t.execs[1]!)).toBe(0);
    expect(t.journalCalls(t.execs[2]!)).toBe(1);
    expect(after).toBe(steady! + 1);
    expect(steady).toBe(first);
    expect(kernelProbe(t.steady)).toBeUndefined();
    expect(restartOf(t.after).kernelOom).toBe(true);
  });
});
