// Each benchmark owns one "## <Name>" section of docs/benchmarks.md and rewrites only that section,
// leaving the others (and their order) as they are; a missing section is appended.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FILE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'benchmarks.md');
const HEADER =
  '# Benchmarks\n\nProduced by `npm run bench`; each section is rewritten by its own benchmark.\n';

/** Replaces (or appends) the section that starts with `## ${name}`; `section` includes that heading. */
export function writeBenchSection(name, section) {
  let text = existsSync(FILE) ? readFileSync(FILE, 'utf8') : HEADER;
  const start = text.search(new RegExp(`^## ${name}\\s*$`, 'm'));
  if (start === -1) {
    text = `${text.trimEnd()}\n\n${section}`;
  } else {
    const rest = text.slice(start + 1);
    const next = rest.search(/^## /m);
    text = text.slice(0, start) + section + (next === -1 ? '' : `\n${rest.slice(next)}`);
  }
  writeFileSync(FILE, text.endsWith('\n') ? text : `${text}\n`);
  console.log(`updated ${FILE} (## ${name})`);
}
