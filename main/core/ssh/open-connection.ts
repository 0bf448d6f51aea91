/**
 * One SSH connection attempt, start to finish: plan auth (agent, keys, passphrases), prepare the host key
 * check, run the ssh2 handshake with keepalives and a ready timeout, and turn any failure into a reason.
 * The ConnectionManager decides what happens around it (state, backoff, sharing).
 */
import ssh2 from 'ssh2';
import type { Client, ConnectConfig } from 'ssh2';
import type { StatusReason } from '../../../common/model/instance-status.js';
import { authFailureReason, authHandlerFor, planAuth, type AuthPlan, type SecretStore } from './auth.js';
import { makeReason, reasonFromSshError, SshFailure } from './errors.js';
import {
  prepareHostKeyCheck,
  type DecideUnknownHostKey,
  type HostKeyCheck,
  type PresentedKey,
} from './host-key-verifier.js';
import type { PinnedKeyStore } from './pinned-keys.js';

export interface OpenConnectionInput {
  /** Configured host name (for messages and the host key prompt). */
  hostName: string;
  /** Address actually dialled, after ~/.ssh/config. */
  host: string;
  port: number;
  user: string;
  identityFiles: string[];
  useAgent?: boolean;
  knownHostsFiles: string[];
  /** Other names known_hosts may list the host under. */
  aliases: string[];
  env?: NodeJS.ProcessEnv;
  home: string;
  secretStore: SecretStore;
  pinnedKeys: PinnedKeyStore;
  decideUnknownHostKey: DecideUnknownHostKey;
  readyTimeoutMs: number;
  keepaliveIntervalMs: number;
  keepaliveCountMax: number;
  /** Receives the ssh2 client as soon as it exists, so a caller can abort a superseded attempt. */
  onClient?: (client: Client) => void;
}

export interface OpenConnection {
  client: Client;
  hostKey: { keyType: string; fingerprint: string } | null;
  /** Called once when this connection closes, with the last error ssh2 reported (null if none). */
  onClose(listener: (lastError: unknown) => void): void;
}

/** An unknown host key was refused: carries the key so it can be pinned if the user accepts later. */
export class UnknownHostKeyRefused extends SshFailure {
  constructor(
    reason: StatusReason,
    readonly presented: PresentedKey & { host: string; port: number },
  ) {
    super(reason);
  }
}

function failureFor(
  check: HostKeyCheck,
  plan: AuthPlan,
  err: unknown,
  ctx: { host: string; port: number; user: string },
): SshFailure {
  const outcome = check.outcome();
  if (outcome?.kind === 'refused') {
    if (outcome.reason.code === 'HOST_KEY_UNKNOWN') {
      const { keyType, fingerprint, keyBase64 } = outcome;
      return new UnknownHostKeyRefused(outcome.reason, {
        keyType,
        fingerprint,
        keyBase64,
        host: ctx.host,
        port: ctx.port,
      });
    }
    return new SshFailure(outcome.reason);
  }
  if ((err as { level?: string } | null)?.level === 'client-authentication') {
    return new SshFailure(authFailureReason(plan, ctx));
  }
  return new SshFailure(reasonFromSshError(err ?? { message: 'No response from server' }, ctx));
}

/** Connect and authenticate. Resolves once ready; rejects with SshFailure (never reads anything first). */
export async function openSshConnection(input: OpenConnectionInput): Promise<OpenConnection> {
  const ctx = { host: input.host, port: input.port, user: input.user };
  const plan = await planAuth({
    user: input.user,
    identityFiles: input.identityFiles,
    useAgent: input.useAgent,
    env: input.env,
    home: input.home,
    secretStore: input.secretStore,
  });
  if (plan.methods.length === 0) throw new SshFailure(authFailureReason(plan, ctx));

  let check: HostKeyCheck;
  try {
    check = await prepareHostKeyCheck(
      {
        knownHostsFiles: input.knownHostsFiles,
        pinned: input.pinnedKeys,
        decideUnknownHostKey: input.decideUnknownHostKey,
      },
      { hostName: input.hostName, host: input.host, port: input.port, aliases: input.aliases },
    );
  } catch (err) {
    throw new SshFailure(makeReason('INTERNAL', (err as Error).message));
  }

  const client = new ssh2.Client();
  input.onClient?.(client);
  return new Promise<OpenConnection>((resolve, reject) => {
    let ready = false;
    let settled = false;
    let closed = false;
    let lastError: unknown = null;
    const closeListeners: Array<(err: unknown) => void> = [];
    const settleFailure = () => {
      if (settled) return;
      settled = true;
      reject(failureFor(check, plan, lastError, ctx));
      client.end();
    };
    client.on('ready', () => {
      if (settled) return;
      ready = true;
      settled = true;
      const outcome = check.outcome();
      resolve({
        client,
        hostKey: outcome ? { keyType: outcome.keyType, fingerprint: outcome.fingerprint } : null,
        onClose(listener) {
          if (closed) listener(lastError);
          else closeListeners.push(listener);
        },
      });
    });
    client.on('error', (err: unknown) => {
      lastError = err;
      if (!ready) settleFailure();
    });
    client.on('close', () => {
      closed = true;
      if (!ready) return settleFailure();
      for (const l of closeListeners.splice(0)) l(lastError);
    });
    const config: ConnectConfig = {
      host: input.host,
      port: input.port,
      username: input.user,
      readyTimeout: input.readyTimeoutMs,
      keepaliveInterval: input.keepaliveIntervalMs,
      keepaliveCountMax: input.keepaliveCountMax,
      algorithms: { serverHostKey: check.serverHostKeyPreference as never },
      hostVerifier: check.hostVerifier,
      authHandler: authHandlerFor(plan) as never,
    };
    try {
      client.connect(config);
    } catch (err) {
      lastError = err;
      settleFailure();
    }
  });
}
