/**
 * One instance's poll: stat snapshot.json and the two history files in one flight (pipelined on the
 * shared SFTP channel), read only what changed, validate, keep the last good snapshot.
 *
 * Round trips on an SFTP source: nothing changed → 1 (the stats; the speculative opens are closed without
 * waiting). The exporter wrote → 2 (stats + opens, then the reads), plus transfer time.
 *
 * Results are values, never throws: a transport failure comes back as `transportError` so the poller can
 * turn it into `unreachable` with the connection's own reason.
 */
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { parseSnapshotText } from '../../../common/contract/parse.js';
import type { Snapshot } from '../../../common/contract/snapshot.js';
import type { ReasonCode } from '../../../common/model/instance-status.js';
import { isRemoteFsError, type RemoteFs, type RemoteStat } from '../sources/remote-fs.js';
import { DEFAULT_HISTORY_FILES, HistoryFetcher, type HistoryDelta } from './history-fetcher.js';
import type { VmClockObservation } from './vm-clock.js';

export const SNAPSHOT_FILE = 'snapshot.json';
/** Real snapshots are tens of kB; anything near this is a bug or an attack on the laptop's memory. */
export const DEFAULT_SNAPSHOT_MAX_BYTES = 4 * 1024 * 1024;

export interface LastGood {
  snapshot: Snapshot;
  /** The file it came from (VM clock mtime). */
  stat: RemoteStat;
  /**
   * Laptop clock: when we first read these exact bytes. A rewrite with identical bytes (a `touch`, an
   * exporter stuck writing the same snapshot) keeps it, so "unchanged for" keeps growing.
   */
  fetchedAtMs: number;
  /** sha256 of the bytes, to recognise them again. */
  digest: string;
}

export interface SnapshotProblem {
  code: Extract<
    ReasonCode,
    | 'SNAPSHOT_INVALID'
    | 'SNAPSHOT_TOO_LARGE'
    | 'SNAPSHOT_INCOMPATIBLE'
    | 'SNAPSHOT_MISSING'
    | 'PERMISSION_DENIED'
  >;
  message: string;
  schemaVersions?: { found: number; supported: number };
}

/** What we know about one instance's snapshot after a poll. */
export interface SnapshotView {
  /** The newest snapshot file on the VM, null when absent. */
  file: RemoteStat | null;
  /** Laptop time when we first saw `file` at this mtime/size (an "at least this old" bound, skew-free). */
  fileFirstSeenAtMs: number | null;
  /** The last valid snapshot (possibly from an older file than `file`). */
  lastGood: LastGood | null;
  /** What is wrong with the newest file (or reading it), if anything. */
  problem: SnapshotProblem | null;
  /** True when this poll read a new valid snapshot. */
  changed: boolean;
}

export interface InstancePollResult {
  view: SnapshotView;
  /** Null when history was not fetched (transport failure). */
  history: HistoryDelta | null;
  /** Fresh VM-clock evidence gathered in this poll (file changes we watched happen). */
  clock: VmClockObservation[];
  bytesRead: number;
  /** Set when the source failed underneath us (connection dropped): the view is unchanged from before. */
  transportError: { code: 'UNREACHABLE' | 'INTERNAL'; message: string } | null;
}

export interface SnapshotFetcherOptions {
  /** Folder holding `<id>/snapshot.json`, e.g. `/var/lib/hermes-exporter` (or `/` for the chrooted account). */
  snapshotRoot: string;
  instanceId: string;
  maxSnapshotBytes?: number;
  maxHistoryBytes?: number;
  /** Skip history (e.g. the CLI's one-shot status). Default true. */
  history?: boolean;
}

function sameStat(a: RemoteStat | null, b: RemoteStat | null): boolean {
  return a !== null && b !== null && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

/** Stateful per-instance fetcher: remembers the last stats, last good snapshot and history cursors. */
export class SnapshotFetcher {
  readonly dir: string;
  private readonly maxSnapshotBytes: number;
  private readonly withHistory: boolean;
  private readonly history: HistoryFetcher;
  private view: SnapshotView = {
    file: null,
    fileFirstSeenAtMs: null,
    lastGood: null,
    problem: null,
    changed: false,
  };
  private lastPollStartMs: number | null = null;
  private seenAnyStat = false;

  constructor(options: SnapshotFetcherOptions) {
    this.dir = posix.join(options.snapshotRoot, options.instanceId);
    this.maxSnapshotBytes = options.maxSnapshotBytes ?? DEFAULT_SNAPSHOT_MAX_BYTES;
    this.withHistory = options.history ?? true;
    this.history = new HistoryFetcher(options.maxHistoryBytes);
  }

  get current(): SnapshotView {
    return this.view;
  }

  /** Poll once. `now` is the laptop clock (called at start and when the stats answer). */
  async poll(fs: RemoteFs, now: () => number): Promise<InstancePollResult> {
    const startedAt = now();
    const snapshotPath = posix.join(this.dir, SNAPSHOT_FILE);
    const files = this.view.lastGood?.snapshot.history ?? DEFAULT_HISTORY_FILES;
    const clock: VmClockObservation[] = [];
    let bytesRead = 0;
    try {
      const [snapStat, rawStat, rollupStat] = await Promise.all([
        fs.stat(snapshotPath, { prepareRead: true }),
        this.withHistory ? fs.stat(posix.join(this.dir, files.rawFile), { prepareRead: true }) : null,
        this.withHistory ? fs.stat(posix.join(this.dir, files.rollupFile)) : null,
      ]);
      const answeredAt = now();

      const prev = this.view;
      const fileChanged = !sameStat(prev.file, snapStat);
      if (fileChanged && snapStat && this.seenAnyStat && prev.file && this.lastPollStartMs !== null) {
        clock.push({
          kind: 'transition',
          prevPollStartMs: this.lastPollStartMs,
          laptopAtMs: answeredAt,
          newMtimeMs: snapStat.mtimeMs,
          resolutionMs: fs.mtimeResolutionMs,
        });
      }

      const next: SnapshotView = {
        file: snapStat,
        fileFirstSeenAtMs: fileChanged ? (snapStat ? answeredAt : null) : prev.fileFirstSeenAtMs,
        lastGood: prev.lastGood,
        problem: fileChanged ? null : prev.problem,
        changed: false,
      };

      const snapshotRead = (async () => {
        if (!fileChanged) return;
        if (!snapStat) {
          next.problem = {
            code: 'SNAPSHOT_MISSING',
            message: `${snapshotPath} does not exist (is the exporter installed and its timer running?)`,
          };
          return;
        }
        if (snapStat.size > this.maxSnapshotBytes) {
          next.problem = {
            code: 'SNAPSHOT_TOO_LARGE',
            message: `${snapshotPath} is ${snapStat.size} bytes, over the ${this.maxSnapshotBytes}-byte cap; not read`,
          };
          return;
        }
        /** The file's bytes (to `length`, else to its end), or null with `next.problem` set. */
        const readBytes = async (length: number | undefined): Promise<Buffer | null> => {
          try {
            return await fs.read(snapshotPath, { offset: 0, length, maxBytes: this.maxSnapshotBytes });
          } catch (err) {
            if (isRemoteFsError(err) && err.code === 'PERMISSION_DENIED') {
              next.problem = { code: 'PERMISSION_DENIED', message: `${snapshotPath}: permission denied` };
              return null;
            }
            if (isRemoteFsError(err) && err.code === 'TOO_LARGE') {
              next.problem = { code: 'SNAPSHOT_TOO_LARGE', message: err.message };
              return null;
            }
            if (isRemoteFsError(err) && err.code === 'NOT_FOUND') {
              next.problem = {
                code: 'SNAPSHOT_MISSING',
                message: `${snapshotPath} disappeared while reading`,
              };
              return null;
            }
            throw err;
          }
        };
        let buf = await readBytes(snapStat.size);
        if (buf === null) return;
        bytesRead += buf.length;
        let parsed = parseSnapshotText(buf.toString('utf8'));
        let readStat = snapStat;
        if (!parsed.ok && parsed.code === 'SNAPSHOT_INVALID') {
          // The exporter replaces snapshot.json by rename: one landing between our stat and our read hands us
          // the new file cut at the old size. Only when the file changed under the read is it read again, once,
          // to its end (a file that is simply corrupt costs one stat more, never a second read).
          const after = await fs.stat(snapshotPath);
          if (after !== null && !sameStat(after, snapStat)) {
            const whole = await readBytes(undefined);
            if (whole === null) return;
            bytesRead += whole.length;
            buf = whole;
            readStat = after;
            parsed = parseSnapshotText(buf.toString('utf8'));
          }
        }
        if (parsed.ok) {
          const digest = createHash('sha256').update(buf).digest('hex');
          const sameBytes = prev.lastGood?.digest === digest;
          next.lastGood = {
            snapshot: parsed.snapshot,
            stat: readStat,
            fetchedAtMs: sameBytes ? prev.lastGood!.fetchedAtMs : answeredAt,
            digest,
          };
          next.changed = !sameBytes;
        } else if (parsed.code === 'SNAPSHOT_INCOMPATIBLE') {
          next.problem = {
            code: 'SNAPSHOT_INCOMPATIBLE',
            message: parsed.message,
            schemaVersions: { found: parsed.found, supported: parsed.supported },
          };
        } else {
          next.problem = { code: 'SNAPSHOT_INVALID', message: parsed.message };
        }
      })();

      const historyRead = this.withHistory
        ? this.history.fetch(
            fs,
            this.dir,
            files,
            { raw: rawStat, rollup: rollupStat },
            prev.lastGood?.snapshot.history?.generation ?? null,
          )
        : Promise.resolve(null);

      const [, historyFirst] = await Promise.all([snapshotRead, historyRead]);
      let history = historyFirst;
      // A compaction announced by the snapshot we just read: the delta we read belongs to the old files.
      const newGeneration = next.lastGood?.snapshot.history?.generation ?? null;
      if (newGeneration !== null && this.history.currentGeneration === null) {
        // First read: what we just read is the current generation's files.
        this.history.adoptGeneration(newGeneration);
      } else if (
        this.withHistory &&
        history &&
        newGeneration !== null &&
        newGeneration !== this.history.currentGeneration
      ) {
        const again = await this.history.fetch(
          fs,
          this.dir,
          files,
          { raw: rawStat, rollup: rollupStat },
          newGeneration,
        );
        history = again;
      }
      if (history) {
        history = { ...history, generation: this.history.currentGeneration };
        bytesRead += history.raw.bytesRead + history.rollup.bytesRead;
      }

      this.view = next;
      this.lastPollStartMs = startedAt;
      this.seenAnyStat = true;
      return { view: next, history, clock, bytesRead, transportError: null };
    } catch (err) {
      this.lastPollStartMs = null;
      if (isRemoteFsError(err) && err.code === 'PERMISSION_DENIED') {
        // The account cannot see this instance's folder: a configuration problem, not a dead link.
        this.view = {
          ...this.view,
          problem: { code: 'PERMISSION_DENIED', message: err.message },
          changed: false,
        };
        return { view: this.view, history: null, clock, bytesRead, transportError: null };
      }
      // The connection went away mid-poll: keep what we had; the next poll starts from the same cursors.
      const code = isRemoteFsError(err) && err.code === 'DISCONNECTED' ? 'UNREACHABLE' : 'INTERNAL';
      const message = err instanceof Error ? err.message : String(err);
      return { view: this.view, history: null, clock, bytesRead, transportError: { code, message } };
    } finally {
      fs.settle?.();
    }
  }
}
