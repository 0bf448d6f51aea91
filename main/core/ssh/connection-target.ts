/**
 * What a configured host means on the wire: the address, port, user and keys after ~/.ssh/config, and the
 * known_hosts files to trust. Pure: the ssh config text and the home folder are passed in.
 */
import type { HostSettings } from '../../../preload/ipc-contract.js';
import { resolveSshAlias, type SshAliasSource } from '../config/ssh-alias.js';
import { expandHome } from './auth.js';

/** The part of a configured host the SSH layer needs. */
export type ConnectionTarget = Pick<
  HostSettings,
  'name' | 'host' | 'port' | 'user' | 'identityFile' | 'useAgent' | 'knownHostsFile'
>;

/** Where and as whom to connect, after ~/.ssh/config. */
export interface ResolvedTarget {
  host: string;
  port: number;
  user: string;
  identityFiles: string[];
}

export function resolveTarget(target: ConnectionTarget, sshConfig: SshAliasSource): ResolvedTarget {
  const alias = resolveSshAlias(target.host, sshConfig);
  // The app config is authoritative; an alias Port fills in only where the app kept the default 22.
  const port = target.port === 22 && alias.port ? alias.port : target.port;
  return {
    host: alias.hostName,
    port,
    user: target.user,
    identityFiles: target.identityFile ? [target.identityFile] : alias.identityFiles,
  };
}

/** The host's own known_hosts file when configured, else OpenSSH's two user defaults. */
export function knownHostsFilesFor(target: ConnectionTarget, home: string): string[] {
  return target.knownHostsFile
    ? [expandHome(target.knownHostsFile, home)]
    : [expandHome('~/.ssh/known_hosts', home), expandHome('~/.ssh/known_hosts2', home)];
}
