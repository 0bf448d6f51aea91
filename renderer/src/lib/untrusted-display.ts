/**
 * How the window shows a string from the VM (issue 12 §1): every control and bidi character as a visible
 * mark ("⟨U+202E⟩"), never interpreted, so an RTL override cannot make `exe.tnemucod` read `document.exe`;
 * and at most `max` characters until the person asks for the rest, so a 100,000-character name cannot
 * widen or flood the page. The character set is common/text/inert-text.ts's, the CLI's. Pure.
 */
import { hasUnsafeCharacters } from '../../../common/text/inert-text.js';

export interface DisplaySegment {
  kind: 'text' | 'control';
  /** The text itself, or for a control its mark, e.g. `⟨U+202E⟩`. */
  text: string;
}

export interface UntrustedDisplay {
  segments: DisplaySegment[];
  /** Characters left out (0 when the whole text is shown). */
  hidden: number;
  /** Length of the whole text, in code points. */
  total: number;
}

/** `⟨U+202E⟩`, `⟨U+001B⟩`: what stands in for a control character. */
export function controlMark(ch: string): string {
  return `⟨U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩`;
}

/** The first `max` code points of `text` (all when `max` is Infinity) as text runs and control marks. */
export function untrustedDisplay(text: string, max = Infinity): UntrustedDisplay {
  const chars = Array.from(text);
  const shown = Number.isFinite(max) ? chars.slice(0, max) : chars;
  const segments: DisplaySegment[] = [];
  let run = '';
  for (const ch of shown) {
    if (hasUnsafeCharacters(ch)) {
      if (run) segments.push({ kind: 'text', text: run });
      run = '';
      segments.push({ kind: 'control', text: controlMark(ch) });
    } else run += ch;
  }
  if (run) segments.push({ kind: 'text', text: run });
  return { segments, hidden: chars.length - shown.length, total: chars.length };
}

/** The same as one plain string (for titles, aria-labels and the document title). */
export function untrustedPlain(text: string, max = Infinity): string {
  const d = untrustedDisplay(text, max);
  return d.segments.map((s) => s.text).join('') + (d.hidden > 0 ? '…' : '');
}
