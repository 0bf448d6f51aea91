/** A plain aligned text table: columns padded to their widest cell (ANSI-aware), two spaces apart. */
import { visibleWidth } from './colors.js';

export function renderTable(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => visibleWidth(r[c] ?? ''))));
  return all
    .map((r) =>
      r
        .map((cell, c) =>
          c === r.length - 1 ? cell : cell + ' '.repeat((widths[c] ?? 0) - visibleWidth(cell)),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
