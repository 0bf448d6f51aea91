/**
 * The SFTP request deadline measures silence, not duration (issue 11 §3–§4): a read whose chunks keep
 * arriving is never cut short, however long it takes; a channel that answers nothing fails within the
 * deadline; a channel that closed before the RemoteFs existed refuses at once.
 */
import { EventEmitter } from 'node:events';
import type { SFTPWrapper } from 'ssh2';
import { describe, expect, it } from 'vitest';
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
  it('a 1 MB read (16 chunks) answered one chunk every 40 ms completes although it takes ~6× the deadline', async () => {
    const fs = createSftpFs(fakeSftp({ size: 1 << 20, answerEveryMs: 40 }), { requestTimeoutMs: 100 });
    const started = performance.now();
    const buf = await fs.read('/vijay/history.jsonl', { offset: 0, length: 1 << 20, maxBytes: 4 << 20 });
    expect(buf.length).toBe(1 << 20);
    expect(performance.now() - started).toBeGreaterThan(300);
  });

  it('a black-holed channel fails the request within the deadline, as DISCONNECTED', async () => {
    const fs = createSftpFs(fakeSftp({ size: 10, answerEveryMs: null }), { requestTimeoutMs: 80 });
    const started = performance.now();
    await expect(fs.stat('/vijay/snapshot.json')).rejects.toMatchObject({ code: 'DISCONNECTED' });
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(fs.silentForMs!()).toBeGreaterThanOrEqual(70);
  });

  it('a channel that closed before the RemoteFs was made refuses at once (ssh2 would never call back)', async () => {
    const fs = createSftpFs(fakeSftp({ size: 10, answerEveryMs: null, readable: false }), {
      requestTimeoutMs: 60_000,
    });
    await expect(fs.stat('/vijay/snapshot.json')).rejects.toMatchObject({ code: 'DISCONNECTED' });
  });
});
