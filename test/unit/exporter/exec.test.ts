import { describe, expect, it } from 'vitest';
import { createCountingExec } from '../../../exporter/src/exec.js';

describe('createCountingExec', () => {
  it('runs a program without a shell and counts it by name and first argument only', async () => {
    const { exec, stats } = createCountingExec();
    const r = await exec('echo', ['$(id)', '/secret/path']);
    expect(r).toEqual({ code: 0, stdout: '$(id) /secret/path\n', stderr: '', timedOut: false });
    expect(stats()).toEqual({ count: 1, commands: ['echo $(id)'] });
  });

  it('kills a child that outlives its timeout and says so', async () => {
    const { exec } = createCountingExec();
    const r = await exec('sleep', ['10'], { timeoutMs: 100 });
    expect(r.timedOut).toBe(true);
    expect(r.code).toBeNull();
  });

  it('returns a missing program as a value, not a throw, and still counts it', async () => {
    const { exec, stats } = createCountingExec();
    const r = await exec('/nonexistent/hermes-probe', []);
    expect(r.code).toBeNull();
    expect(r.stderr).toMatch(/ENOENT/);
    expect(stats().count).toBe(1);
  });

  it('feeds stdin and reports a non-zero exit code', async () => {
    const { exec } = createCountingExec();
    expect((await exec('cat', [], { input: 'query' })).stdout).toBe('query');
    expect((await exec('sh', ['-c', 'echo oops >&2; exit 3'])).code).toBe(3);
  });

  it('stops reading a runaway output at maxBuffer', async () => {
    const { exec } = createCountingExec();
    const r = await exec('yes', [], { maxBuffer: 64 * 1024, timeoutMs: 5000 });
    expect(r.code).toBeNull();
    expect(r.stderr).toContain('maxBuffer');
  });
});
