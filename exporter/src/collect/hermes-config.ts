/**
 * Reads and parses HERMES_HOME/config.yaml once per run. The parsed object stays in memory only: it can
 * hold inline secrets, so nothing reads from it except allowlisted getters (config-summary.ts and the
 * few scalar settings the other collectors need).
 */
import { join } from 'node:path';
import { isRecord, readTextOrNull } from '../lib/read-text.js';
import { parseYaml, YamlSyntaxError } from '../lib/yaml.js';

export type HermesConfigRead =
  | { status: 'ok'; config: Record<string, unknown> }
  | { status: 'absent' }
  | { status: 'invalid'; error: string };

export async function readHermesConfig(hermesHome: string): Promise<HermesConfigRead> {
  const text = await readTextOrNull(join(hermesHome, 'config.yaml'), 1024 * 1024);
  if (text === null) return { status: 'absent' };
  try {
    // Aliases are shared, not copied (lib/yaml.ts), and only allowlisted paths are ever read from it.
    const doc: unknown = parseYaml(text);
    if (doc === null || doc === undefined) return { status: 'ok', config: {} };
    if (!isRecord(doc)) return { status: 'invalid', error: 'config.yaml: top level is not a mapping' };
    return { status: 'ok', config: doc };
  } catch (err) {
    const line = err instanceof YamlSyntaxError ? err.line : null;
    return { status: 'invalid', error: `config.yaml: YAML syntax error${line ? ` near line ${line}` : ''}` };
  }
}

/** `config.a.b.c` without throwing on missing levels. */
export function getPath(config: Record<string, unknown> | null, path: string): unknown {
  let node: unknown = config;
  for (const key of path.split('.')) {
    if (!isRecord(node)) return undefined;
    node = node[key];
  }
  return node;
}

/** A positive number setting, else the Hermes default. */
export function numberSetting(
  config: Record<string, unknown> | null,
  path: string,
  fallback: number,
): number {
  const value = getPath(config, path);
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

/** `state_store.backend` (newer builds); absent = sqlite, Hermes's only backend before it existed. */
export function stateStoreBackend(config: Record<string, unknown> | null): string | null {
  if (config === null) return null;
  const backend = getPath(config, 'state_store.backend');
  return typeof backend === 'string' && backend.trim() !== '' ? backend.trim().toLowerCase() : 'sqlite';
}
