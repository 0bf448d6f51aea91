/**
 * The SFTP calls the ConnectionManager makes on a connection: open the channel, time one round trip, and
 * ask whether a channel still answers. Failures come back as SshFailure with a reason the UI can show.
 *
 * Every call here settles, whatever the link does (issue 11 §3). ssh2 leaves some callbacks uncalled when
 * the connection dies at the wrong moment (e.g. just after the subsystem starts), and a promise nobody
 * settles ends a CLI with exit 13 and no output. So each call also settles on the connection's own
 * close/end/error and on a deadline, whichever comes first. The deadline timers are deliberately *not*
 * unref'd: a pending call is real work, and it must be allowed to finish with an answer.
 */
import type { Client, SFTPWrapper } from 'ssh2';
import type { Timers } from './backoff.js';
import {
  reasonForLostSftpStart,
  reasonFromSftpOpenError,
  SshFailure,
  makeReason,
  type ErrorContext,
} from './errors.js';

export interface OpenedSftp {
  sftp: SFTPWrapper;
  /** How long opening took, ms: a first round-trip figure before anything is measured. */
  openMs: number;
}

/** True once ssh2 has torn the channel down (its readable side ended or its outgoing side closed). */
export function sftpChannelClosed(sftp: SFTPWrapper): boolean {
  const s = sftp as unknown as { readable?: boolean; outgoing?: { state?: string } };
  return s.readable === false || s.outgoing?.state === 'closed' || s.outgoing?.state === 'closing';
}

export function openSftpChannel(
  client: Client,
  hostName: string,
  ctx: ErrorContext,
  now: () => number,
  timeoutMs = 10_000,
): Promise<OpenedSftp> {
  return new Promise((resolve, reject) => {
    const started = now();
    let settled = false;
    let lost = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      client.removeListener('close', onLost);
      client.removeListener('end', onLost);
      outcome();
    };
    // The connection went away while the subsystem was starting: a lost connection, whatever ssh2's
    // callback says afterwards ("Unable to start subsystem" is what it reports for a dead channel too).
    const onLost = () => {
      lost = true;
      // Give ssh2's own callback this tick to run; if it never does, settle here.
      setImmediate(() => finish(() => reject(new SshFailure(reasonForLostSftpStart(hostName, ctx)))));
    };
    const timer = setTimeout(
      () =>
        finish(() =>
          reject(
            new SshFailure(
              makeReason(
                'TIMEOUT',
                `${hostName} logged us in but did not start SFTP within ${Math.round(timeoutMs / 1000)} s: the link stalled; reconnecting on its own.`,
                { host: ctx.host, port: ctx.port, phase: 'sftp-start' },
              ),
            ),
          ),
        ),
      timeoutMs,
    );
    client.once('close', onLost);
    client.once('end', onLost);
    try {
      client.sftp((err, sftp) => {
        if (err) {
          const reason = lost
            ? reasonForLostSftpStart(hostName, ctx)
            : reasonFromSftpOpenError(err, hostName, ctx);
          finish(() => reject(new SshFailure(reason)));
        } else if (lost || sftpChannelClosed(sftp)) {
          finish(() => reject(new SshFailure(reasonForLostSftpStart(hostName, ctx))));
        } else {
          finish(() => resolve({ sftp, openMs: now() - started }));
        }
      });
    } catch (err) {
      // ssh2 throws "Not connected" synchronously on a socket that already closed.
      finish(() => reject(new SshFailure(reasonForLostSftpStart(hostName, ctx, (err as Error).message))));
    }
  });
}

/** One cheap request and its answer (a `realpath` of the login folder), or a rejection within `timeoutMs`. */
export function sftpRoundTrip(sftp: SFTPWrapper, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`No answer in ${timeoutMs} ms`)), timeoutMs);
    const done = (err?: unknown) => {
      clearTimeout(timer);
      if (err) reject(err);
      else resolve();
    };
    if (sftpChannelClosed(sftp)) return done(new Error('The SFTP channel is closed'));
    try {
      sftp.realpath('.', (err) => done(err ?? undefined));
    } catch (err) {
      done(err);
    }
  });
}

/**
 * Whether a channel answers a round trip within `timeoutMs`. A stalled link fails no request, it just
 * never answers, hence the clock.
 */
export function answersWithin(
  sftp: Promise<SFTPWrapper>,
  timers: Timers,
  timeoutMs: number,
): Promise<boolean> {
  return Promise.race([
    sftp.then(
      (channel) =>
        sftpRoundTrip(channel, timeoutMs).then(
          () => true,
          () => false,
        ),
      () => false,
    ),
    new Promise<boolean>((resolve) => timers.setTimeout(() => resolve(false), timeoutMs)),
  ]);
}
