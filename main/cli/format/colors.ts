/**
 * Colour only where a person is looking: a TTY, unless NO_COLOR is set (https://no-color.org) or the
 * terminal is `dumb`. FORCE_COLOR turns it on for tools that render ANSI themselves.
 */
export interface ColorEnv {
  isTTY: boolean;
  env: Record<string, string | undefined>;
}

export function colorEnabled({ isTTY, env }: ColorEnv): boolean {
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0') return true;
  return isTTY && env['TERM'] !== 'dumb';
}

export type Paint = (text: string) => string;
export interface Palette {
  green: Paint;
  yellow: Paint;
  red: Paint;
  dim: Paint;
  bold: Paint;
}

const sgr =
  (open: number, close: number): Paint =>
  (t) =>
    `\x1b[${open}m${t}\x1b[${close}m`;
const plain: Paint = (t) => t;

export function palette(enabled: boolean): Palette {
  if (!enabled) return { green: plain, yellow: plain, red: plain, dim: plain, bold: plain };
  return { green: sgr(32, 39), yellow: sgr(33, 39), red: sgr(31, 39), dim: sgr(2, 22), bold: sgr(1, 22) };
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

/** Printable width (ANSI sequences removed). */
export function visibleWidth(text: string): number {
  return [...text.replace(ANSI, '')].length;
}
