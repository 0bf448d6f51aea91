/**
 * The laptop's copy of each instance's history, so charts work offline and across app restarts.
 *
 * Layout: `<dataDir>/<instanceId>/<source>-<tier>.jsonl`, source `exporter` (what the history fetch
 * brings) or `app` (the app's own series: poll RTT, connection up, warning counts), tier raw / 10m / 1h
 * (tiers.ts). Files are append-only JSONL; compaction ages raw → 10m → 1h, drops what is past retention,
 * enforces the total size bound by dropping the oldest records, and rewrites each file atomically.
 * Samples are deduped by timestamp (a reconnect can fetch the same lines twice); for a bucket seen
 * twice the one covering more samples wins.
 */
import { appendFile, mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  rawSampleSchema,
  rollupSampleSchema,
  type RawSample,
  type RollupSample,
} from '../../../common/contract/history.js';
import type {
  AppSeries,
  HistoryPoint,
  HistoryQueryResult,
  HistoryRange,
} from '../../../preload/ipc-contract.js';
import { writeFileAtomic } from '../config/atomic-write.js';
import { AnswerCache } from './answer-cache.js';
import { downsampleSeries } from './downsample.js';
import { pointsSince, TierIndex } from './tier-index.js';
import {
  isRollup,
  RANGE_SECONDS,
  rollUp,
  tierForSpan,
  TIERS,
  type RawRecord,
  type RollupRecord,
  type TierName,
} from './tiers.js';

export const APP_SERIES: readonly AppSeries[] = [
  'pollRttMs',
  'connectionUp',
  'warningsWarning',
  'warningsCritical',
];
type Source = 'exporter' | 'app';
type AnyRecord = RawRecord | RollupRecord;
const TIER_ORDER: TierName[] = ['raw', '10m', '1h'];
const INSTANCE_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export interface LocalHistoryStoreOptions {
  dataDir: string;
  /** Total bytes on disk across all instances (default 50 MB). */
  maxBytes?: number;
  /** Compact after this many bytes were appended (default 512 KB). */
  compactEveryBytes?: number;
  /** Clock (laptop), used for retention and query ranges. */
  now?: () => Date;
}

export interface IngestResult {
  added: number;
  duplicates: number;
  /** Samples that failed the contract or had a span we do not keep. */
  rejected: number;
}

/** The local history store. Create with {@link openLocalHistoryStore}. */
export interface LocalHistoryStore {
  ingest(instanceId: string, batch: { raw?: RawSample[]; rollups?: RollupSample[] }): Promise<IngestResult>;
  recordAppSample(
    instanceId: string,
    t: number | Date,
    values: Partial<Record<AppSeries, number | null>>,
  ): Promise<void>;
  query(instanceId: string, series: string[], range: HistoryRange, maxPoints: number): HistoryQueryResult;
  compact(): Promise<void>;
  /** Bytes currently on disk (all files). */
  totalBytes(): number;
  /** Waits for pending writes. */
  flush(): Promise<void>;
}

interface FileState {
  path: string;
  records: Map<number, AnyRecord>;
  bytes: number;
  /** Sorted view for queries; null after any change to `records` (rebuilt on the next query). */
  index: TierIndex | null;
}

const lineOf = (r: AnyRecord): string => `${JSON.stringify(r)}\n`;

function better(existing: AnyRecord | undefined, incoming: AnyRecord): boolean {
  if (!existing) return true;
  return isRollup(existing) && isRollup(incoming) && incoming.n > existing.n;
}

/** Opens (and creates) the store in `dataDir`, loading every instance's files. */
export async function openLocalHistoryStore(options: LocalHistoryStoreOptions): Promise<LocalHistoryStore> {
  const { dataDir } = options;
  const maxBytes = options.maxBytes ?? 50 * 1024 * 1024;
  const compactEvery = options.compactEveryBytes ?? 512 * 1024;
  const now = options.now ?? (() => new Date());
  const files = new Map<string, FileState>();
  let appendedSinceCompaction = 0;
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = chain.then(fn, fn);
    chain = next.catch(() => undefined);
    return next;
  };

  const key = (id: string, source: Source, tier: TierName): string => `${id}/${source}-${tier}`;
  const fileFor = (id: string, source: Source, tier: TierName): FileState => {
    const k = key(id, source, tier);
    let f = files.get(k);
    if (!f)
      files.set(
        k,
        (f = {
          path: join(dataDir, id, `${source}-${tier}.jsonl`),
          records: new Map(),
          bytes: 0,
          index: null,
        }),
      );
    return f;
  };

  await mkdir(dataDir, { recursive: true });
  for (const id of await readdir(dataDir)) {
    if (!INSTANCE_ID.test(id)) continue;
    for (const source of ['exporter', 'app'] as const) {
      for (const tier of TIER_ORDER) {
        const f = fileFor(id, source, tier);
        const text = await readFile(f.path, 'utf8').catch(() => '');
        f.bytes = text.length > 0 ? (await stat(f.path)).size : 0;
        for (const line of text.split('\n')) {
          if (!line) continue;
          try {
            const r = JSON.parse(line) as AnyRecord;
            if (typeof r.t !== 'number') continue;
            if (better(f.records.get(r.t), r)) f.records.set(r.t, r);
          } catch {
            // A torn last line after a crash: skip it; the next compaction rewrites the file cleanly.
          }
        }
      }
    }
  }

  const totalBytes = (): number => [...files.values()].reduce((s, f) => s + f.bytes, 0);

  async function append(f: FileState, records: AnyRecord[]): Promise<void> {
    if (records.length === 0) return;
    const text = records.map(lineOf).join('');
    await mkdir(join(f.path, '..'), { recursive: true });
    await appendFile(f.path, text, 'utf8');
    const bytes = Buffer.byteLength(text);
    f.bytes += bytes;
    appendedSinceCompaction += bytes;
  }

  async function addRecords(f: FileState, records: AnyRecord[], result: IngestResult): Promise<void> {
    const fresh: AnyRecord[] = [];
    for (const r of records) {
      if (better(f.records.get(r.t), r)) {
        f.records.set(r.t, r);
        f.index = null;
        fresh.push(r);
        result.added++;
      } else result.duplicates++;
    }
    await append(f, fresh);
  }

  async function maybeCompact(): Promise<void> {
    if (appendedSinceCompaction >= compactEvery || totalBytes() > maxBytes) await compactNow();
  }

  async function compactNow(): Promise<void> {
    const nowS = now().getTime() / 1000;
    const ids = new Set([...files.keys()].map((k) => k.split('/')[0]!));
    for (const id of ids) {
      for (const source of ['exporter', 'app'] as const) {
        // Age raw → 10m → 1h, then drop what is past the coarsest tier's retention.
        for (let i = 0; i < TIER_ORDER.length; i++) {
          const tier = TIER_ORDER[i]!;
          const f = fileFor(id, source, tier);
          const cutoff = nowS - TIERS[tier].keepSeconds;
          const old = [...f.records.values()].filter((r) => r.t < cutoff);
          if (old.length === 0) continue;
          for (const r of old) f.records.delete(r.t);
          f.index = null;
          const nextTier = TIER_ORDER[i + 1];
          if (!nextTier) continue;
          const target = fileFor(id, source, nextTier);
          target.index = null;
          for (const b of rollUp(old, TIERS[nextTier].spanSeconds))
            if (better(target.records.get(b.t), b)) target.records.set(b.t, b);
        }
      }
    }
    enforceBound();
    for (const f of files.values()) {
      const sorted = [...f.records.values()].sort((a, b) => a.t - b.t);
      const text = sorted.map(lineOf).join('');
      if (text.length === 0 && f.bytes === 0) continue;
      await mkdir(join(f.path, '..'), { recursive: true });
      await writeFileAtomic(f.path, text);
      f.bytes = Buffer.byteLength(text);
    }
    appendedSinceCompaction = 0;
  }

  /** Drops the oldest records (globally oldest file first) until the serialised size fits `maxBytes`. */
  function enforceBound(): void {
    const sizeOf = (f: FileState): number =>
      [...f.records.values()].reduce((s, r) => s + Buffer.byteLength(lineOf(r)), 0);
    const sizes = new Map([...files.values()].map((f) => [f, sizeOf(f)]));
    let total = [...sizes.values()].reduce((a, b) => a + b, 0);
    while (total > maxBytes) {
      let oldest: FileState | null = null;
      let oldestT = Infinity;
      for (const f of files.values()) {
        for (const t of f.records.keys()) {
          if (t < oldestT) {
            oldestT = t;
            oldest = f;
          }
        }
      }
      if (!oldest) break;
      const ts = [...oldest.records.keys()].sort((a, b) => a - b);
      const drop = ts.slice(0, Math.max(1, Math.ceil(ts.length * 0.05)));
      oldest.index = null;
      for (const t of drop) {
        total -= Buffer.byteLength(lineOf(oldest.records.get(t)!));
        oldest.records.delete(t);
      }
    }
  }

  /** The source's tier indexes, finest first, each (re)built when its file changed since the last query. */
  function tierIndexes(id: string, source: Source): (TierIndex | null)[] {
    return TIER_ORDER.map((tier) => {
      const f = files.get(key(id, source, tier));
      if (f) f.index ??= new TierIndex(f.records.values());
      return f?.index ?? null;
    });
  }
  const answers = new AnswerCache();

  const badId = (id: string): Promise<never> | null =>
    INSTANCE_ID.test(id) ? null : Promise.reject(new Error(`history: invalid instance id "${id}"`));

  return {
    ingest(instanceId, batch) {
      const bad = badId(instanceId);
      if (bad) return bad;
      return serial(async () => {
        const result: IngestResult = { added: 0, duplicates: 0, rejected: 0 };
        const raw: RawRecord[] = [];
        for (const s of batch.raw ?? []) {
          if (rawSampleSchema.safeParse(s).success) raw.push({ t: s.t, v: s.v });
          else result.rejected++;
        }
        await addRecords(fileFor(instanceId, 'exporter', 'raw'), raw, result);
        const byTier = new Map<TierName, RollupRecord[]>();
        for (const s of batch.rollups ?? []) {
          const tier = rollupSampleSchema.safeParse(s).success ? tierForSpan(s.span) : null;
          if (!tier) {
            result.rejected++;
            continue;
          }
          byTier.set(tier, [
            ...(byTier.get(tier) ?? []),
            { t: s.t, span: s.span, n: s.n, avg: s.avg, min: s.min, max: s.max },
          ]);
        }
        for (const [tier, recs] of byTier)
          await addRecords(fileFor(instanceId, 'exporter', tier), recs, result);
        await maybeCompact();
        return result;
      });
    },
    recordAppSample(instanceId, t, values) {
      const bad = badId(instanceId);
      if (bad) return bad;
      const ts = t instanceof Date ? Math.floor(t.getTime() / 1000) : t;
      const v: Record<string, number | null> = {};
      for (const name of APP_SERIES) if (values[name] !== undefined) v[name] = values[name] ?? null;
      return serial(async () => {
        await addRecords(fileFor(instanceId, 'app', 'raw'), [{ t: ts, v }], {
          added: 0,
          duplicates: 0,
          rejected: 0,
        });
        await maybeCompact();
      });
    },
    query(instanceId, series, range, maxPoints) {
      const startS = now().getTime() / 1000 - RANGE_SECONDS[range];
      const out: HistoryQueryResult['series'] = {};
      for (const name of series) {
        const source: Source = (APP_SERIES as readonly string[]).includes(name) ? 'app' : 'exporter';
        let points: HistoryPoint[] = [];
        if (INSTANCE_ID.test(instanceId)) {
          const tiers = tierIndexes(instanceId, source);
          points = answers.get(`${instanceId}/${name}/${range}/${maxPoints}`, tiers, startS, () =>
            downsampleSeries(pointsSince(tiers, name, startS), maxPoints),
          );
        }
        (out as Record<string, HistoryPoint[]>)[name] = points;
      }
      return { instanceId, range, series: out };
    },
    compact: () => serial(compactNow),
    totalBytes,
    flush: () => serial(async () => undefined),
  };
}
