/**
 * What `hermes-mc fingerprint <host>` prints: the host key fingerprint of a configured host (by its name)
 * or of any `host[:port]` / ~/.ssh/config alias, plus the commands to confirm it out of band.
 */
import type { AppConfig } from '../config/app-config.js';
import { resolveSshAlias, type SshAliasSource } from '../config/ssh-alias.js';
import { fetchHostKeyFingerprint, type FetchedHostKey } from './fingerprint.js';

export interface HostFingerprintResult extends FetchedHostKey {
  /** What the argument named: a configured host name, or the argument itself. */
  hostName: string;
  host: string;
  port: number;
}

/** Split `host`, `host:port` or `[v6]:port`. */
export function parseHostArgument(arg: string): { host: string; port: number | null } {
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(arg);
  if (v6) return { host: v6[1]!, port: v6[2] ? Number(v6[2]) : null };
  const m = /^([^:]+):(\d+)$/.exec(arg);
  if (m) return { host: m[1]!, port: Number(m[2]) };
  return { host: arg, port: null };
}

/** Resolve the argument (configured host name first) and fetch its key. Rejects with SshFailure. */
export async function lookupHostFingerprint(
  arg: string,
  options: { config?: AppConfig | null; sshConfig: SshAliasSource; timeoutMs?: number },
): Promise<HostFingerprintResult> {
  const configured = options.config?.hosts.find((h) => h.name === arg);
  const parsed = configured ? { host: configured.host, port: configured.port } : parseHostArgument(arg);
  const alias = resolveSshAlias(parsed.host, options.sshConfig);
  const port =
    parsed.port && !(configured && parsed.port === 22 && alias.port) ? parsed.port : (alias.port ?? 22);
  const key = await fetchHostKeyFingerprint(alias.hostName, port, { timeoutMs: options.timeoutMs });
  return { ...key, hostName: configured?.name ?? arg, host: alias.hostName, port };
}

/** Human lines for the terminal (no colour; the CLI adds it). */
export function formatHostFingerprint(r: HostFingerprintResult): string[] {
  return [
    `${r.hostName} (${r.host}:${r.port}) ${r.keyType} ${r.fingerprint}`,
    `Verify on the VM:     ${r.verifyCommand}`,
    `Or from a trusted machine: ${r.keyscanCommand}`,
    `Then: hermes-mc status --accept-host-key ${r.fingerprint}`,
  ];
}
