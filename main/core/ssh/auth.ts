/**
 * Which credentials to offer, in OpenSSH's order: the SSH agent first (SSH_AUTH_SOCK, unless `useAgent` is
 * false), then identity files (the configured one, else ~/.ssh/id_ed25519, id_ecdsa, id_rsa). An encrypted
 * key's passphrase comes from an injected SecretStore (OS keychain on the desktop, a TTY prompt in the CLI).
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import ssh2 from 'ssh2';
import type { StatusReason } from '../../../common/model/instance-status.js';
import { makeReason } from './errors.js';

/** Where secrets (key passphrases) live. Never logged. */
export interface SecretStore {
  get(key: string): Promise<string | null>;
  /** Result is up to the store (the desktop one reports whether it could persist). */
  set(key: string, value: string): Promise<unknown>;
}

/** The SecretStore key under which an identity file's passphrase is kept. */
export function passphraseSecretKey(identityFile: string): string {
  return `ssh-key-passphrase:${identityFile}`;
}

export const DEFAULT_IDENTITY_FILES = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

export interface AuthInput {
  user: string;
  /** Explicit identity files (app config, then ~/.ssh/config); empty → the OpenSSH defaults. */
  identityFiles: string[];
  useAgent?: boolean;
  env?: NodeJS.ProcessEnv;
  home?: string;
  secretStore: SecretStore;
}

/** One ssh2 auth attempt (the object form accepted by `authHandler`). */
export type AuthMethod =
  | { type: 'agent'; username: string; agent: string }
  | { type: 'publickey'; username: string; key: Buffer; passphrase?: string };

export interface AuthPlan {
  methods: AuthMethod[];
  /** Short, secret-free descriptions for messages: `agent`, `~/.ssh/id_ed25519`. */
  offered: string[];
  /** Encrypted identity files skipped because no passphrase was stored (or the stored one was wrong). */
  needPassphrase: string[];
  /** Configured identity files that do not exist or cannot be read. */
  missing: string[];
}

export function expandHome(path: string, home: string): string {
  if (path === '~') return home;
  if (path.startsWith('~/')) return join(home, path.slice(2));
  return isAbsolute(path) ? path : join(home, path);
}

function isEncryptedKeyError(err: Error): boolean {
  return /passphrase|encrypted/i.test(err.message);
}

/** Build the ordered list of auth methods for one connection. Reads key files; never throws. */
export async function planAuth(input: AuthInput): Promise<AuthPlan> {
  const env = input.env ?? process.env;
  const home = input.home ?? homedir();
  const plan: AuthPlan = { methods: [], offered: [], needPassphrase: [], missing: [] };

  const agentSock = env.SSH_AUTH_SOCK;
  if (input.useAgent !== false && agentSock) {
    plan.methods.push({ type: 'agent', username: input.user, agent: agentSock });
    plan.offered.push('agent');
  }

  const explicit = input.identityFiles.length > 0;
  const files = explicit ? input.identityFiles : DEFAULT_IDENTITY_FILES.map((f) => join('~/.ssh', f));
  for (const configured of files) {
    const path = expandHome(configured, home);
    let data: Buffer;
    try {
      data = await readFile(path);
    } catch {
      if (explicit) plan.missing.push(path);
      continue;
    }
    let parsed = ssh2.utils.parseKey(data);
    let passphrase: string | undefined;
    if (parsed instanceof Error && isEncryptedKeyError(parsed)) {
      passphrase = (await input.secretStore.get(passphraseSecretKey(path)).catch(() => null)) ?? undefined;
      if (passphrase === undefined) {
        plan.needPassphrase.push(path);
        continue;
      }
      parsed = ssh2.utils.parseKey(data, passphrase);
      if (parsed instanceof Error) {
        plan.needPassphrase.push(path);
        continue;
      }
    }
    if (parsed instanceof Error) continue; // not a private key we understand: OpenSSH skips it too
    plan.methods.push({ type: 'publickey', username: input.user, key: data, passphrase });
    plan.offered.push(configured);
  }
  return plan;
}

/**
 * The reason to show when authentication did not succeed (or could not start), given what we offered.
 * A skipped encrypted key explains the failure better than a bare "rejected".
 */
export function authFailureReason(
  plan: AuthPlan,
  ctx: { user: string; host: string; port: number },
): StatusReason {
  const where = `${ctx.user}@${ctx.host}:${ctx.port}`;
  if (plan.needPassphrase.length > 0) {
    return makeReason(
      'PASSPHRASE_REQUIRED',
      `The key ${plan.needPassphrase[0]} is encrypted and no (correct) passphrase is stored: enter its passphrase to connect to ${where}.`,
      { identityFile: plan.needPassphrase[0] ?? null },
    );
  }
  if (plan.methods.length === 0) {
    const why = plan.missing.length
      ? `the identity file ${plan.missing[0]} does not exist`
      : 'no SSH agent and no key in ~/.ssh';
    return makeReason(
      'AUTH_FAILED',
      `Nothing to log in to ${where} with (${why}): set identityFile to your key, or start ssh-agent.`,
    );
  }
  return makeReason(
    'AUTH_FAILED',
    `${where} rejected every key we offered (${plan.offered.join(', ')}): add your public key to that account's authorized_keys, or point identityFile at the matching key.`,
    { offered: plan.offered.join(', ') },
  );
}

/** An ssh2 `authHandler` that walks the plan in order and then gives up. */
export function authHandlerFor(plan: AuthPlan) {
  let next = 0;
  return (_methodsLeft: unknown, _partial: unknown, callback: (method: AuthMethod | false) => void): void => {
    const method = plan.methods[next++];
    callback(method ?? false);
  };
}
