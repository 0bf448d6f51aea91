/**
 * The SFTP request deadline measures silence, not duration (issue 11 §3–§4): a read whose chunks keep
 * arriving is never cut short, however long it takes; a channel that answers nothing fails within the
 * deadline; a channel that closed before the RemoteFs existed refuses at once.
 */
import { EventEmitter } from 'node:events';
import type { SFTPWrapper } from 'ssh2';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSftpFs } from '../../../main/core/sources/sftp-fs.js';

type Cb = (err: unknown, value?: unknown) => void;

/** A fake SFTP channel: every answer is delayed by `answerMs × (n-th pending request)`, or never. */
function fakeSftp(opts: { size: number; answerEveryMs: number | null; readable?: boolean }) {
  const e = new EventEmitter() as EventEmitter & Record<string, unknown>;
  let queue = 0;
  const later = (cb: Cb, value: unknown) => {
    if (opts.answerEveryMs === null) return; // a black hole: nothing ever comes back
    queue++;
    setTimeout(() => cb(undefined, value), opts.answerEveryMs * queue);
  };
  e.readable = opts.readable ?? true;
  e.stat = (_p: string, cb: Cb) => later(cb, { size: opts.size, mtime: 1 });
  e.open = (_p: string, _f: string, cb: Cb) => later(cb, Buffer.from('h'));
  e.fstat = (_h: Buffer, cb: Cb) => later(cb, { size: opts.size });
  e.read = (_h: Buffer, _b: Buffer, _o: number, len: number, _pos: number, cb: Cb) => later(cb, len);
  e.close = () => undefined;
  return e as unknown as SFTPWrapper;
}

describe('SFTP request deadline = silence', () => {
  // A fake clock drives both the channel's answers and the deadline's timer (setTimeout and the
  // performance.now() the deadline measures silence with), so the order of events, not the machine's
  // load, decides each outcome.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a 1 MB read (16 chunks) answered one chunk every 40 ms completes although it takes many times the deadline', async () => {
    const deadlineMs = 100;
    const fs = createSftpFs(fakeSftp({ size: 1 << 20, answerEveryMs: 40 }), { requestTimeoutMs: deadlineMs });
    const started = performance.now();
    let outcome: 'pending' | 'read' | 'failed' = 'pending';
    const read = fs
      .read('/vijay/history.jsonl', { offset: 0, length: 1 << 20, maxBytes: 4 << 20 })
      .then((buf) => {
        outcome = 'read';
        return buf;
      })
      .catch((err: unknown) => {
        outcome = 'failed';
        throw err;
      });
    // Past three deadlines the read is still going, not cut short: the chunks keep the channel speaking.
    await vi.advanceTimersByTimeAsync(3 * deadlineMs);
    expect(outcome).toBe('pending');
    await vi.runAllTimersAsync();
    const buf = await read;
    expect(outcome).toBe('read');
    expect(buf.length).toBe(1 << 20);
    // The fake clock's elapsed time is exact: the whole read really outlasted several deadlines.
    expect(performance.now() - started).toBeGreaterThan(3 * deadlineMs);
  });

  it('a black-holed channel fails the request at the deadline, as DISCONNECTED', async () => {
    const deadlineMs = 80;
    const fs = createSftpFs(fakeSftp({ size: 10, answerEveryMs: null }), { requestTimeoutMs: deadlineMs });
    let failure: unknown = null;
    const stat = fs.stat('/vijay/snapshot.json').catch((err: unknown) => {
      failure = err;
    });
    // Not a moment early: one tick before the deadline the request is still waiting…
    await vi.advanceTimersByTimeAsync(deadlineMs - 1);
    expect(failure).toBeNull();
    // …and the deadline's own timer is what fails it, with nothing else left to wait for.
    await vi.advanceTimersByTimeAsync(1);
    await stat;
    expect(failure).toMatchObject({ code: 'DISCONNECTED' });
    expect(vi.getTimerCount()).toBe(0);
    expect(fs.silentForMs!()).toBe(deadlineMs);
  });

  it('a channel that closed before the RemoteFs was made refuses at once (ssh2 would never call back)', async () => {
    const fs = createSftpFs(fakeSftp({ size: 10, answerEveryMs: null, readable: false }), {
      requestTimeoutMs: 60_000,
    });
    await expect(fs.stat('/vijay/snapshot.json')).rejects.toMatchObject({ code: 'DISCONNECTED' });
  });
});
