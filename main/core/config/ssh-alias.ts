/**
 * Resolve a configured `host` through ~/.ssh/config (the maintained `ssh-config` parser), so an alias the
 * user already has for the VM just works: HostName, User, Port and IdentityFile are honoured.
 * Precedence: the app config's own identityFile wins over the alias's; `user`/`port` from the alias fill
 * in what the app config leaves unset (see load-config.ts), and HostName always applies.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import SSHConfig from 'ssh-config';

export interface SshAliasResult {
  /** The address to connect to (HostName, or `host` itself). */
  hostName: string;
  user: string | null;
  port: number | null;
  identityFiles: string[];
  /** True when some Host block in ~/.ssh/config applied to this name. */
  matched: boolean;
}

export interface SshAliasSource {
  /** Text of ~/.ssh/config, or null when there is none. */
  text: string | null;
  home: string;
  /** Local user name for %u. */
  localUser?: string;
}

export function defaultSshConfigPath(home = homedir()): string {
  return join(home, '.ssh', 'config');
}

/** Read ~/.ssh/config (or `path`) once; a missing or unreadable file resolves nothing. */
export function readSshConfig(path = defaultSshConfigPath(), home = homedir()): SshAliasSource {
  try {
    return { text: readFileSync(path, 'utf8'), home };
  } catch {
    return { text: null, home };
  }
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** Expand the ssh_config tokens that make sense for file names: %d %h %p %r %u %% and a leading ~. */
function expandTokens(
  value: string,
  ctx: { home: string; host: string; port: number; user: string; localUser: string },
) {
  const out = value.replace(/%([dhpru%])/g, (_m, t: string) =>
    t === 'd'
      ? ctx.home
      : t === 'h'
        ? ctx.host
        : t === 'p'
          ? String(ctx.port)
          : t === 'r'
            ? ctx.user
            : t === 'u'
              ? ctx.localUser
              : '%',
  );
  return out === '~' ? ctx.home : out.startsWith('~/') ? join(ctx.home, out.slice(2)) : out;
}

/** Resolve `host` (maybe an alias). Match exec blocks are never evaluated: the app must not run commands. */
export function resolveSshAlias(host: string, source: SshAliasSource): SshAliasResult {
  if (!source.text) return { hostName: host, user: null, port: null, identityFiles: [], matched: false };
  let computed: Record<string, string | string[]>;
  try {
    computed = SSHConfig.parse(source.text).compute(host, { ignoreCase: true, matchExec: false });
  } catch {
    return { hostName: host, user: null, port: null, identityFiles: [], matched: false };
  }
  const hostName = first(computed.hostname)?.replace(/%h/g, host) ?? host;
  const user = first(computed.user) ?? null;
  const portText = first(computed.port);
  const port = portText && /^\d+$/.test(portText) ? Number(portText) : null;
  const rawIdentity = computed.identityfile;
  const identities = (Array.isArray(rawIdentity) ? rawIdentity : rawIdentity ? [rawIdentity] : []).filter(
    (f) => f.toLowerCase() !== 'none',
  );
  const localUser = source.localUser ?? process.env.USER ?? 'user';
  const identityFiles = identities.map((f) =>
    expandTokens(f, {
      home: source.home,
      host: hostName,
      port: port ?? 22,
      user: user ?? localUser,
      localUser,
    }),
  );
  const matched = Object.keys(computed).some((k) => k !== 'host');
  return { hostName, user, port, identityFiles, matched };
}
