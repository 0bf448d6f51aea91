/**
 * common/ is imported by the exporter bundle on the VM, the Electron main process and the renderer
 * (ADR 0007). This test fails when a file there imports anything but common/ itself or an allowlisted,
 * runtime-neutral package — the same boundary ESLint enforces, checked here so that a lint
 * configuration change cannot quietly drop it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const COMMON = join(ROOT, 'common');
/** Packages that run unchanged in Node and in a browser, and that the exporter bundle may inline. */
const ALLOWED_PACKAGES = new Set(['zod', 'croner', 'cronstrue']);
const FORBIDDEN_GLOBALS = /\b(process|Buffer|require|__dirname|__filename|window|document)\s*[.([]/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Every module specifier a file imports or re-exports, statically or dynamically. */
function importSpecifiers(text: string): string[] {
  const specs: string[] = [];
  const patterns = [
    /\bfrom\s+['"]([^'"]+)['"]/g,
    /\bimport\s+['"]([^'"]+)['"]/g,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of text.matchAll(re)) specs.push(m[1]!);
  return specs;
}

function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"])\/\/.*$/gm, '$1');
}

describe('common/ stays runtime-neutral', () => {
  const files = sourceFiles(COMMON);

  it('holds the shared contract, model, rules, notification policy and runbook', () => {
    const names = files.map((f) => relative(COMMON, f));
    for (const expected of [
      'contract/snapshot.ts',
      'model/warning.ts',
      'alerts/evaluate-rules.ts',
      'notify/notification-policy.ts',
      'runbook/runbook-commands.ts',
    ]) {
      expect(names).toContain(expected);
    }
  });

  it('imports only common/ itself and allowlisted runtime-neutral packages', () => {
    const offenders: string[] = [];
    for (const file of files) {
      for (const spec of importSpecifiers(readFileSync(file, 'utf8'))) {
        if (spec.startsWith('.')) {
          const target = resolve(dirname(file), spec);
          if (relative(COMMON, target).startsWith('..')) offenders.push(`${relative(ROOT, file)} → ${spec}`);
        } else if (!ALLOWED_PACKAGES.has(spec.split('/')[0]!)) {
          offenders.push(`${relative(ROOT, file)} → ${spec}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('uses no Node or browser globals', () => {
    const offenders = files.filter((f) => FORBIDDEN_GLOBALS.test(withoutComments(readFileSync(f, 'utf8'))));
    expect(offenders.map((f) => relative(ROOT, f))).toEqual([]);
  });

  it('catches the imports it is meant to catch', () => {
    expect(
      importSpecifiers("import { readFile } from 'node:fs';\nconst x = await import('electron');"),
    ).toEqual(['node:fs', 'electron']);
  });
});
