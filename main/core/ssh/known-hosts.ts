/**
 * OpenSSH known_hosts, read-only: plain and hashed (`|1|salt|hash`, HMAC-SHA1) host fields,
 * `[host]:port`, comma-separated patterns with `*`/`?` wildcards and `!` negation, `@revoked` markers
 * (refuse) and `@cert-authority` lines (ignored: we do not do host certificates). Pure functions.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { sha256Fingerprint } from './fingerprint.js';

export type KnownHostsHostField =
  { kind: 'patterns'; patterns: string[] } | { kind: 'hashed'; salt: Buffer; hash: Buffer };

export interface KnownHostEntry {
  marker: 'revoked' | 'cert-authority' | null;
  hostField: KnownHostsHostField;
  keyType: string;
  keyBase64: string;
  /** 1-based line number, for messages. */
  line: number;
}

/** Parse known_hosts text; malformed lines are skipped (as OpenSSH does). */
export function parseKnownHosts(text: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const trimmed = raw.trim();
    if (!trimmed || trimmed.startsWith('#')) return;
    const fields = trimmed.split(/\s+/);
    let marker: KnownHostEntry['marker'] = null;
    if (fields[0]?.startsWith('@')) {
      const m = fields.shift();
      if (m === '@revoked') marker = 'revoked';
      else if (m === '@cert-authority') marker = 'cert-authority';
      else return;
    }
    const [hosts, keyType, keyBase64] = fields;
    if (!hosts || !keyType || !keyBase64) return;
    let hostField: KnownHostsHostField;
    if (hosts.startsWith('|1|')) {
      const [, , salt, hash] = hosts.split('|');
      if (!salt || !hash) return;
      hostField = { kind: 'hashed', salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') };
    } else {
      hostField = { kind: 'patterns', patterns: hosts.split(',').filter(Boolean) };
    }
    entries.push({ marker, hostField, keyType, keyBase64, line: index + 1 });
  });
  return entries;
}

/** The name OpenSSH looks up: `host` on port 22, `[host]:port` otherwise. */
export function knownHostsLookupName(host: string, port: number): string {
  const h = host.toLowerCase();
  return port === 22 ? h : `[${h}]:${port}`;
}

/** OpenSSH `match_pattern`: `*` any run, `?` one character, case-insensitive (names are lowercased first). */
export function globMatch(pattern: string, name: string): boolean {
  const re = new RegExp(
    '^' +
      pattern
        .toLowerCase()
        .split('')
        .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
        .join('') +
      '$',
    's',
  );
  return re.test(name);
}

/** Does this entry's host field cover `lookupName` (already lowercased, `[h]:p` form when port ≠ 22)? */
export function hostFieldMatches(field: KnownHostsHostField, lookupName: string): boolean {
  if (field.kind === 'hashed') {
    const digest = createHmac('sha1', field.salt).update(lookupName).digest();
    return digest.length === field.hash.length && timingSafeEqual(digest, field.hash);
  }
  let positive = false;
  for (const p of field.patterns) {
    if (p.startsWith('!')) {
      if (globMatch(p.slice(1), lookupName)) return false;
    } else if (globMatch(p, lookupName)) {
      positive = true;
    }
  }
  return positive;
}

export type KnownHostsVerdict =
  | { kind: 'match'; line: number }
  | { kind: 'revoked'; line: number }
  /** The host is known, but with other keys: the fingerprints we expected. */
  | { kind: 'mismatch'; expected: Array<{ keyType: string; fingerprint: string; line: number }> }
  | { kind: 'none' };

/**
 * Check a presented key against parsed entries for any of `lookupNames` (e.g. the resolved HostName and the
 * configured alias, each in lookup form). A revoked key wins over everything; a matching key is accepted;
 * a host with other keys (any type) is a mismatch — we ask ssh2 to prefer the known key types, so a server
 * presenting an unknown type for a known host is treated as a changed key, never as a first use.
 */
export function checkKnownHosts(
  entries: KnownHostEntry[],
  lookupNames: string[],
  keyType: string,
  keyBase64: string,
): KnownHostsVerdict {
  const forHost = entries.filter((e) => lookupNames.some((n) => hostFieldMatches(e.hostField, n)));
  const revoked = entries.find((e) => e.marker === 'revoked' && e.keyBase64 === keyBase64);
  // OpenSSH treats a revoked key as revoked for every host it is listed under; a revoked line whose
  // patterns do not cover this host still means "this key is compromised", so refuse regardless.
  if (revoked) return { kind: 'revoked', line: revoked.line };
  const plain = forHost.filter((e) => e.marker === null);
  const hit = plain.find((e) => e.keyType === keyType && e.keyBase64 === keyBase64);
  if (hit) return { kind: 'match', line: hit.line };
  if (plain.length > 0) {
    return {
      kind: 'mismatch',
      expected: plain.map((e) => ({
        keyType: e.keyType,
        fingerprint: sha256Fingerprint(Buffer.from(e.keyBase64, 'base64')),
        line: e.line,
      })),
    };
  }
  return { kind: 'none' };
}

/** Key types known for these names, in file order, for ssh2's `algorithms.serverHostKey` preference. */
export function knownKeyTypes(entries: KnownHostEntry[], lookupNames: string[]): string[] {
  const types: string[] = [];
  for (const e of entries) {
    if (e.marker !== null) continue;
    if (!lookupNames.some((n) => hostFieldMatches(e.hostField, n))) continue;
    if (!types.includes(e.keyType)) types.push(e.keyType);
  }
  return types;
}
