/**
 * An aligned text table that fits the terminal, the way `kubectl get` and `docker ps` do: columns two
 * spaces apart, each padded to its widest cell; when the table is wider than the terminal, the least
 * important columns first switch to their short form (priority-0 columns last), then are hidden (and named, so nothing vanishes
 * unsaid), and last the one flexible column (the instance label) is clipped with "…". Cell text is made
 * inert before it is measured, so widths are those of what is really shown.
 */
import { inertText } from '../../../common/text/inert-text.js';
import { clip, visibleLength, type Line, type Span, type Tone } from './term-doc.js';

export interface Column {
  key: string;
  header: string;
  /** 0 = always shown; higher numbers are shortened and hidden first. */
  priority: number;
  /** Cells are clipped to this width ("…"), whatever the terminal. */
  maxWidth?: number;
  /** The column that is clipped (down to `minWidth`) when hiding columns is not enough. */
  flex?: boolean;
  minWidth?: number;
}

export interface Cell {
  text: string;
  tone?: Tone;
  /** A shorter form, used before the column is hidden. */
  short?: string;
}

export interface FittedTable {
  lines: Line[];
  /** Headers of the columns left out for width. */
  hidden: string[];
}

const GAP = 2;

interface Layout {
  visible: Column[];
  shortened: Set<string>;
  flexWidth: number | null;
}

/** Lay out `rows` (one Cell per column, by column order) in at most `width` columns. */
export function fitTable(columns: Column[], rows: Cell[][], width: number): FittedTable {
  const inert = rows.map((r) =>
    r.map((c) => ({
      ...c,
      text: inertText(c.text),
      short: c.short === undefined ? undefined : inertText(c.short),
    })),
  );
  const index = new Map(columns.map((c, i) => [c.key, i]));
  const cellText = (row: Cell[], col: Column, layout: Layout): string => {
    const cell = row[index.get(col.key)!] ?? { text: '' };
    const text = layout.shortened.has(col.key) && cell.short !== undefined ? cell.short : cell.text;
    const bound = col.flex && layout.flexWidth !== null ? layout.flexWidth : col.maxWidth;
    return bound !== undefined ? clip(text, bound) : text;
  };
  const widthOf = (col: Column, layout: Layout) =>
    Math.max(visibleLength(col.header), ...inert.map((r) => visibleLength(cellText(r, col, layout))));
  const total = (layout: Layout) =>
    layout.visible.reduce((sum, c) => sum + widthOf(c, layout), 0) + GAP * (layout.visible.length - 1);

  const layout: Layout = { visible: [...columns], shortened: new Set(), flexWidth: null };
  const leastImportantFirst = [...columns].sort(
    (a, b) => b.priority - a.priority || columns.indexOf(b) - columns.indexOf(a),
  );
  for (const col of leastImportantFirst) {
    if (total(layout) <= width) break;
    if (inert.some((r) => r[index.get(col.key)!]?.short !== undefined)) layout.shortened.add(col.key);
  }
  const hidden: string[] = [];
  for (const col of leastImportantFirst.filter((c) => c.priority > 0)) {
    if (total(layout) <= width) break;
    layout.visible = layout.visible.filter((c) => c !== col);
    hidden.push(col.header);
  }
  const flex = layout.visible.find((c) => c.flex);
  if (flex && total(layout) > width) {
    const others = total(layout) - widthOf(flex, layout);
    layout.flexWidth = Math.max(flex.minWidth ?? 8, width - others);
  }

  const widths = layout.visible.map((c) => widthOf(c, layout));
  const render = (cells: Span[]): Line => {
    const out: Span[] = [];
    cells.forEach((cell, i) => {
      const last = i === cells.length - 1;
      out.push(cell);
      if (!last) out.push({ text: ' '.repeat(widths[i]! - visibleLength(cell.text) + GAP) });
    });
    return out;
  };
  const lines: Line[] = [
    render(layout.visible.map((c) => ({ text: c.header, tone: 'bold' as const }))),
    ...inert.map((row) =>
      render(
        layout.visible.map((c) => {
          const cell = row[index.get(c.key)!];
          return { text: cellText(row, c, layout), ...(cell?.tone ? { tone: cell.tone } : {}) };
        }),
      ),
    ),
  ];
  return { lines, hidden };
}
