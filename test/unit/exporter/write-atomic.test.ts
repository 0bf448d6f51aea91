import {
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendAtomicLine, writeFileAtomic } from '../../../exporter/src/write-atomic.js';

let dir: string;
let outside: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hmc-wa-'));
  outside = mkdtempSync(join(tmpdir(), 'hmc-wa-outside-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('replaces the file completely and leaves no temp file behind', async () => {
    writeFileSync(join(dir, 'snapshot.json'), 'old content that is longer than the new one');
    await writeFileAtomic(dir, 'snapshot.json', '{"new":true}\n');
    expect(readFileSync(join(dir, 'snapshot.json'), 'utf8')).toBe('{"new":true}\n');
    expect(readdirSync(dir)).toEqual(['snapshot.json']);
  });

  it('makes the file world-readable (0644) even under a strict umask, so the SFTP reader can read it', async () => {
    const old = process.umask(0o077);
    try {
      await writeFileAtomic(dir, 'snapshot.json', '{}');
    } finally {
      process.umask(old);
    }
    expect(statSync(join(dir, 'snapshot.json')).mode & 0o777).toBe(0o644);
  });

  it('replaces a planted symlink instead of writing through it to a file outside the folder', async () => {
    const victim = join(outside, 'victim.txt');
    writeFileSync(victim, 'precious');
    symlinkSync(victim, join(dir, 'snapshot.json'));
    await writeFileAtomic(dir, 'snapshot.json', '{}');
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(lstatSync(join(dir, 'snapshot.json')).isSymbolicLink()).toBe(false);
  });

  it('refuses names that would leave the folder', async () => {
    await expect(writeFileAtomic(dir, '../escape.json', '{}')).rejects.toThrow(/not a plain file name/);
    await expect(writeFileAtomic(dir, '..', '{}')).rejects.toThrow(/not a plain file name/);
    expect(readdirSync(outside)).toEqual([]);
  });

  it('reports a missing folder as an error naming the path and leaves nothing behind', async () => {
    await expect(writeFileAtomic(join(dir, 'nope'), 'snapshot.json', '{}')).rejects.toThrow(
      /could not write .*nope/,
    );
  });
});

describe('appendAtomicLine', () => {
  it('appends whole lines and creates the file 0644', async () => {
    await appendAtomicLine(dir, 'history.jsonl', '{"t":1}');
    await appendAtomicLine(dir, 'history.jsonl', '{"t":2}');
    expect(readFileSync(join(dir, 'history.jsonl'), 'utf8')).toBe('{"t":1}\n{"t":2}\n');
    expect(statSync(join(dir, 'history.jsonl')).mode & 0o777).toBe(0o644);
  });

  it('isolates a torn last line (crash mid-append) so the next sample stays parseable', async () => {
    writeFileSync(join(dir, 'history.jsonl'), '{"t":1}\n{"t":2,"v":{"ga');
    await appendAtomicLine(dir, 'history.jsonl', '{"t":3}');
    const lines = readFileSync(join(dir, 'history.jsonl'), 'utf8').trimEnd().split('\n');
    expect(lines.at(-1)).toBe('{"t":3}');
    expect(JSON.parse(lines.at(-1)!)).toEqual({ t: 3 });
  });

  it('refuses to append through a symlink', async () => {
    const victim = join(outside, 'victim.jsonl');
    writeFileSync(victim, 'precious');
    symlinkSync(victim, join(dir, 'history.jsonl'));
    await expect(appendAtomicLine(dir, 'history.jsonl', '{}')).rejects.toThrow(/could not append/);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
  });
});
