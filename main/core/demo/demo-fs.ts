/**
 * The demo fleet as a RemoteFs: in-memory `snapshot.json` and history files laid out exactly as the exporter
 * lays them out on a VM, so the demo runs through the same fetchers and status model as a real host
 * (nothing demo-specific downstream except the label and `source: 'demo'`).
 *
 * The "exporter" writes every minute: the snapshot is regenerated per tick, the raw history grows by one
 * line per tick (append-only, as the real one), and once a day the files are "compacted" (new generation).
 */
import { posix } from 'node:path';
import { RemoteFsError, type ReadOptions, type RemoteFs, type RemoteStat } from '../sources/remote-fs.js';
import {
  buildDemoSnapshot,
  DEMO_INSTANCES,
  DEMO_INTERVAL_SECONDS,
  DEMO_SNAPSHOT_ROOT,
  type DemoInstanceId,
} from './demo-fleet.js';
import { demoValuesAt, generateDemoHistory } from './demo-history.js';

const TICK_MS = DEMO_INTERVAL_SECONDS * 1000;
const REGENERATE_AFTER_MS = 24 * 3600 * 1000;

interface DemoFiles {
  anchorMs: number;
  rawBase: string;
  rollup: Buffer;
  /** Raw lines appended after the anchor, up to `appendedUntilMs`. */
  rawAppended: string;
  appendedUntilMs: number;
}

export interface DemoFsOptions {
  /** The demo VM's clock (inject a fixed one in tests). */
  clock?: () => number;
  /** Where the demo files appear (default `/var/lib/hermes-exporter`). */
  snapshotRoot?: string;
}

/** Create the in-memory demo host. */
export function createDemoFs(options: DemoFsOptions = {}): RemoteFs {
  const clock = options.clock ?? Date.now;
  const root = options.snapshotRoot ?? DEMO_SNAPSHOT_ROOT;
  const files = new Map<DemoInstanceId, DemoFiles>();
  const snapshotCache = new Map<DemoInstanceId, { tick: number; buf: Buffer }>();

  const tickOf = (ms: number) => Math.floor(ms / TICK_MS) * TICK_MS;

  const historyFor = (id: DemoInstanceId, now: number): DemoFiles => {
    let f = files.get(id);
    if (!f || now - f.anchorMs > REGENERATE_AFTER_MS || now < f.anchorMs) {
      const anchorMs = tickOf(now);
      const h = generateDemoHistory(id, anchorMs);
      f = {
        anchorMs,
        rawBase: h.raw.map((s) => JSON.stringify(s)).join('\n') + '\n',
        rollup: Buffer.from(h.rollup.map((s) => JSON.stringify(s)).join('\n') + '\n'),
        rawAppended: '',
        appendedUntilMs: anchorMs,
      };
      files.set(id, f);
    }
    for (let t = f.appendedUntilMs + TICK_MS; t <= tickOf(now); t += TICK_MS) {
      f.rawAppended += JSON.stringify({ t: t / 1000, v: demoValuesAt(id, t / 1000, t / 1000) }) + '\n';
      f.appendedUntilMs = t;
    }
    return f;
  };

  const resolve = (path: string): { buf: Buffer; mtimeMs: number } | null => {
    const rel = posix.relative(root, posix.normalize(path));
    const [id, name, extra] = rel.split('/');
    if (extra !== undefined || !DEMO_INSTANCES.some((i) => i.id === id)) return null;
    const instanceId = id as DemoInstanceId;
    const now = clock();
    const tick = tickOf(now);
    const f = historyFor(instanceId, now);
    if (name === 'snapshot.json') {
      let cached = snapshotCache.get(instanceId);
      if (!cached || cached.tick !== tick) {
        const snapshot = buildDemoSnapshot(instanceId, tick - 1200);
        snapshot.history = {
          generation: `demo-${f.anchorMs / 1000}`,
          rawFile: 'history.jsonl',
          rollupFile: 'history-rollup.jsonl',
        };
        cached = { tick, buf: Buffer.from(JSON.stringify(snapshot, null, 1)) };
        snapshotCache.set(instanceId, cached);
      }
      return { buf: cached.buf, mtimeMs: tick };
    }
    if (name === 'history.jsonl')
      return {
        buf: Buffer.from(f.rawBase + f.rawAppended),
        mtimeMs: Math.max(f.anchorMs, f.appendedUntilMs),
      };
    if (name === 'history-rollup.jsonl') return { buf: f.rollup, mtimeMs: f.anchorMs };
    return null;
  };

  return {
    mtimeResolutionMs: 1,
    async stat(path: string): Promise<RemoteStat | null> {
      const file = resolve(path);
      return file ? { size: file.buf.length, mtimeMs: file.mtimeMs } : null;
    },
    async read(path: string, opts: ReadOptions): Promise<Buffer> {
      const file = resolve(path);
      if (!file) throw new RemoteFsError('NOT_FOUND', `${path}: no such file`);
      const offset = opts.offset ?? 0;
      const length = opts.length ?? file.buf.length - offset;
      if (length > opts.maxBytes)
        throw new RemoteFsError('TOO_LARGE', `${path}: ${length} bytes exceeds the cap`);
      return Buffer.from(file.buf.subarray(offset, offset + length));
    },
    async serverNowMs() {
      return clock();
    },
  };
}
