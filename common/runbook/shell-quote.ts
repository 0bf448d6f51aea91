/**
 * Shell-safety for commands built from snapshot data. A snapshot is written on the VM and read over the
 * network, so a unit name or path in it must never be able to smuggle shell syntax into a command the
 * user copies and pastes as root. Every VM value goes through `shellQuote`, the one quoting function;
 * values it cannot make safe (control characters such as a newline, bidi controls, an oversized value,
 * or a name the tool itself would not accept) make the command be refused with a reason
 * (`unsafeValueReason`), never "cleaned up" into something that looks right but is not.
 */
import { hasUnsafeCharacters, inertText } from '../text/inert-text.js';

const SAFE_WORD = /^[A-Za-z0-9@%+=:,./_-]+$/;

/** Longest value we put in a command (a path; PATH_MAX-sized values are not what a runbook shows). */
export const MAX_VALUE_LENGTH = 1023;

/**
 * Quotes one argument for POSIX sh (and bash, dash, zsh): bare when it is plainly safe, single-quoted
 * otherwise (inside single quotes nothing is special; a `'` is written as `'\''`). It does not make a
 * control character safe to paste — callers refuse those first (`unsafeValueReason`).
 */
export function shellQuote(value: string): string {
  if (value.length > 0 && SAFE_WORD.test(value)) return value;
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

/** An absolute path without control or bidi characters and of a sane length. It is still quoted when used. */
export function isSafeAbsolutePath(path: string | null | undefined): path is string {
  return (
    typeof path === 'string' &&
    path.startsWith('/') &&
    path.length <= MAX_VALUE_LENGTH &&
    !hasUnsafeCharacters(path)
  );
}

/** A host name, IPv4 or IPv6 literal, or an ssh config alias. */
export function isSafeHost(host: string | null | undefined): host is string {
  return typeof host === 'string' && /^[A-Za-z0-9._:%[\]-]{1,255}$/.test(host) && !host.startsWith('-');
}

/** `hermes-gateway.service` → `hermes-gateway` (how the runbook writes services); other unit types keep their suffix. */
export function shortUnitName(name: string): string {
  return name.endsWith('.service') ? name.slice(0, -'.service'.length) : name;
}

export type ValueKind = 'unit' | 'user' | 'path' | 'container';

const SHOWN = 60;

/** The value as a reason may show it: inert, and cut to a readable length. */
function shown(value: string): string {
  const safe = inertText(value);
  const chars = [...safe];
  return chars.length > SHOWN ? `${chars.slice(0, SHOWN - 1).join('')}…` : safe;
}

/**
 * Why `value` (a `kind` named `what`, e.g. "the gateway unit name") cannot go into a command, or null
 * when it can. The reason names the value (made inert) and what is wrong with it, so a person can fix
 * the VM side; it never contains the raw value.
 */
export function unsafeValueReason(
  what: string,
  kind: ValueKind,
  value: string | null | undefined,
): string | null {
  if (typeof value !== 'string' || value === '') return `${what} is not known`;
  const quoted = `"${shown(value)}"`;
  if (hasUnsafeCharacters(value))
    return `${what} from the VM (${quoted}) holds control or bidi characters (a newline, ESC, U+202E…), so no command built from it would be safe to paste`;
  if (value.length > MAX_VALUE_LENGTH)
    return `${what} from the VM is ${value.length.toLocaleString('en-US')} characters long, too long for a command`;
  if (kind === 'unit' && !isSafeUnitName(value))
    return `${what} from the VM (${quoted}) is not a name systemd accepts`;
  if (kind === 'user' && !isSafeUserName(value))
    return `${what} from the VM (${quoted}) is not a valid user name`;
  if (kind === 'container' && !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/.test(value))
    return `${what} from the VM (${quoted}) is not a name docker accepts`;
  if (kind === 'path' && !value.startsWith('/'))
    return `${what} from the VM (${quoted}) is not an absolute path`;
  return null;
}
