/**
 * Address decoding and classification for /proc/net/tcp{,6} and interface lists. Pure.
 *
 * /proc/net/tcp prints an IPv4 address as one 32-bit word in host byte order (little-endian on x86 and
 * arm64): `0100007F` is 127.0.0.1. /proc/net/tcp6 prints four such words: `…0000000001000000` is ::1.
 */
import type { AddressClass } from '../../../../common/contract/snapshot.js';

/** Decodes a /proc/net/tcp IPv4 word (little-endian hex) to 4 bytes. */
export function decodeProcIPv4(hex: string): number[] | null {
  if (!/^[0-9A-Fa-f]{8}$/.test(hex)) return null;
  return wordLE(hex);
}

/** Decodes a /proc/net/tcp6 address (four little-endian 32-bit words) to 16 bytes. */
export function decodeProcIPv6(hex: string): number[] | null {
  if (!/^[0-9A-Fa-f]{32}$/.test(hex)) return null;
  const bytes: number[] = [];
  for (let i = 0; i < 32; i += 8) bytes.push(...wordLE(hex.slice(i, i + 8)));
  return bytes;
}

function wordLE(hex8: string): number[] {
  const be = [0, 2, 4, 6].map((i) => parseInt(hex8.slice(i, i + 2), 16));
  return be.reverse();
}

export function formatIPv4(bytes: number[]): string {
  return bytes.join('.');
}

/** RFC 5952 text form: lowercase, longest run of ≥2 zero groups compressed, v4-mapped as ::ffff:a.b.c.d. */
export function formatIPv6(bytes: number[]): string {
  if (isV4Mapped(bytes)) return `::ffff:${formatIPv4(bytes.slice(12))}`;
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i]! << 8) | bytes[i + 1]!);
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

export function isV4Mapped(bytes: number[]): boolean {
  return bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
}

/** Classifies an IPv4 address. 0.0.0.0 is `any` (every interface, public included). */
export function classifyIPv4(bytes: number[]): AddressClass {
  const [a = 0, b = 0] = bytes;
  if (bytes.every((x) => x === 0)) return 'any';
  if (a === 127) return 'loopback';
  if (a === 100 && b >= 64 && b <= 127) return 'tailscale'; // 100.64.0.0/10 (CGNAT, Tailscale's range)
  if (a === 10) return 'private';
  if (a === 172 && b >= 16 && b <= 31) return 'private';
  if (a === 192 && b === 168) return 'private';
  if (a === 169 && b === 254) return 'private'; // link-local
  return 'public';
}

/** Classifies an IPv6 address; v4-mapped addresses are classified as their IPv4 address. */
export function classifyIPv6(bytes: number[]): AddressClass {
  if (bytes.every((x) => x === 0)) return 'any';
  if (isV4Mapped(bytes)) return classifyIPv4(bytes.slice(12));
  if (bytes.slice(0, 15).every((x) => x === 0) && bytes[15] === 1) return 'loopback';
  // fd7a:115c:a1e0::/48 is Tailscale's IPv6 ULA prefix; test it before the generic ULA range.
  if (
    bytes[0] === 0xfd &&
    bytes[1] === 0x7a &&
    bytes[2] === 0x11 &&
    bytes[3] === 0x5c &&
    bytes[4] === 0xa1 &&
    bytes[5] === 0xe0
  )
    return 'tailscale';
  if ((bytes[0]! & 0xfe) === 0xfc) return 'private'; // fc00::/7 unique local
  if (bytes[0] === 0xfe && (bytes[1]! & 0xc0) === 0x80) return 'private'; // fe80::/10 link-local
  return 'public';
}

/** Parses dotted IPv4 text to bytes (for interface lists). */
export function parseIPv4(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const bytes = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : NaN));
  return bytes.every((b) => b >= 0 && b <= 255) ? bytes : null;
}

const SEVERITY = { none: 0, loopback: 1, tailscale: 2, private: 3, public: 4 } as const;
export type Exposure = keyof typeof SEVERITY;

/** The worst exposure among classes; `any` counts as public; no bindings = `none`. */
export function worstExposure(classes: AddressClass[]): Exposure {
  let worst: Exposure = 'none';
  for (const c of classes) {
    const e: Exposure = c === 'any' ? 'public' : c;
    if (SEVERITY[e] > SEVERITY[worst]) worst = e;
  }
  return worst;
}
