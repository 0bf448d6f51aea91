/**
 * Every `hermes cron …` command docs/operations.md tells a person to type parses with Hermes's real
 * argparse: the subcommand exists, each flag is one the parser declares for it, value flags get a value,
 * positionals fit, and `--deliver` is one of its documented targets. The parser's surface is the
 * checked-in transcription in test/fixtures/hermes-cron-parser.ts (source file and commit cited there);
 * when a Hermes source is at hand (HERMES_SOURCE_GIT / HERMES_SOURCE_DIR, as for the config-defaults
 * test), the transcription itself is checked against `build_cron_parser` with python3's `ast`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  DELIVER_TARGET,
  HERMES_CRON_PARSER,
  HERMES_CRON_PARSER_SOURCE,
  type CronSubcommand,
} from '../../fixtures/hermes-cron-parser.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const OPERATIONS = readFileSync(join(repoRoot, 'docs/operations.md'), 'utf8');
const SHIPPED_SCRIPT = 'docs/examples/mission-control-alerts.sh';

/** POSIX shell words: single quotes literal, double quotes with `\` escapes, backslash outside quotes. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated ' in: ${line}`);
      word = (word ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      let text = '';
      for (; j < line.length && line[j] !== '"'; j++) text += line[j] === '\\' ? line[++j] : line[j];
      if (j >= line.length) throw new Error(`unterminated " in: ${line}`);
      word = (word ?? '') + text;
      i = j;
    } else if (c === '\\') {
      word = (word ?? '') + (line[++i] ?? '');
    } else if (c === ' ' || c === '\t') {
      if (word !== null) words.push(word);
      word = null;
    } else if (c === '#' && word === null) {
      break; // a comment
    } else if (c === ';' || c === '|' || c === '&') {
      break; // only the first command of a line is the hermes one in this doc
    } else {
      word = (word ?? '') + c;
    }
  }
  if (word !== null) words.push(word);
  return words;
}

interface DocCommand {
  where: string;
  text: string;
  /** The words after `hermes cron`. */
  args: string[];
}

/** `hermes cron …` in ```sh blocks (whole lines, after any `sudo …`/`VAR=…` prefix) and in `code spans`. */
function documentedCronCommands(md: string): DocCommand[] {
  const found: DocCommand[] = [];
  const take = (where: string, text: string) => {
    const words = shellWords(text.replace(/<[^>]+>/g, (m) => `'${m}'`));
    const at = words.findIndex((w, i) => w === 'hermes' && words[i + 1] === 'cron');
    if (at >= 0) found.push({ where, text, args: words.slice(at + 2) });
  };
  let inSh = false;
  md.split('\n').forEach((line, n) => {
    if (/^\s*```/.test(line)) {
      inSh = !inSh && /^\s*```(sh|bash)\b/.test(line);
      return;
    }
    if (inSh) {
      if (/\bhermes cron\b/.test(line)) take(`docs/operations.md:${n + 1}`, line.trim());
      return;
    }
    for (const m of line.matchAll(/`(hermes cron [^`]+)`/g)) take(`docs/operations.md:${n + 1}`, m[1]!);
  });
  return found;
}

function subcommand(name: string): [string, CronSubcommand] | undefined {
  return Object.entries(HERMES_CRON_PARSER).find(([n, s]) => n === name || s.aliases.includes(name));
}

/** Why argparse would refuse `args`, or null when it parses. */
function argparseProblem(args: string[]): string | null {
  const [name, ...rest] = args;
  if (!name) return 'no subcommand';
  const found = subcommand(name);
  if (!found) return `unknown subcommand "${name}"`;
  const [, spec] = found;
  const positionals: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const w = rest[i]!;
    if (!w.startsWith('--')) {
      positionals.push(w);
      continue;
    }
    const [flag, inline] = w.split(/=(.*)/s, 2) as [string, string | undefined];
    const kind = spec.flags[flag] ?? (flag === '--accept-hooks' ? 'switch' : undefined);
    if (!kind) return `"${name}" has no flag ${flag}`;
    if (kind === 'switch' && inline !== undefined) return `${flag} takes no value`;
    if (kind === 'value' && inline === undefined) {
      const value = rest[i + 1];
      if (value === undefined || value.startsWith('--')) return `${flag} needs a value`;
      i++;
      if (flag === '--deliver' && !DELIVER_TARGET.test(value)) return `--deliver ${value}: not a target`;
      if (flag === '--repeat' && !/^\d+$/.test(value)) return `--repeat ${value}: not an int`;
    }
  }
  const required = spec.positionals.filter((p) => !p.endsWith('?')).length;
  if (positionals.length < required) return `"${name}" needs ${spec.positionals.join(' ')}`;
  if (positionals.length > spec.positionals.length)
    return `"${name}": unrecognized arguments: ${positionals.slice(spec.positionals.length).join(' ')}`;
  return null;
}

const commands = documentedCronCommands(OPERATIONS);

describe('docs/operations.md: the hermes cron commands it tells a person to run', () => {
  it('finds the alerts set-up for both instances and the watchdog commands', () => {
    const creates = commands.filter((c) => c.args[0] === 'create');
    expect(creates).toHaveLength(2);
    expect(commands.some((c) => c.args[0] === 'pause')).toBe(true);
    expect(commands.some((c) => c.args[0] === 'edit' && c.args.includes('--deliver'))).toBe(true);
  });

  it.each(commands.map((c) => [c.where, c] as const))('%s parses with Hermes’s argparse', (_, c) => {
    expect(argparseProblem(c.args), c.text).toBeNull();
  });

  it('creates a no_agent job that runs the shipped script by its name in the scripts folder', () => {
    for (const c of commands.filter((x) => x.args[0] === 'create')) {
      expect(c.args, c.text).toContain('--no-agent');
      const script = c.args[c.args.indexOf('--script') + 1];
      // Hermes resolves a relative --script under HERMES_HOME/scripts/; the doc installs it there.
      expect(script, c.text).toBe(basename(SHIPPED_SCRIPT));
      expect(c.args[c.args.indexOf('--deliver') + 1], c.text).toBe('telegram');
      // Five cron fields as one positional (quoted), the schedule Hermes parses as cron.
      expect(c.args[1]!.split(' '), c.text).toHaveLength(5);
    }
  });

  it('the checker itself refuses what argparse refuses', () => {
    expect(argparseProblem(['create', '*/5 * * * *', '--no-agents'])).toMatch(/no flag --no-agents/);
    expect(argparseProblem(['create', '*/5 * * * *', '--script'])).toMatch(/needs a value/);
    expect(argparseProblem(['create'])).toMatch(/needs schedule/);
    expect(argparseProblem(['pause'])).toMatch(/needs job_id/);
    expect(argparseProblem(['create', '5m', '--deliver', 'telegram chat'])).toMatch(/not a target/);
    expect(argparseProblem(['pause', 'a', 'b'])).toMatch(/unrecognized arguments: b/);
    expect(argparseProblem(['create', '5m', 'prompt', '--no-agent', '--script', 'x.sh'])).toBeNull();
    expect(argparseProblem(['add', '5m', '--timeout', '3'])).toMatch(/no flag --timeout/);
  });
});

/** The subcommands' flags as `build_cron_parser` declares them, read with python3's ast. */
const EXTRACT_PY = String.raw`
import ast, json, sys
tree = ast.parse(sys.stdin.read())
names, out = {}, {}
for n in ast.walk(tree):
    if isinstance(n, ast.Assign) and isinstance(n.value, ast.Call) and getattr(n.value.func, 'attr', '') == 'add_parser':
        names[n.targets[0].id] = n.value.args[0].value
for n in ast.walk(tree):
    if not isinstance(n, ast.Call):
        continue
    if getattr(n.func, 'attr', '') == 'add_argument' and isinstance(n.func.value, ast.Name) and n.func.value.id in names:
        opts = [a.value for a in n.args if isinstance(a, ast.Constant) and str(a.value).startswith('-')]
        out.setdefault(names[n.func.value.id], []).extend(opts)
    if getattr(n.func, 'id', '') == 'add_accept_hooks_flag' and isinstance(n.args[0], ast.Name) and n.args[0].id in names:
        out.setdefault(names[n.args[0].id], []).append('--accept-hooks')
print(json.dumps({k: sorted(set(v)) for k, v in out.items()}))
`;

function hermesCronParserSource(): string | null {
  const dir = process.env.HERMES_SOURCE_DIR;
  if (dir && existsSync(join(dir, HERMES_CRON_PARSER_SOURCE.path)))
    return readFileSync(join(dir, HERMES_CRON_PARSER_SOURCE.path), 'utf8');
  const git = process.env.HERMES_SOURCE_GIT;
  if (!git || !existsSync(git)) return null;
  try {
    return execFileSync(
      'git',
      ['--git-dir', git, 'show', `${HERMES_CRON_PARSER_SOURCE.commit}:${HERMES_CRON_PARSER_SOURCE.path}`],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    );
  } catch {
    return null;
  }
}

const source = hermesCronParserSource();

describe.skipIf(source === null)(
  source === null
    ? 'the checked-in parser list, against the Hermes source (skipped: no Hermes source; set HERMES_SOURCE_DIR or HERMES_SOURCE_GIT)'
    : 'the checked-in parser list, against the Hermes source',
  () => {
    it(`matches build_cron_parser at ${HERMES_CRON_PARSER_SOURCE.commit.slice(0, 12)}`, () => {
      const real = JSON.parse(
        execFileSync('python3', ['-I', '-c', EXTRACT_PY], { input: source!, encoding: 'utf8' }),
      ) as Record<string, string[]>;
      const ours = Object.fromEntries(
        Object.entries(HERMES_CRON_PARSER)
          .map(([n, s]) => [n, Object.keys(s.flags).sort()] as const)
          .filter(([, f]) => f.length > 0),
      );
      const { cron: topLevel, ...subs } = real;
      expect(topLevel).toEqual(['--accept-hooks']);
      expect(Object.fromEntries(Object.entries(subs).filter(([, f]) => f.length > 0))).toEqual(ours);
    });
  },
);
