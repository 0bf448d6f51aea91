/**
 * One chokepoint per output path: in main/cli only term-output.ts writes to a stream (and the entry
 * point flushes). A command that wrote `io.stdout.write(vmString)` or `console.log` would bypass the
 * inert-text rendering, so this fails on any such line.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = join(process.cwd(), 'main/cli');
const ALLOWED = new Set(['format/term-output.ts', 'hermes-mc.ts']);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('hermes-mc output', () => {
  it('reaches a stream only through main/cli/format/term-output.ts', () => {
    const offenders: string[] = [];
    for (const file of files(CLI)) {
      const rel = relative(CLI, file);
      if (ALLOWED.has(rel)) continue;
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (/\.write\(|console\.(log|error|warn|info)|process\.(stdout|stderr)/.test(line))
            offenders.push(`${rel}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(offenders).toEqual([]);
  });
});
