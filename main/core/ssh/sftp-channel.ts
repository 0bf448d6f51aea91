/**
 * The SFTP calls the ConnectionManager makes on a connection: open the channel, time one round trip, and
 * ask whether a channel still answers. Failures come back as SshFailure with a reason the UI can show.
 */
import type { Client, SFTPWrapper } from 'ssh2';
import type { Timers } from './backoff.js';
import { reasonFromSftpOpenError, SshFailure, type ErrorContext } from './errors.js';

export interface OpenedSftp {
  sftp: SFTPWrapper;
  /** How long opening took, ms: a first round-trip figure before anything is measured. */
  openMs: number;
}

export function openSftpChannel(
  client: Client,
  hostName: string,
  ctx: ErrorContext,
  now: () => number,
): Promise<OpenedSftp> {
  return new Promise((resolve, reject) => {
    const started = now();
    client.sftp((err, sftp) => {
      if (err) reject(new SshFailure(reasonFromSftpOpenError(err, hostName, ctx)));
      else resolve({ sftp, openMs: now() - started });
    });
  });
}

/** One cheap request and its answer (a `realpath` of the login folder). */
export function sftpRoundTrip(sftp: SFTPWrapper): Promise<void> {
  return new Promise((resolve, reject) => sftp.realpath('.', (err) => (err ? reject(err) : resolve())));
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
        sftpRoundTrip(channel).then(
          () => true,
          () => false,
        ),
      () => false,
    ),
    new Promise<boolean>((resolve) => timers.setTimeout(() => resolve(false), timeoutMs)),
  ]);
}
