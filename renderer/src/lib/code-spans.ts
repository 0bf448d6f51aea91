/**
 * Messages from the core mark commands with `backticks` (written for a terminal). The window shows those
 * as code, never as literal backticks. Pure.
 */

export interface TextPart {
  code: boolean;
  text: string;
}

/** `a \`cmd\` b` → a, cmd (code), b. An unpaired backtick is shown as it is. */
export function codeSpans(text: string): TextPart[] {
  const pieces = text.split('`');
  if (pieces.length < 3 || pieces.length % 2 === 0) return [{ code: false, text }];
  return pieces.map((t, i) => ({ code: i % 2 === 1, text: t })).filter((p) => p.text.length > 0);
}
