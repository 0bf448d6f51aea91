/**
 * What `hermes-mc` prints, before it is printed: lines of spans. A span's text is always treated as
 * untrusted — at render time it goes through `inertText` (C0/C1, ESC, DEL and bidi controls become
 * visible escapes) and is bounded in length — and its colour is a separate field that only our code sets.
 * Colour escapes are added here, after the text is inert, so nothing a VM writes can colour, move, title
 * or clipboard anything: the two channels never mix. Layout (newlines, padding) comes from the line
 * structure, never from the text: a newline inside a span is shown as `\x0A`.
 */
import { inertText } from '../../../common/text/inert-text.js';

/** The colours our own code may ask for. */
export type Tone = 'ok' | 'attention' | 'critical' | 'unknown' | 'dim' | 'bold' | 'changes';

export interface Span {
  text: string;
  tone?: Tone;
  /** Longest visible length before the text is cut with a note (default DEFAULT_SPAN_MAX). */
  max?: number;
}

export type Line = readonly Span[];

/**
 * Bound for any one span: long enough for every message and runbook command we write (values in
 * commands are capped at 1,023 characters by common/runbook/shell-quote.ts), short enough that a
 * 100,000-character job name costs a line, not a screen. The full text stays in `--json`.
 */
export const DEFAULT_SPAN_MAX = 1200;

export function span(text: string, tone?: Tone, max?: number): Span {
  return { text, ...(tone ? { tone } : {}), ...(max !== undefined ? { max } : {}) };
}

/** A line from spans or plain strings (strings get no colour). */
export function line(...parts: (Span | string)[]): Line {
  return parts.map((p) => (typeof p === 'string' ? { text: p } : p));
}

/** Length as a terminal counts it for our purposes (code points; the text is already inert). */
export function visibleLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** The first `width` code points of `text`, ending in "…" when anything was cut. */
export function clip(text: string, width: number): string {
  if (visibleLength(text) <= width) return text;
  if (width <= 0) return '';
  return [...text].slice(0, width - 1).join('') + '…';
}

/** The inert, bounded form of a span's text: what the terminal will show. */
export function shownText(s: Span): string {
  const safe = inertText(s.text);
  const max = s.max ?? DEFAULT_SPAN_MAX;
  const length = visibleLength(safe);
  if (length <= max) return safe;
  const note = ` … [${(length - max).toLocaleString('en-US')} more characters; full text in --json]`;
  return [...safe].slice(0, max).join('') + note;
}

const SGR: Record<Tone, [string, string]> = {
  ok: ['32', '39'],
  attention: ['33', '39'],
  critical: ['1;31', '22;39'],
  unknown: ['35', '39'],
  dim: ['2', '22'],
  bold: ['1', '22'],
  changes: ['1;33', '22;39'],
};

function paint(text: string, tone: Tone | undefined, color: boolean): string {
  if (!color || !tone || text === '') return text;
  const [open, close] = SGR[tone];
  return `\x1b[${open}m${text}\x1b[${close}m`;
}

/** Lines → terminal text: every span inert and bounded, then coloured (when `color`), one `\n` per line. */
export function renderLines(lines: readonly Line[], color: boolean): string {
  return lines.map((l) => l.map((s) => paint(shownText(s), s.tone, color)).join('')).join('\n') + '\n';
}
