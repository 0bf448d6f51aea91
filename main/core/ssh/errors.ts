/**
 * Turning ssh2 and socket failures into the reason codes the UI branches on, each with one sentence that
 * says what to do. Pure: no I/O.
 */
import type { ReasonCode, StatusReason } from '../../../common/model/instance-status.js';

/** A failure that already carries its reason; thrown/rejected by the SSH layer. */
export class SshFailure extends Error {
  readonly reason: StatusReason;
  constructor(reason: StatusReason) {
    super(reason.message);
    this.name = 'SshFailure';
    this.reason = reason;
  }
  get code(): ReasonCode {
    return this.reason.code;
  }
}

export function makeReason(code: ReasonCode, message: string, detail?: StatusReason['detail']): StatusReason {
  return detail ? { code, message, detail } : { code, message };
}

export interface ErrorContext {
  host: string;
  port: number;
  user?: string;
}

/** Reason codes that retrying on a timer cannot fix: they wait for a person (or `retryNow()`). */
const NEEDS_A_PERSON: ReadonlySet<ReasonCode> = new Set([
  'HOST_KEY_MISMATCH',
  'HOST_KEY_UNKNOWN',
  'HOST_KEY_REVOKED',
  'AUTH_FAILED',
  'PASSPHRASE_REQUIRED',
  'CONFIG_INVALID',
]);

export function isRetryable(code: ReasonCode): boolean {
  return !NEEDS_A_PERSON.has(code);
}

const UNREACHABLE_CODES = new Set([
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'EADDRNOTAVAIL',
]);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA']);

/** Map an error from ssh2 (or the socket under it) to a reason. Never includes secrets: only host/port/user. */
export function reasonFromSshError(err: unknown, ctx: ErrorContext): StatusReason {
  if (err instanceof SshFailure) return err.reason;
  const e = (err ?? {}) as { message?: string; code?: unknown; level?: string };
  const message = typeof e.message === 'string' ? e.message : String(err);
  const code = typeof e.code === 'string' ? e.code : '';
  const where = `${ctx.host}:${ctx.port}`;
  const detail = { host: ctx.host, port: ctx.port };

  if (e.level === 'client-authentication') {
    return makeReason(
      'AUTH_FAILED',
      `${ctx.user ?? 'The user'}@${where} rejected every key we offered: add your public key to that account's authorized_keys, or point identityFile at the matching key.`,
      detail,
    );
  }
  if (code === 'ECONNREFUSED') {
    return makeReason(
      'REFUSED',
      `${where} refused the connection: the VM is up but sshd is not listening on that port — check the port and that sshd is running.`,
      detail,
    );
  }
  if (DNS_CODES.has(code) || e.level === 'client-dns') {
    return makeReason(
      'DNS_FAILED',
      `Could not resolve ${ctx.host}: check the host name, or use the VM's Tailscale IP (100.x.y.z) if MagicDNS is off.`,
      detail,
    );
  }
  if (message === 'Keepalive timeout') {
    return makeReason(
      'TIMEOUT',
      `The link to ${where} stopped answering keepalives: the network or Tailscale path stalled; reconnecting on its own.`,
      { ...detail, phase: 'keepalive' },
    );
  }
  if (code === 'ETIMEDOUT' || e.level === 'client-timeout') {
    return makeReason(
      'TIMEOUT',
      `No SSH answer from ${where} in time: check that the VM is running and reachable (Tailscale up on both ends).`,
      { ...detail, phase: 'connect' },
    );
  }
  if (UNREACHABLE_CODES.has(code) || message === 'No response from server') {
    return makeReason(
      'UNREACHABLE',
      `Lost the connection to ${where} (${code || 'closed'}): check the network; it reconnects on its own.`,
      detail,
    );
  }
  if (e.level === 'protocol' || e.level === 'handshake') {
    return makeReason(
      'UNREACHABLE',
      `The SSH handshake with ${where} failed (${message}): check that this port really is an OpenSSH server.`,
      detail,
    );
  }
  return makeReason('UNREACHABLE', `Could not talk to ${where}: ${message}.`, detail);
}

/** Why an established connection went away: ssh2's last error, else the far end closed it. */
export function reasonForLostConnection(err: unknown, hostName: string, ctx: ErrorContext): StatusReason {
  if (err) return reasonFromSshError(err, ctx);
  return makeReason(
    'UNREACHABLE',
    `The connection to ${hostName} closed: the VM or sshd went away; reconnecting on its own.`,
    { host: ctx.host, port: ctx.port },
  );
}

/** Why the SFTP channel would not open on a logged-in connection. */
export function reasonFromSftpOpenError(err: Error, hostName: string, ctx: ErrorContext): StatusReason {
  // A refused subsystem is a server setting; anything else is the connection going away.
  if (/subsystem|administratively|prohibited/i.test(err.message)) {
    return makeReason(
      'PERMISSION_DENIED',
      `${hostName} accepted the login but refused SFTP (${err.message}): enable the sftp subsystem (internal-sftp) for this account.`,
    );
  }
  return reasonFromSshError(err, ctx);
}

/**
 * The connection died while the SFTP subsystem was starting (after login): a lost connection, to be
 * retried — never "enable the sftp subsystem", which would send a person to fix a server that is fine.
 */
export function reasonForLostSftpStart(hostName: string, ctx: ErrorContext, why?: string): StatusReason {
  return makeReason(
    'UNREACHABLE',
    `Lost the connection to ${hostName} while starting SFTP${why ? ` (${why})` : ''}: the network or sshd dropped it; reconnecting on its own.`,
    { host: ctx.host, port: ctx.port, phase: 'sftp-start' },
  );
}
