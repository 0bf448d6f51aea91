/**
 * Text from the VM (cron job names, error messages, paths, unit names) is untrusted: a compromised VM or
 * anything that can write `jobs.json` controls it. Before it reaches a terminal, a clipboard or a display,
 * every character that a terminal or a text renderer would interpret rather than show is replaced by a
 * visible escape, so it is shown and never acted on:
 * - C0 controls U+0000–U+001F (ESC starts CSI/OSC sequences: clear screen, set title, OSC 52 clipboard),
 *   DEL U+007F, C1 controls U+0080–U+009F (U+009B is a one-byte CSI),
 * - bidi controls U+202A–U+202E, U+2066–U+2069, U+200E/U+200F, U+061C (an RTL override makes
 *   `exe.tnemucod` display as `document.exe`), and U+2028/U+2029 (line breaks to some renderers).
 * Colour and layout come only from our own code, applied after this.
 */

// Built from code points so this file itself holds none of the characters it neutralises.
const RANGES: [number, number][] = [
  [0x00, 0x1f],
  [0x7f, 0x9f],
  [0x061c, 0x061c],
  [0x200e, 0x200f],
  [0x2028, 0x2029],
  [0x202a, 0x202e],
  [0x2066, 0x2069],
];
const hex = (n: number, width: number) => n.toString(16).toUpperCase().padStart(width, '0');
const CLASS = RANGES.map(([a, b]) => (a === b ? `\\u${hex(a, 4)}` : `\\u${hex(a, 4)}-\\u${hex(b, 4)}`)).join(
  '',
);
const UNSAFE = new RegExp(`[${CLASS}]`, 'gu');
const UNSAFE_TEST = new RegExp(`[${CLASS}]`, 'u');

/** The visible form of one unsafe character: `\x1B` below U+0100, `\u202E` above. */
export function visibleEscape(ch: string): string {
  const cp = ch.codePointAt(0)!;
  return cp < 0x100 ? `\\x${hex(cp, 2)}` : `\\u${hex(cp, 4)}`;
}

/** `text` with every control and bidi character shown as a visible escape (see above). */
export function inertText(text: string): string {
  return text.replace(UNSAFE, visibleEscape);
}

/** True when `text` holds a character `inertText` would escape. */
export function hasUnsafeCharacters(text: string): boolean {
  return UNSAFE_TEST.test(text);
}

// What JSON.stringify leaves raw: everything above U+001F in the set. Its output has C0 characters only
// as the layout whitespace of pretty-printing (inside strings it escapes them), which must stay as it is.
const JSON_CLASS = RANGES.filter(([a]) => a > 0x1f)
  .map(([a, b]) => (a === b ? `\\u${hex(a, 4)}` : `\\u${hex(a, 4)}-\\u${hex(b, 4)}`))
  .join('');
const UNSAFE_JSON = new RegExp(`[${JSON_CLASS}]`, 'gu');

/**
 * JSON text (from `JSON.stringify`, pretty or not) with the same characters written as `\uXXXX` escapes.
 * `JSON.stringify` already escapes U+0000–U+001F inside strings but leaves DEL, C1 and bidi controls
 * raw; the result still parses to the same value.
 */
export function inertJson(json: string): string {
  return json.replace(UNSAFE_JSON, (ch) => `\\u${hex(ch.codePointAt(0)!, 4).toLowerCase()}`);
}
