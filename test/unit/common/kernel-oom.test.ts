/** Kernel OOM lines → the fact about one pid; the restart's class; the merge with the diag log. */
import { describe, expect, it } from 'vitest';
import { gatewayRestartSchema, type GatewayRestart } from '../../../common/contract/snapshot-signals.js';
import { mergeRestarts } from '../../../common/forensics/classify-restarts.js';
import { findKernelOomKill, withKernelOom } from '../../../common/forensics/kernel-oom.js';
import { interpretKernelJournal } from '../../../exporter/src/collect/kernel-journal.js';

const restart = (over: Partial<GatewayRestart> = {}): GatewayRestart => ({
  at: '2026-07-18T10:05:00.000Z',
  class: 'unknown',
  exitCode: null,
  evidence: ['new gateway process'],
  seenDown: false,
  downSeconds: null,
  ...over,
});
const ok = (stdout: string) => ({ code: 0, stdout, stderr: '', timedOut: false });

describe('kernel OOM lines', () => {
  it('finds the pid in each form the kernel writes, and no other pid', () => {
    const forms = [
      '1.0 vm kernel: Out of memory: Killed process 4242 (python3) total-vm:1kB, anon-rss:1kB',
      '1.0 vm kernel: Memory cgroup out of memory: Killed process 4242 (python3) total-vm:1kB',
      '1.0 vm kernel: Out of memory: Kill process 4242 (python3) score 901 or sacrifice child',
      '1.0 vm kernel: oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),task=python3,pid=4242,uid=0',
      '1.0 vm kernel: oom_reaper: reaped process 4242 (python3), now anon-rss:0kB',
    ];
    for (const line of forms) {
      expect(findKernelOomKill(line, 4242)).toEqual({ name: 'python3' });
      expect(findKernelOomKill(line, 424)).toBeNull();
    }
  });

  it('ignores a pid outside an OOM line, and keeps an odd process name out', () => {
    expect(findKernelOomKill('1.0 vm kernel: audit: Killed process 4242 (python3)', 4242)).toBeNull();
    const odd = '1.0 vm kernel: Out of memory: Killed process 4242 (a b;$(x)) total-vm:1kB';
    expect(findKernelOomKill(odd, 4242)).toEqual({ name: 'gateway' });
  });

  it('turns an unknown or crash restart into an OOM with the kernel line as evidence', () => {
    const f = interpretKernelJournal(ok('1.0 vm kernel: Out of memory: Killed process 7 (python3) x'), 7);
    const r = withKernelOom(restart({ class: 'crash', exitCode: 1 }), f);
    expect(r).toMatchObject({ class: 'oom', exitCode: null, kernelOom: true });
    expect(r.evidence).toContain('kernel: Out of memory: Killed process 7 (python3)');
  });

  it('keeps the class and says false when the journal was read and names no kill of the pid', () => {
    const r = withKernelOom(restart({ class: 'crash', exitCode: 1 }), interpretKernelJournal(ok(''), 7));
    expect(r).toMatchObject({ class: 'crash', exitCode: 1, kernelOom: false });
  });

  it('says unknown, never "not OOM", for a timeout, a missing journalctl or a failing one', () => {
    const cases = [
      [{ code: null, stdout: '', stderr: '', timedOut: true }, 'journalctl timed out'],
      [
        { code: null, stdout: '', stderr: 'spawn failed: spawn journalctl ENOENT', timedOut: false },
        'not found',
      ],
      [{ code: 1, stdout: '', stderr: 'Failed to open journal', timedOut: false }, 'exited 1'],
      [
        {
          code: 1,
          stdout: '',
          stderr: 'No journal files were opened due to insufficient permissions.',
          timedOut: false,
        },
        'no permission',
      ],
    ] as const;
    for (const [result, why] of cases) {
      const f = interpretKernelJournal({ ...result }, 7);
      expect(f.kernelOom).toBeNull();
      expect(f.note).toContain(why);
    }
  });

  it('lets the kernel OOM win over the diag log twin of the same restart', () => {
    const diag = restart({ class: 'crash', evidence: ['unclean exit (killed, no exit path ran)'] });
    const seen = restart({
      at: '2026-07-18T10:05:30.000Z',
      class: 'oom',
      kernelOom: true,
      evidence: ['kernel: Out of memory: Killed process 7 (python3)'],
    });
    const [merged] = mergeRestarts([diag], [seen]);
    expect(merged).toMatchObject({ class: 'oom', kernelOom: true });
    expect(merged!.evidence).toEqual([
      'unclean exit (killed, no exit path ran)',
      'kernel: Out of memory: Killed process 7 (python3)',
    ]);
  });

  it('stays additive: a restart from an older exporter (no kernelOom) and an unknown one both parse', () => {
    expect(gatewayRestartSchema.parse(restart())).toEqual(restart());
    expect(gatewayRestartSchema.parse(restart({ kernelOom: null })).kernelOom).toBeNull();
  });
});
