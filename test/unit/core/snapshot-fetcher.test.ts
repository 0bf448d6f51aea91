import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../../common/contract/snapshot.js';
import { buildDemoSnapshot } from '../../../main/core/demo/demo-fleet.js';
import { SnapshotFetcher } from '../../../main/core/poll/snapshot-fetcher.js';
import { createLocalFs } from '../../../main/core/sources/local-fs.js';
import type { RemoteFs } from '../../../main/core/sources/remote-fs.js';

const T0 = Date.parse('2026-06-01T10:00:00Z');

/** A local fs that counts reads, so "unchanged → no read" is observable. */
function countingFs(): RemoteFs & { reads: string[] } {
  const inner = createLocalFs({ serverClock: () => T0 });
  const reads: string[] = [];
  return {
    ...inner,
    reads,
    read: (path, opts) => {
      reads.push(path);
      return inner.read(path, opts);
    },
  };
}

let root: string;
let dir: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hmc-fetch-'));
  dir = join(root, 'vijay');
  await mkdir(dir);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function writeSnapshot(text: string, mtimeMs: number): Promise<void> {
  const path = join(dir, 'snapshot.json');
  await writeFile(path, text);
  await utimes(path, mtimeMs / 1000, mtimeMs / 1000);
}
const validText = (atMs: number) => JSON.stringify(buildDemoSnapshot('vijay', atMs));
const clock = () => T0;

describe('snapshot fetcher over a local folder', () => {
  it('reads a new snapshot, then does not read again while the file is unchanged', async () => {
    const fs = countingFs();
    const fetcher = new SnapshotFetcher({ snapshotRoot: root, instanceId: 'vijay', history: false });
    await writeSnapshot(validText(T0 - 5000), T0 - 4000);

    const first = await fetcher.poll(fs, clock);
    expect(first.view.lastGood?.snapshot.instance.id).toBe('vijay');
    expect(first.view.changed).toBe(true);
    expect(fs.reads).toHaveLength(1);

    const second = await fetcher.poll(fs, clock);
    expect(second.view.changed).toBe(false);
    expect(second.bytesRead).toBe(0);
    expect(fs.reads).toHaveLength(1);
    expect(second.view.lastGood?.snapshot.generatedAt).toBe(new Date(T0 - 5000).toISOString());
  });

  it('reads again when the exporter writes a new snapshot, and records the write as VM-clock evidence', async () => {
    const fs = countingFs();
    const fetcher = new SnapshotFetcher({ snapshotRoot: root, instanceId: 'vijay', history: false });
    await writeSnapshot(validText(T0 - 65_000), T0 - 64_000);
    await fetcher.poll(fs, clock);
    await writeSnapshot(validText(T0 - 5000), T0 - 4000);
    const result = await fetcher.poll(fs, clock);
    expect(fs.reads).toHaveLength(2);
    expect(result.view.lastGood?.snapshot.generatedAt).toBe(new Date(T0 - 5000).toISOString());
    expect(result.clock).toEqual([expect.objectContaining({ kind: 'transition', newMtimeMs: T0 - 4000 })]);
  });

  it('keeps the last good snapshot when a corrupt one arrives, and does not re-read the corrupt file', async () => {
    const fs = countingFs();
    const fetcher = new SnapshotFetcher({ snapshotRoot: root, instanceId: 'vijay', history: false });
    await writeSnapshot(validText(T0 - 65_000), T0 - 64_000);
    await fetcher.poll(fs, clock);
    await writeSnapshot('{"schemaVersion": 1, "generatedAt": ', T0 - 4000);

    const bad = await fetcher.poll(fs, clock);
    expect(bad.view.problem?.code).toBe('SNAPSHOT_INVALID');
    expect(bad.view.lastGood?.snapshot.generatedAt).toBe(new Date(T0 - 65_000).toISOString());
    const again = await fetcher.poll(fs, clock);
    expect(again.view.problem?.code).toBe('SNAPSHOT_INVALID');
    expect(fs.reads).toHaveLength(2);
  });

  it('reports a truncated snapshot as invalid', async () => {
    const fetcher = new SnapshotFetcher({ snapshotRoot: root, instanceId: 'vijay', history: false });
    const text = validText(T0);
    await writeSnapshot(text.slice(0, Math.floor(text.length / 2)), T0);
    const result = await fetcher.poll(countingFs(), clock);
    expect(result.view.problem?.code).toBe('SNAPSHOT_INVALID');
    expect(result.view.lastGood).toBeNull();
  });

  it('refuses an oversized snapshot without reading it', async () => {
    const fs = countingFs();
    const fetcher = new SnapshotFetcher({
      snapshotRoot: root,
      instanceId: 'vijay',
      history: false,
      maxSnapshotBytes: 1024,
    });
    await writeSnapshot(validText(T0), T0);
    const result = await fetcher.poll(fs, clock);
    expect(result.view.problem?.code).toBe('SNAPSHOT_TOO_LARGE');
    expect(result.view.problem?.message).toMatch(/1024-byte cap/);
    expect(fs.reads).toHaveLength(0);
  });

  it('reports a snapshot from a newer exporter schema as incompatible, with both versions', async () => {
    const fetcher = new SnapshotFetcher({ snapshotRoot: root, instanceId: 'vijay', history: false });
    await writeSnapshot(
      JSON.stringify({ ...buildDemoSnapshot('vijay', T0), schemaVersion: SCHEMA_VERSION + 1 }),
      T0,
    );
    const result = await fetcher.poll(countingFs(), clock);
    expect(result.view.problem).toMatchObject({
      code: 'SNAPSHOT_INCOMPATIBLE',
      schemaVersions: { found: SCHEMA_VERSION + 1, supported: SCHEMA_VERSION },
    });
  });

  it('reports a missing snapshot with a hint about the exporter', async () => {
    const fetcher = new SnapshotFetcher({ snapshotRoot: root, instanceId: 'vijay', history: false });
    const missing = await fetcher.poll(countingFs(), clock);
    expect(missing.view.problem?.code).toBe('SNAPSHOT_MISSING');
    expect(missing.view.problem?.message).toMatch(/exporter/);
    expect(missing.transportError).toBeNull();
  });

  it('turns a dropped connection into a transport error and keeps what it had', async () => {
    const fetcher = new SnapshotFetcher({ snapshotRoot: root, instanceId: 'vijay', history: false });
    await writeSnapshot(validText(T0), T0);
    await fetcher.poll(countingFs(), clock);
    const { RemoteFsError } = await import('../../../main/core/sources/remote-fs.js');
    const dead: RemoteFs = {
      mtimeResolutionMs: 1000,
      stat: async () => {
        throw new RemoteFsError('DISCONNECTED', 'the SFTP channel closed');
      },
      read: async () => {
        throw new RemoteFsError('DISCONNECTED', 'the SFTP channel closed');
      },
    };
    const result = await fetcher.poll(dead, clock);
    expect(result.transportError?.code).toBe('UNREACHABLE');
    expect(result.view.lastGood?.snapshot.instance.id).toBe('vijay');
  });

  it('reads a snapshot replaced between its stat and its read to the end, instead of calling the cut copy invalid', async () => {
    // The exporter renames a new, longer snapshot.json into place just after our stat: the read (sized by
    // that stat) gets the new file's first bytes only.
    await writeSnapshot(validText(T0 - 65_000), T0 - 64_000);
    const inner = countingFs();
    const longer = JSON.stringify({ ...buildDemoSnapshot('vijay', T0 - 5000), padding: 'x'.repeat(500) });
    let replaced = false;
    const racing: RemoteFs = {
      ...inner,
      read: async (path, opts) => {
        if (!replaced && path.endsWith('snapshot.json')) {
          replaced = true;
          await writeSnapshot(longer, T0 - 4000);
        }
        return inner.read(path, opts);
      },
    };
    const fetcher = new SnapshotFetcher({ snapshotRoot: root, instanceId: 'vijay', history: false });
    const result = await fetcher.poll(racing, clock);
    expect(result.view.problem).toBeNull();
    expect(result.view.lastGood?.snapshot.generatedAt).toBe(new Date(T0 - 5000).toISOString());
    expect(inner.reads).toHaveLength(2);
  });
});
