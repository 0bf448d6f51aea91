/**
 * The one place `hermes-mc` writes to a terminal, a pipe or a file. Commands hand it lines of spans
 * (term-doc.ts: text always made inert, colour a separate channel) or a value for `--json` (written with
 * `inertJson`, so DEL, C1 and bidi controls are `\uXXXX` escapes too). Nothing else in main/cli writes to
 * a stream; test/unit/cli/output-chokepoint.test.ts holds that line.
 */
import { inertJson } from '../../../common/text/inert-text.js';
import type { CliOutput } from '../command.js';
import { colorEnabled, terminalColumns } from './colors.js';
import { renderLines, type Line, type Span } from './term-doc.js';

export interface TermOut {
  /** Colour escapes will be written. */
  readonly color: boolean;
  /** Columns to lay tables out for. */
  readonly columns: number;
  readonly isTTY: boolean;
  /** Print lines (each inert, bounded, then coloured). */
  lines(lines: readonly Line[]): void;
  /** Print one line. */
  line(...spans: (Span | string)[]): void;
  /** Print text with no newline after it (a prompt). */
  inline(...spans: (Span | string)[]): void;
  /** Print a JSON document: pretty, or one line per document (`--watch --json`). */
  json(value: unknown, options?: { compact?: boolean }): void;
  /** Clear the screen and home the cursor (only on a TTY; a pipe gets a blank line instead). */
  clearScreen(): void;
}

const toSpans = (parts: (Span | string)[]): Span[] =>
  parts.map((p) => (typeof p === 'string' ? { text: p } : p));

export function termOut(stream: CliOutput, env: Record<string, string | undefined>): TermOut {
  const isTTY = Boolean(stream.isTTY);
  const color = colorEnabled({ isTTY, env });
  const columns = terminalColumns(stream, env);
  return {
    color,
    columns,
    isTTY,
    lines: (lines) => {
      if (lines.length > 0) stream.write(renderLines(lines, color));
    },
    line: (...spans) => stream.write(renderLines([toSpans(spans)], color)),
    inline: (...spans) => stream.write(renderLines([toSpans(spans)], color).slice(0, -1)),
    json: (value, options = {}) =>
      stream.write(inertJson(JSON.stringify(value, null, options.compact ? undefined : 2)) + '\n'),
    clearScreen: () => stream.write(isTTY ? '\x1b[2J\x1b[H' : '\n'),
  };
}
