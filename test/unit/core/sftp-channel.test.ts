/**
 * openSftpChannel always settles, and says what really happened (issue 11 §3): a refused subsystem on a
 * live connection is PERMISSION_DENIED; the same ssh2 error after the connection died is a lost
 * connection; a callback ssh2 never calls still ends, on the connection's close or at the deadline.
 */
import { EventEmitter } from 'node:events';
import type { Client, SFTPWrapper } from 'ssh2';
import { describe, expect, it, vi } from 'vitest';
import { SshFailure } from '../../../main/core/ssh/errors.js';
import { openSftpChannel, sftpRoundTrip } from '../../../main/core/ssh/sftp-channel.js';

const ctx = { host: '127.0.0.1', port: 22, user: 'hmc-reader' };
type SftpCallback = (err: Error | undefined, sftp?: SFTPWrapper) => void;

/** A stand-in for ssh2's Client: records the sftp() callback so the test decides when (if ever) it runs. */
function fakeClient() {
  const emitter = new EventEmitter() as EventEmitter & {
    sftp(cb: SftpCallback): void;
    pending?: SftpCallback;
  };
  emitter.sftp = (cb) => {
    emitter.pending = cb;
  };
  return emitter;
}
const reasonOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(SshFailure);
    return (err as SshFailure).reason;
  }
  throw new Error('expected a rejection');
};

describe('openSftpChannel', () => {
  it('a refused subsystem on a live connection: PERMISSION_DENIED (enable the sftp subsystem)', async () => {
    const client = fakeClient();
    const p = openSftpChannel(client as unknown as Client, 'vm', ctx, Date.now, 5_000);
    client.pending!(new Error('Unable to start subsystem: sftp'));
    const reason = await reasonOf(p);
    expect(reason.code).toBe('PERMISSION_DENIED');
  });

  it('the same ssh2 error after the connection closed: a lost connection', async () => {
    const client = fakeClient();
    const p = openSftpChannel(client as unknown as Client, 'vm', ctx, Date.now, 5_000);
    // ssh2's order on a dead socket: 'end', 'close', then the pending channel callbacks fail.
    client.emit('end');
    client.emit('close');
    client.pending!(new Error('Unable to start subsystem: sftp'));
    const reason = await reasonOf(p);
    expect(reason.code).toBe('UNREACHABLE');
    expect(reason.detail?.phase).toBe('sftp-start');
    expect(reason.message).not.toMatch(/enable the sftp subsystem/);
  });

  it('a callback that never comes: settles when the connection closes', async () => {
    const client = fakeClient();
    const p = openSftpChannel(client as unknown as Client, 'vm', ctx, Date.now, 60_000);
    client.emit('close');
    expect((await reasonOf(p)).code).toBe('UNREACHABLE');
  });

  it('a callback that never comes on a silent link: TIMEOUT at the deadline', async () => {
    // A fake clock: the deadline's timer, not the machine's speed, decides when the open gives up.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'Date'] });
    try {
      const client = fakeClient();
      let settled = false;
      const opening = reasonOf(openSftpChannel(client as unknown as Client, 'vm', ctx, Date.now, 50));
      void opening.finally(() => {
        settled = true;
      });
      await vi.advanceTimersByTimeAsync(49);
      expect(settled).toBe(false); // not before the deadline…
      await vi.advanceTimersByTimeAsync(1);
      const reason = await opening; // …but at it, as a stall, with no connection event involved
      expect(reason.code).toBe('TIMEOUT');
      expect(reason.detail?.phase).toBe('sftp-start');
      expect(client.listenerCount('close') + client.listenerCount('end')).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a channel handed over already closed is a lost connection, not a working channel', async () => {
    const client = fakeClient();
    const p = openSftpChannel(client as unknown as Client, 'vm', ctx, Date.now, 5_000);
    client.pending!(undefined, { readable: false, outgoing: { state: 'closed' } } as unknown as SFTPWrapper);
    expect((await reasonOf(p)).code).toBe('UNREACHABLE');
  });

  it('sftpRoundTrip refuses a closed channel at once and times out on a silent one', async () => {
    await expect(sftpRoundTrip({ readable: false } as unknown as SFTPWrapper, 5_000)).rejects.toThrow(
      /closed/,
    );
    const silent = { readable: true, realpath: () => undefined } as unknown as SFTPWrapper;
    await expect(sftpRoundTrip(silent, 30)).rejects.toThrow(/No answer/);
  });
});
