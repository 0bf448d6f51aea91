/**
 * The fleet as the CLI sees it: config (or the demo fleet), the SSH connection manager with the CLI's
 * trust and secret policies, and a poller. Shared by `status` and the commands that build on it
 * (`warnings`, `web`).
 *
 * CLI policies:
 * - an unknown host key is refused unless `--accept-host-key <fingerprint>` names exactly that key (then it
 *   is pinned, as the desktop's trust dialog would); the refusal prints the fingerprint and how to verify;
 * - an encrypted key's passphrase is asked on the terminal (echo off), only when stdin is a TTY, and kept
 *   in memory for this run only.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { thresholdsSchema } from '../../preload/ipc-contract.js';
import type { AppConfig } from '../core/config/app-config.js';
import { pinnedKeysFile, resolveConfigFile } from '../core/config/config-paths.js';
import { loadConfig } from '../core/config/load-config.js';
import { readSshConfig } from '../core/config/ssh-alias.js';
import type { FleetPoller } from '../core/poll/fleet-poller.js';
import { createDemoFleetPoller, createFleetPollerFromConfig } from '../core/poll/fleet-factory.js';
import { FleetPoller as Poller } from '../core/poll/fleet-poller.js';
import { createLocalSource } from '../core/sources/instance-source.js';
import type { SecretStore } from '../core/ssh/auth.js';
import { ConnectionManager } from '../core/ssh/connection-manager.js';
import type { HostKeyDecisionRequest } from '../core/ssh/host-key-verifier.js';
import { PinnedKeyStore } from '../core/ssh/pinned-keys.js';
import { createTailscaleRefiner } from '../core/ssh/tailscale.js';
import type { CliIo } from './command.js';
import { span } from './format/term-doc.js';
import { termOut } from './format/term-output.js';
import { promptHidden } from './prompt.js';

export interface FleetSessionOptions {
  configFile?: string | null;
  demo?: boolean;
  acceptHostKey?: string | null;
  history?: boolean;
  /** Read `<id>/snapshot.json` under this folder on this machine instead of over SSH. */
  snapshotRoot?: string | null;
}

export interface FleetSession {
  demo: boolean;
  config: AppConfig | null;
  configPath: string | null;
  poller: FleetPoller;
  close(): Promise<void>;
}

export type OpenFleetResult =
  | { ok: true; session: FleetSession }
  /** `config`: the config file is wrong; `usage`: an argument is (e.g. --snapshot-root names no folder). */
  | { ok: false; kind: 'config' | 'usage'; message: string };

const INSTANCE_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/**
 * A fleet read from a folder on this machine (`--snapshot-root`): every `<id>/` in it is an instance,
 * labelled by its id. For running hermes-mc on the VM itself, or on a copied snapshot folder.
 */
function openLocalFleet(dir: string, history: boolean | undefined): OpenFleetResult {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory())
    return { ok: false, kind: 'usage', message: `--snapshot-root ${root}: no such folder` };
  const ids = readdirSync(root)
    .filter((name) => INSTANCE_ID.test(name) && statSync(join(root, name)).isDirectory())
    .sort();
  if (ids.length === 0)
    return {
      ok: false,
      kind: 'usage',
      message: `--snapshot-root ${root}: no instance folders (<id>/snapshot.json) in it`,
    };
  const defaults = thresholdsSchema.parse({});
  const poller = new Poller({
    hosts: [
      {
        source: createLocalSource('local'),
        snapshotRoot: root,
        instances: ids.map((id) => ({ id, label: id })),
      },
    ],
    intervalMs: 60_000,
    staleAfterIntervals: defaults.staleAfterIntervals,
    history,
  });
  return {
    ok: true,
    session: { demo: false, config: null, configPath: null, poller, close: () => poller.stop() },
  };
}

function cliSecretStore(io: CliIo): SecretStore {
  const memory = new Map<string, string>();
  return {
    async get(key) {
      if (memory.has(key)) return memory.get(key)!;
      const file = key.replace(/^ssh-key-passphrase:/, '');
      const answer = await promptHidden(io, `Passphrase for ${file}: `);
      if (answer === null) return null;
      memory.set(key, answer);
      return answer;
    },
    async set(key, value) {
      memory.set(key, value);
    },
  };
}

function hostKeyDecider(io: CliIo, accept: string | null | undefined) {
  const err = termOut(io.stderr, io.env);
  return async (req: HostKeyDecisionRequest): Promise<boolean> => {
    if (accept && accept === req.fingerprint) {
      err.line(
        `Trusting and pinning ${req.keyType} ${req.fingerprint} for ${req.hostName} (${req.host}:${req.port}).`,
      );
      return true;
    }
    err.lines([
      [
        span(
          `Unknown host key for ${req.hostName} (${req.host}:${req.port}): ${req.keyType} ${req.fingerprint}`,
          'attention',
        ),
      ],
      [span(`  Verify it on the VM:  ${req.verifyCommand}`)],
      [span(`  Then trust it:        hermes-mc status --accept-host-key ${req.fingerprint}`)],
      ...(accept
        ? [[span(`  (--accept-host-key ${accept} does not match this key, so it was refused.)`)]]
        : []),
    ]);
    return false;
  };
}

/** Load the config (or the demo fleet) and build a poller. Errors are messages naming the file and field. */
export async function openFleet(opts: FleetSessionOptions, io: CliIo): Promise<OpenFleetResult> {
  if (opts.snapshotRoot) return openLocalFleet(opts.snapshotRoot, opts.history);
  if (opts.demo) {
    return {
      ok: true,
      session: {
        demo: true,
        config: null,
        configPath: null,
        poller: createDemoFleetPoller({ history: opts.history }),
        close: async () => undefined,
      },
    };
  }
  const configPath = resolveConfigFile(opts.configFile ?? null, { env: io.env as NodeJS.ProcessEnv });
  let sshConfig;
  try {
    sshConfig = readSshConfig();
  } catch {
    sshConfig = undefined;
  }
  const loaded = await loadConfig(configPath, { sshConfig });
  if (!loaded.ok) return { ok: false, kind: 'config', message: loaded.error.message };
  const config = loaded.config;
  if (!config || config.hosts.length === 0) {
    if (opts.configFile) {
      if (!config) return { ok: false, kind: 'config', message: `Config file ${configPath} does not exist.` };
    }
    return {
      ok: true,
      session: {
        demo: true,
        config,
        configPath,
        poller: createDemoFleetPoller({ history: opts.history }),
        close: async () => undefined,
      },
    };
  }
  const manager = new ConnectionManager({
    hosts: config.hosts,
    secretStore: cliSecretStore(io),
    pinnedKeys: new PinnedKeyStore(pinnedKeysFile({ env: io.env as NodeJS.ProcessEnv })),
    decideUnknownHostKey: hostKeyDecider(io, opts.acceptHostKey),
    env: io.env as NodeJS.ProcessEnv,
    refineUnreachable: createTailscaleRefiner(),
  });
  const poller = createFleetPollerFromConfig({ config, connections: manager, history: opts.history });
  return {
    ok: true,
    session: {
      demo: false,
      config,
      configPath,
      poller,
      close: async () => {
        await poller.stop();
        await manager.close();
      },
    },
  };
}
