/**
 * YAML for the exporter (its own config and Hermes's config.yaml), via js-yaml rather than the `yaml`
 * package the app uses: the exporter is a fresh process every 60 s, and on a cold start js-yaml parses a
 * config in ~2.5 ms against ~12 ms (measured on Node 20, see docs/benchmarks.md), at a tenth of the code.
 *
 * CORE_SCHEMA = YAML 1.2 core, as `yaml` reads by default: dates stay strings, no custom tags. js-yaml
 * resolves an alias to the same object instead of copying it, so an alias bomb costs nothing to parse;
 * callers that walk a whole document must bound the walk (see boundedNodeCount).
 */
import { CORE_SCHEMA, load } from 'js-yaml';

export class YamlSyntaxError extends Error {
  /** 1-based line of the problem, when known. */
  readonly line: number | null;
  constructor(reason: string, line: number | null) {
    super(line === null ? reason : `${reason} (line ${line})`);
    this.name = 'YamlSyntaxError';
    this.line = line;
  }
}

/** Parses one YAML (or JSON) document. Throws YamlSyntaxError, whose message never quotes the input. */
export function parseYaml(text: string): unknown {
  try {
    return load(text.replace(/^\uFEFF/, ''), { schema: CORE_SCHEMA });
  } catch (err) {
    const e = err as { reason?: unknown; mark?: { line?: unknown } };
    const line = typeof e.mark?.line === 'number' ? e.mark.line + 1 : null;
    throw new YamlSyntaxError(typeof e.reason === 'string' ? e.reason : 'invalid YAML', line);
  }
}

/** Counts the nodes of a parsed document, following aliases as copies, and stops past `limit`. */
export function boundedNodeCount(value: unknown, limit: number): number {
  let count = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && count <= limit) {
    const node = stack.pop();
    count++;
    // A loop, not push(...children): a huge list would overflow the argument limit before the bound.
    const children = Array.isArray(node)
      ? node
      : typeof node === 'object' && node !== null
        ? Object.values(node)
        : [];
    for (const child of children) {
      if (stack.length + count > limit) break;
      stack.push(child);
    }
  }
  return count;
}
