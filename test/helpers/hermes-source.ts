/**
 * Reads facts from a real Hermes source tree when one is at hand, without importing Hermes (its
 * dependencies are not installed here): python3's `ast` evaluates the literal parts of `DEFAULT_CONFIG`
 * in hermes_cli/config.py. Where to look:
 * - HERMES_SOURCE_DIR: a checkout (its working tree is one version);
 * - HERMES_SOURCE_GIT: a git dir or clone holding the commits named in the defaults table
 *   (e.g. a mirror of a fork that tracks NousResearch/hermes-agent); files are read with `git show`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Prints {path: value} for the requested dotted paths of DEFAULT_CONFIG; absent paths are left out. */
const EXTRACT_PY = String.raw`
import ast, json, sys
NON_LITERAL = {"__non_literal__": True}
def ev(node):
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Dict):
        out = {}
        for k, v in zip(node.keys, node.values):
            if k is not None and isinstance(ev(k), str):
                out[ev(k)] = ev(v)
        return out
    if isinstance(node, (ast.List, ast.Tuple)):
        return [ev(e) for e in node.elts]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        v = ev(node.operand)
        return -v if isinstance(v, (int, float)) else NON_LITERAL
    return NON_LITERAL
tree = ast.parse(sys.stdin.read())
config = None
for n in tree.body:
    target = n.targets[0] if isinstance(n, ast.Assign) and len(n.targets) == 1 else getattr(n, 'target', None)
    if isinstance(target, ast.Name) and target.id == 'DEFAULT_CONFIG':
        config = ev(n.value)
if not isinstance(config, dict):
    sys.exit('DEFAULT_CONFIG not found')
out = {}
for path in json.loads(sys.argv[1]):
    node, found = config, True
    for key in path.split('.'):
        if isinstance(node, dict) and key in node:
            node = node[key]
        else:
            found = False
            break
    if found:
        out[path] = node
print(json.dumps(out))
`;

/** Top-level `DEFAULT_CONFIG = {` / `DEFAULT_CONFIG: Dict[...] = {` in a module. */
const DEFINES_DEFAULT_CONFIG = /^DEFAULT_CONFIG\s*(?::[^=\n]*)?=/m;

export interface HermesSource {
  describe: string;
  /**
   * The module defining DEFAULT_CONFIG at `commit` (ignored for a plain checkout): hermes_cli/config.py
   * up to 0.19, else whichever hermes_cli/*.py defines it (newer trees split config.py). Null: not there.
   */
  configPy(commit: string): string | null;
  /** `__version__` of a plain checkout (null for a git source). */
  checkoutVersion(): string | null;
}

export function findHermesSource(): HermesSource | null {
  const dir = process.env.HERMES_SOURCE_DIR;
  if (dir && existsSync(join(dir, 'hermes_cli', 'config.py'))) {
    return {
      describe: `checkout ${dir}`,
      configPy: () => {
        const main = readFileSync(join(dir, 'hermes_cli', 'config.py'), 'utf8');
        if (DEFINES_DEFAULT_CONFIG.test(main)) return main;
        for (const name of readdirSync(join(dir, 'hermes_cli')).filter((n) => n.endsWith('.py'))) {
          const text = readFileSync(join(dir, 'hermes_cli', name), 'utf8');
          if (DEFINES_DEFAULT_CONFIG.test(text)) return text;
        }
        return null;
      },
      checkoutVersion: () => {
        const init = readFileSync(join(dir, 'hermes_cli', '__init__.py'), 'utf8');
        return /^__version__\s*=\s*["']([^"']+)["']/m.exec(init)?.[1] ?? null;
      },
    };
  }
  const git = process.env.HERMES_SOURCE_GIT;
  if (git && existsSync(git)) {
    return {
      describe: `git ${git}`,
      configPy: (commit) => {
        const show = (path: string) =>
          execFileSync('git', ['--git-dir', git, 'show', `${commit}:${path}`], {
            encoding: 'utf8',
            maxBuffer: 64 * 1024 * 1024,
            stdio: ['ignore', 'pipe', 'ignore'],
          });
        try {
          const main = show('hermes_cli/config.py');
          if (DEFINES_DEFAULT_CONFIG.test(main)) return main;
          const hits = execFileSync(
            'git',
            [
              '--git-dir',
              git,
              'grep',
              '-l',
              '-E',
              '^DEFAULT_CONFIG\\s*(:[^=]*)?=',
              commit,
              '--',
              'hermes_cli/*.py',
            ],
            { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
          );
          const first = hits.split('\n').find(Boolean);
          return first ? show(first.slice(commit.length + 1)) : null;
        } catch {
          return null;
        }
      },
      checkoutVersion: () => null,
    };
  }
  return null;
}

export function readDefaultConfig(configPy: string, paths: readonly string[]): Record<string, unknown> {
  const out = execFileSync('python3', ['-I', '-c', EXTRACT_PY, JSON.stringify(paths)], {
    input: configPy,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(out) as Record<string, unknown>;
}
