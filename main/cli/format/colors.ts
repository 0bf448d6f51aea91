/**
 * What the terminal on the other end can take: colour only where a person is looking — a TTY, unless
 * NO_COLOR is set (https://no-color.org) or the terminal is `dumb`; FORCE_COLOR turns it on for tools
 * that render ANSI themselves — and how wide it is (the TTY's own width, else `COLUMNS`, else 80).
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

export const DEFAULT_COLUMNS = 80;

/** Columns to lay out for: the TTY's width, else a valid `COLUMNS`, else 80 (pipes, files, CI logs). */
export function terminalColumns(stream: { isTTY?: boolean; columns?: number }, env: ColorEnv['env']): number {
  if (stream.isTTY && typeof stream.columns === 'number' && stream.columns > 0) return stream.columns;
  const fromEnv = Number(env['COLUMNS']);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  return DEFAULT_COLUMNS;
}
