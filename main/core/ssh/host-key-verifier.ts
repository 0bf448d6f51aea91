/**
 * Host key verification for ssh2's `hostVerifier`: ~/.ssh/known_hosts first, then the app's pinned keys,
 * then an injected trust-on-first-use decision. A mismatch or revoked key is refused without asking, and a
 * refusal aborts the handshake before authentication, so nothing is ever read from an unverified host.
 */
import { readFile } from 'node:fs/promises';
import type { StatusReason } from '../../../common/model/instance-status.js';
import { makeReason } from './errors.js';
import {
  keyTypeOfBlob,
  sha256Fingerprint,
  verifyCommandOnVm,
  verifyCommandViaKeyscan,
} from './fingerprint.js';
import {
  checkKnownHosts,
  knownHostsLookupName,
  knownKeyTypes,
  parseKnownHosts,
  type KnownHostEntry,
} from './known-hosts.js';
import type { PinnedKey, PinnedKeyStore } from './pinned-keys.js';

/** What the trust-on-first-use decision sees (mirrors the IPC `HostKeyPrompt`). */
export interface HostKeyDecisionRequest {
  /** Configured host name (`hermes-vm`). */
  hostName: string;
  /** The address actually connected to (after ~/.ssh/config HostName). */
  host: string;
  port: number;
  keyType: string;
  /** `SHA256:…` */
  fingerprint: string;
  /** Run on the VM to confirm the fingerprint out of band. */
  verifyCommand: string;
  /** Weaker alternative from another trusted machine. */
  keyscanCommand: string;
}

/** Resolve true to trust and pin the key, false to refuse. Should answer quickly (the handshake waits). */
export type DecideUnknownHostKey = (request: HostKeyDecisionRequest) => Promise<boolean>;

export interface HostKeyTarget {
  hostName: string;
  host: string;
  port: number;
  /** Other names known_hosts may list this host under (e.g. the ~/.ssh/config alias). */
  aliases?: string[];
}

export interface HostKeyVerifierDeps {
  /** known_hosts files to consult, in order; missing files are skipped. */
  knownHostsFiles: string[];
  pinned: PinnedKeyStore;
  decideUnknownHostKey: DecideUnknownHostKey;
}

export interface PresentedKey {
  keyType: string;
  fingerprint: string;
  keyBase64: string;
}

export type HostKeyOutcome =
  | ({ kind: 'accepted'; source: 'known_hosts' | 'pinned' | 'first-use' } & PresentedKey)
  | ({ kind: 'refused'; reason: StatusReason } & PresentedKey);

export interface HostKeyCheck {
  /** Pass as ssh2 `hostVerifier` (a plain callback function: ssh2 would treat a returned Promise as yes). */
  hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => void;
  /** Host key algorithms with the types we already know for this host first (as OpenSSH does). */
  serverHostKeyPreference: string[];
  /** The decision, once the server presented its key. */
  outcome(): HostKeyOutcome | null;
}

const DEFAULT_HOST_KEY_ALGORITHMS = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];

function algorithmsFor(keyType: string): string[] {
  return keyType === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [keyType];
}

async function readKnownHosts(files: string[]): Promise<KnownHostEntry[]> {
  const all: KnownHostEntry[] = [];
  for (const file of files) {
    try {
      all.push(...parseKnownHosts(await readFile(file, 'utf8')));
    } catch {
      // A missing or unreadable known_hosts simply knows nothing; pinned keys and TOFU still apply.
    }
  }
  return all;
}

function mismatchReason(
  target: HostKeyTarget,
  presented: PresentedKey,
  expected: string[],
  source: string,
): StatusReason {
  const fix =
    source === 'pinned'
      ? 'forget the pinned key in Settings'
      : `remove the old line with: ssh-keygen -R '${knownHostsLookupName(target.host, target.port)}'`;
  return makeReason(
    'HOST_KEY_MISMATCH',
    `The host key of ${target.hostName} changed (${presented.fingerprint}, expected ${expected.join(' or ')}) and nothing was read: if the VM was really reinstalled, confirm with \`${verifyCommandOnVm(presented.keyType)}\` on the VM, then ${fix}.`,
    {
      fingerprint: presented.fingerprint,
      expected: expected.join(' '),
      keyType: presented.keyType,
      source,
      verifyCommand: verifyCommandOnVm(presented.keyType),
    },
  );
}

/** Prepare one connection attempt's host key check (reads known_hosts and pins up front). */
export async function prepareHostKeyCheck(
  deps: HostKeyVerifierDeps,
  target: HostKeyTarget,
): Promise<HostKeyCheck> {
  const entries = await readKnownHosts(deps.knownHostsFiles);
  const names = [...new Set([target.host, ...(target.aliases ?? [])])].map((n) =>
    knownHostsLookupName(n, target.port),
  );
  const pins: PinnedKey[] = await deps.pinned.lookup(target.host, target.port);
  const knownTypes = [...knownKeyTypes(entries, names), ...pins.map((p) => p.keyType)];
  const preferred = [...new Set(knownTypes.flatMap(algorithmsFor))];
  const serverHostKeyPreference = [
    ...preferred,
    ...DEFAULT_HOST_KEY_ALGORITHMS.filter((a) => !preferred.includes(a)),
  ];

  let outcome: HostKeyOutcome | null = null;

  const hostVerifier = (key: Buffer, verify: (ok: boolean) => void): void => {
    const presented: PresentedKey = {
      keyType: keyTypeOfBlob(key),
      fingerprint: sha256Fingerprint(key),
      keyBase64: key.toString('base64'),
    };
    const accept = (source: 'known_hosts' | 'pinned' | 'first-use') => {
      outcome = { kind: 'accepted', source, ...presented };
      verify(true);
    };
    const refuse = (reason: StatusReason) => {
      outcome = { kind: 'refused', reason, ...presented };
      verify(false);
    };

    const verdict = checkKnownHosts(entries, names, presented.keyType, presented.keyBase64);
    if (verdict.kind === 'revoked') {
      return refuse(
        makeReason(
          'HOST_KEY_REVOKED',
          `${target.hostName} presented a key marked @revoked in known_hosts (line ${verdict.line}); nothing was read — replace the VM's host key and update known_hosts.`,
          { fingerprint: presented.fingerprint, keyType: presented.keyType },
        ),
      );
    }
    if (verdict.kind === 'match') return accept('known_hosts');
    if (verdict.kind === 'mismatch') {
      return refuse(
        mismatchReason(
          target,
          presented,
          verdict.expected.map((e) => e.fingerprint),
          `known_hosts:${verdict.expected.map((e) => e.line).join(',')}`,
        ),
      );
    }
    if (pins.some((p) => p.keyType === presented.keyType && p.keyBase64 === presented.keyBase64)) {
      return accept('pinned');
    }
    if (pins.length > 0) {
      return refuse(
        mismatchReason(
          target,
          presented,
          pins.map((p) => p.fingerprint),
          'pinned',
        ),
      );
    }

    const request: HostKeyDecisionRequest = {
      hostName: target.hostName,
      host: target.host,
      port: target.port,
      keyType: presented.keyType,
      fingerprint: presented.fingerprint,
      verifyCommand: verifyCommandOnVm(presented.keyType),
      keyscanCommand: verifyCommandViaKeyscan(target.host, target.port, presented.keyType),
    };
    const unknown = makeReason(
      'HOST_KEY_UNKNOWN',
      `${target.hostName} presented a host key we have never seen (${presented.fingerprint}); nothing was read — check it with \`${request.verifyCommand}\` on the VM and accept it if it matches.`,
      {
        fingerprint: presented.fingerprint,
        keyType: presented.keyType,
        verifyCommand: request.verifyCommand,
      },
    );
    deps.decideUnknownHostKey(request).then(
      async (yes) => {
        if (yes !== true) return refuse(unknown);
        try {
          await deps.pinned.pin(target.host, target.port, presented.keyType, presented.keyBase64);
        } catch {
          // Trusting a key we could not remember would ask again next time; still honour this decision.
        }
        accept('first-use');
      },
      () => refuse(unknown),
    );
  };

  return { hostVerifier, serverHostKeyPreference, outcome: () => outcome };
}
