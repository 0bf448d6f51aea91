/**
 * "Test connection" from Settings: connect to one host as configured (with the same host-key rules as
 * the app: an unknown key is reported with its fingerprint, never silently trusted), list which
 * instances have a snapshot under `snapshotRoot`, and measure one SFTP round trip. Read-only.
 */
import type { ConnectionTestResult, HostSettings } from '../../../preload/ipc-contract.js';
import type { SecretStore } from '../ssh/auth.js';
import { ConnectionManager } from '../ssh/connection-manager.js';
import type { HostKeyDecisionRequest } from '../ssh/host-key-verifier.js';
import { PinnedKeyStore } from '../ssh/pinned-keys.js';

export interface ConnectionTestDeps {
  secretStore: SecretStore;
  pinnedKeysPath: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

export async function testHostConnection(
  host: HostSettings,
  deps: ConnectionTestDeps,
): Promise<ConnectionTestResult> {
  let unknownKey: HostKeyDecisionRequest | null = null;
  const manager = new ConnectionManager({
    hosts: [host],
    secretStore: deps.secretStore,
    pinnedKeys: new PinnedKeyStore(deps.pinnedKeysPath),
    decideUnknownHostKey: async (req) => {
      unknownKey = req;
      return false;
    },
    env: deps.env,
    timing: {
      readyTimeoutMs: deps.timeoutMs ?? 10_000,
      backoff: { baseMs: 60_000, maxMs: 60_000, minMs: 60_000, factor: 1 },
    },
  });
  try {
    const sftp = await manager.getSftp(host.name);
    const started = performance.now();
    const entries = await new Promise<string[]>((resolve, reject) =>
      sftp.readdir(host.snapshotRoot, (err, list) =>
        err ? reject(err) : resolve(list.map((e) => e.filename)),
      ),
    );
    const rttMs = Math.round(performance.now() - started);
    const candidates = entries.filter((name) => /^[a-z0-9][a-z0-9_-]{0,63}$/.test(name));
    const found: string[] = [];
    await Promise.all(
      candidates.map(
        (name) =>
          new Promise<void>((resolve) =>
            sftp.stat(`${host.snapshotRoot.replace(/\/+$/, '')}/${name}/snapshot.json`, (err) => {
              if (!err) found.push(name);
              resolve();
            }),
          ),
      ),
    );
    found.sort();
    const status = manager.status(host.name);
    return {
      ok: true,
      code: null,
      message:
        found.length > 0
          ? `Connected. Snapshots found for: ${found.join(', ')}.`
          : `Connected, but no instance folder with a snapshot.json was found under ${host.snapshotRoot}.`,
      fingerprint: status.hostKey?.fingerprint ?? null,
      instancesFound: found,
      rttMs,
    };
  } catch (err) {
    const status = manager.status(host.name);
    const pending = unknownKey as HostKeyDecisionRequest | null;
    if (pending) {
      return {
        ok: false,
        code: 'HOST_KEY_UNKNOWN',
        message: `The host key of ${host.name} is not known yet (${pending.keyType} ${pending.fingerprint}). Verify it on the VM with \`${pending.verifyCommand}\`, then trust it when the app asks.`,
        fingerprint: pending.fingerprint,
        instancesFound: [],
        rttMs: null,
      };
    }
    const reason = status.reason;
    return {
      ok: false,
      code: reason?.code ?? 'UNREACHABLE',
      message: reason?.message ?? (err instanceof Error ? err.message : String(err)),
      fingerprint: status.hostKey?.fingerprint ?? null,
      instancesFound: [],
      rttMs: null,
    };
  } finally {
    await manager.close();
  }
}
