/**
 * Shell-safety for commands built from snapshot data. A snapshot is written on the VM and read over the
 * network, so a unit name or path in it must never be able to smuggle shell syntax into a command the
 * user copies and pastes as root. Values that fail these checks make the command be left out, never
 * "cleaned up" into something that looks right but is not.
 */

const SAFE_WORD = /^[A-Za-z0-9@%+=:,./_~-]+$/;

/** Quotes one argument for POSIX sh: bare when it is plainly safe, single-quoted otherwise. */
export function shellQuote(value: string): string {
  if (value.length > 0 && SAFE_WORD.test(value) && !value.startsWith('~')) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A systemd unit name as systemd itself accepts it (no spaces, quotes or shell metacharacters). */
export function isSafeUnitName(name: string | null | undefined): name is string {
  return typeof name === 'string' && /^[A-Za-z0-9@._:\\-]{1,255}$/.test(name) && !name.startsWith('-');
}

/** A POSIX user name (as useradd accepts it). */
export function isSafeUserName(name: string | null | undefined): name is string {
  return typeof name === 'string' && /^[a-z_][a-z0-9_-]{0,31}\$?$/.test(name);
}

/** An absolute path without control characters. It is still quoted when used. */
export function isSafeAbsolutePath(path: string | null | undefined): path is string {
  if (typeof path !== 'string' || !path.startsWith('/') || path.length >= 1024) return false;
  for (let i = 0; i < path.length; i++)
    if (path.charCodeAt(i) < 0x20 || path.charCodeAt(i) === 0x7f) return false;
  return true;
}

/** A host name, IPv4 or IPv6 literal, or an ssh config alias. */
export function isSafeHost(host: string | null | undefined): host is string {
  return typeof host === 'string' && /^[A-Za-z0-9._:%[\]-]{1,255}$/.test(host) && !host.startsWith('-');
}

/** `hermes-gateway.service` → `hermes-gateway` (how the runbook writes services); other unit types keep their suffix. */
export function shortUnitName(name: string): string {
  return name.endsWith('.service') ? name.slice(0, -'.service'.length) : name;
}
