/**
 * What Hermes's `load_config()` would see: the user's config.yaml merged over the `DEFAULT_CONFIG` of the
 * Hermes version that reads it (hermes_cli/config.py `_load_config_impl`: `config = deepcopy(DEFAULT_CONFIG)`
 * then `_deep_merge(config, user_config)`). Pure; the merged object stays in memory like the raw one.
 */
import { isRecord } from '../../lib/read-text.js';
import {
  CONFIG_DEFAULTS,
  DEFAULTED_PATHS,
  type DefaultedPath,
  type VersionDefaults,
} from './config-defaults.js';

export interface ChosenDefaults {
  /** The table row used, or null when the Hermes version is unknown (then only version-stable keys). */
  version: string | null;
  values: Partial<Record<DefaultedPath, unknown>>;
}

/** `0.19.0`, `v0.21.3`, `0.21.3+12.gabc` → [0, 19, 0]; anything else → null. */
export function parseVersion(text: string | null): number[] | null {
  const m = text === null ? null : /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : null;
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/**
 * The defaults of the newest known version at or below `version` (a newer Hermes than the table knows
 * gets the newest row; an older one the oldest). Unknown version: only the keys every known version
 * agrees on, so nothing version-dependent is guessed.
 */
export function chooseDefaults(
  version: string | null,
  table: readonly VersionDefaults[] = CONFIG_DEFAULTS,
): ChosenDefaults {
  const wanted = parseVersion(version);
  if (wanted === null || table.length === 0) {
    const values: ChosenDefaults['values'] = {};
    for (const path of DEFAULTED_PATHS) {
      const first = JSON.stringify(table[0]?.values[path]);
      if (table.length > 0 && table.every((row) => JSON.stringify(row.values[path]) === first))
        values[path] = table[0]!.values[path];
    }
    return { version: null, values };
  }
  let chosen = table[0]!;
  for (const row of table) {
    const v = parseVersion(row.version);
    if (v !== null && compare(v, wanted) <= 0) chosen = row;
  }
  return { version: chosen.version, values: chosen.values };
}

/** `{'a.b': 1}` → `{a: {b: 1}}`. */
export function nestPaths(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(values)) {
    const keys = path.split('.');
    let node = out;
    for (const key of keys.slice(0, -1)) {
      if (!isRecord(node[key])) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    node[keys[keys.length - 1]!] = value;
  }
  return out;
}

/**
 * hermes_cli/config.py `_deep_merge`: override wins; two mappings merge recursively; a `None` over a
 * mapping default is ignored (an empty `terminal:` section keeps the defaults, #58277).
 */
export function deepMerge(base: Record<string, unknown>, override: Record<string, unknown>) {
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = result[key];
    if (isRecord(current) && isRecord(value)) result[key] = deepMerge(current, value);
    else if (isRecord(current) && (value === null || value === undefined)) continue;
    else result[key] = value;
  }
  return result;
}

/** True when `path`'s effective value comes from the defaults (absent in the user's file, or under a null section). */
export function cameFromDefaults(user: Record<string, unknown>, path: string): boolean {
  let node: unknown = user;
  for (const key of path.split('.')) {
    if (!isRecord(node) || !(key in node)) return true;
    node = node[key];
    if (node === null && key !== path.split('.').at(-1)) return true;
  }
  return false;
}

export interface EffectiveConfig {
  /** The merged config (holds whatever secrets the user's file holds: allowlisted getters only). */
  config: Record<string, unknown>;
  defaults: ChosenDefaults;
  /** Dotted paths whose effective value is that version's default. */
  defaultedPaths: Set<DefaultedPath>;
}

export function effectiveConfig(
  user: Record<string, unknown>,
  hermesVersion: string | null,
): EffectiveConfig {
  const defaults = chooseDefaults(hermesVersion);
  const config = deepMerge(nestPaths(defaults.values), user);
  const defaultedPaths = new Set<DefaultedPath>();
  for (const path of Object.keys(defaults.values) as DefaultedPath[]) {
    if (cameFromDefaults(user, path)) defaultedPaths.add(path);
  }
  return { config, defaults, defaultedPaths };
}
