/**
 * The usual wiring of a ConnectionManager for the CLI and the desktop: pinned keys in the app data folder,
 * ~/.ssh/config aliases, Tailscale-aware reasons. Callers supply only what differs between them: where
 * passphrases come from and how an unknown host key is decided.
 */
import { pinnedKeysFile, type PathEnv } from '../config/config-paths.js';
import type { SecretStore } from './auth.js';
import {
  ConnectionManager,
  type ConnectionManagerOptions,
  type ConnectionTarget,
} from './connection-manager.js';
import type { DecideUnknownHostKey } from './host-key-verifier.js';
import { PinnedKeyStore } from './pinned-keys.js';
import { createTailscaleRefiner } from './tailscale.js';

export interface StandardConnectionOptions {
  hosts: ConnectionTarget[];
  secretStore: SecretStore;
  decideUnknownHostKey: DecideUnknownHostKey;
  /** Override the pinned keys file (default: `<data dir>/pinned-host-keys.json`). */
  pinnedKeysPath?: string;
  paths?: PathEnv;
  /** Set false to skip `tailscale status` refinement. */
  tailscale?: boolean;
  /** Anything else (timers, timing, env …) passed through. */
  extra?: Partial<ConnectionManagerOptions>;
}

export function createConnectionManager(options: StandardConnectionOptions): ConnectionManager {
  return new ConnectionManager({
    hosts: options.hosts,
    secretStore: options.secretStore,
    decideUnknownHostKey: options.decideUnknownHostKey,
    pinnedKeys: new PinnedKeyStore(options.pinnedKeysPath ?? pinnedKeysFile(options.paths)),
    refineUnreachable: options.tailscale === false ? undefined : createTailscaleRefiner(),
    ...options.extra,
  });
}

/** The CLI's rule: refuse unknown keys unless the user passed `--accept-host-key <fingerprint>` for it. */
export function acceptOnlyFingerprint(fingerprint: string | null | undefined): DecideUnknownHostKey {
  return async (request) => !!fingerprint && request.fingerprint === fingerprint;
}

/** A SecretStore that knows nothing (the CLI without a TTY): encrypted keys report PASSPHRASE_REQUIRED. */
export const emptySecretStore: SecretStore = {
  get: async () => null,
  set: async () => undefined,
};
