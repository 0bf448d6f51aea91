/**
 * Secret-pattern scan of the files tracked at one backup commit: ONE `git grep -o` over the commit's
 * tree (committed content, not the working copy; binaries skipped). Each match is re-checked in memory
 * to name its pattern and is then dropped: only `{ file, pattern }` ever leaves this module.
 */

export interface SecretPattern {
  name: string;
  /** POSIX ERE for git grep (a superset; `confirm` decides). Bounded so `-o` output stays small. */
  ere: string;
  /** In-memory confirmation on the matched text. */
  confirm: (match: string) => boolean;
}

/** Case-insensitive ERE for a literal word (git grep -i would apply to every pattern). */
function ci(word: string): string {
  return [...word].map((c) => (/[a-z]/i.test(c) ? `[${c.toUpperCase()}${c.toLowerCase()}]` : c)).join('');
}

const PLACEHOLDER =
  /^(\$|<|\{\{|%|\*{3,}|x{4,}|\.\.\.|your[_-]|change[_-]?me|example|placeholder|redacted|dummy|none$|null$|true$|false$)/i;

export const SECRET_PATTERNS: SecretPattern[] = [
  {
    name: 'private-key-block',
    ere: '-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY( BLOCK)?-----',
    confirm: (m) => /-----BEGIN [A-Z0-9 ]*PRIVATE KEY/.test(m),
  },
  {
    name: 'openai-style-key',
    ere: 'sk-[A-Za-z0-9_-]{20,200}',
    confirm: (m) => /sk-[A-Za-z0-9_-]{20,}/.test(m),
  },
  {
    name: 'github-token',
    ere: 'gh[pousr]_[A-Za-z0-9]{36}',
    confirm: (m) => /gh[pousr]_[A-Za-z0-9]{36}/.test(m),
  },
  {
    name: 'github-fine-grained-pat',
    ere: 'github_pat_[A-Za-z0-9_]{22,200}',
    confirm: (m) => /github_pat_[A-Za-z0-9_]{22,}/.test(m),
  },
  {
    name: 'slack-token',
    ere: 'xox[bp]-[A-Za-z0-9-]{10,200}',
    confirm: (m) => /xox[bp]-[A-Za-z0-9-]{10,}/.test(m),
  },
  {
    name: 'telegram-bot-token',
    ere: '[0-9]{6,12}:[A-Za-z0-9_-]{35}',
    confirm: (m) => /\d{6,12}:[A-Za-z0-9_-]{35}/.test(m),
  },
  { name: 'aws-access-key-id', ere: 'AKIA[0-9A-Z]{16}', confirm: (m) => /AKIA[0-9A-Z]{16}/.test(m) },
  {
    name: 'secret-assignment',
    ere: `[A-Za-z0-9_]{0,60}(${['API_KEY', 'TOKEN', 'SECRET', 'PASSWORD'].map(ci).join('|')})[A-Za-z0-9_]{0,60}=["']?[^[:space:]"']{1,200}`,
    confirm: (m) => {
      const eq = /(API_KEY|TOKEN|SECRET|PASSWORD)[A-Za-z0-9_]*=/i.exec(m);
      if (!eq) return false;
      const value = m.slice(eq.index + eq[0].length).replace(/^["']/, '');
      return value.length >= 4 && !value.startsWith('=') && !PLACEHOLDER.test(value);
    },
  },
];

const MAX_HITS = 200;

/** Arguments for the one `git grep` (after the common git options). */
export function secretScanArgs(commit: string): string[] {
  return [
    '-c',
    'grep.lineNumber=false',
    '-c',
    'grep.column=false',
    '-c',
    'grep.fullName=false',
    '-c',
    'color.grep=never',
    'grep',
    '-I',
    '-o',
    '-z',
    '-E',
    ...SECRET_PATTERNS.flatMap((p) => ['-e', p.ere]),
    commit,
    '--',
  ];
}

/**
 * Turns `git grep -o -z` output (`<commit>:<path>\0<match>\n` per match) into deduplicated file +
 * pattern-name hits. The matched text is never returned.
 */
export function parseSecretScan(output: string, commit: string): { file: string; pattern: string }[] {
  const hits: { file: string; pattern: string }[] = [];
  const seen = new Set<string>();
  const prefix = `${commit}:`;
  for (const line of output.split('\n')) {
    const nul = line.indexOf('\0');
    if (nul < 0) continue;
    const name = line.slice(0, nul);
    const file = name.startsWith(prefix) ? name.slice(prefix.length) : name;
    const match = line.slice(nul + 1);
    for (const pattern of SECRET_PATTERNS) {
      if (!pattern.confirm(match)) continue;
      const key = `${file}\0${pattern.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      hits.push({ file, pattern: pattern.name });
      if (hits.length >= MAX_HITS) return hits;
    }
  }
  return hits;
}
