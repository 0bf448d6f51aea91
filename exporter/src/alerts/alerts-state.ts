/**
 * The VM-side alerts' memory, next to the snapshot (`<outDir>/alerts-state.json`): one notification
 * policy state per delivery lane, the last evaluation's warnings (so `since` stays stable and a check
 * that cannot run now is carried as unknown), and what each path last did (shown by the app).
 *
 * Both paths (Hermes's cron running `hermes-exporter alerts`, and the exporter's own timer) run as the
 * instance's user and share this file, so every event is told by exactly one of them. They take a lock
 * file first (O_EXCL; a lock older than LOCK_STALE_MS is a crashed holder's and is broken), then read,
 * decide, and replace the file atomically. Nothing secret is in it: no token, no chat id.
 */
import { constants } from 'node:fs';
import { lstat, open, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Warning } from '../../../common/model/warning.js';
import { emptyPolicyState, type PolicyState } from '../../../common/notify/notification-policy.js';
import { writeFileAtomic } from '../write-atomic.js';

export const ALERTS_STATE_FILE = 'alerts-state.json';
const LOCK_FILE = '.alerts-state.lock';
/** Longer than any holder can take (path 2's budget is at most 30 s). */
const LOCK_STALE_MS = 60_000;

/** Path 1: the `alerts` subcommand Hermes's cron runs. */
export interface HermesCronRecord {
  lastRunAt: string | null;
  /** The last run that printed something (Hermes then delivers it). */
  lastMessageAt: string | null;
  lastError: string | null;
}

/** Path 2: the exporter's own timer writing to Telegram. */
export interface DirectRecord {
  /** Whether a bot token was found at the last run (null before the first). */
  tokenPresent: boolean | null;
  lastAttemptAt: string | null;
  lastDeliveryAt: string | null;
  lastError: string | null;
  /** Telegram said 429: nothing is sent before this time. */
  retryNotBefore: string | null;
}

export interface AlertsState {
  version: 1;
  /** `hermes`: told by path 1. `direct`: told by path 2 (only while path 2 is on). */
  lanes: { hermes: PolicyState; direct: PolicyState };
  warnings: Warning[];
  hermesCron: HermesCronRecord;
  direct: DirectRecord;
  /** The maintenance end (ISO) each lane saw at its last decision, so its end is told once. */
  maintenanceSeen: { hermes: string | null; direct: string | null };
}

export function emptyAlertsState(): AlertsState {
  return {
    version: 1,
    lanes: { hermes: emptyPolicyState(), direct: emptyPolicyState() },
    warnings: [],
    hermesCron: { lastRunAt: null, lastMessageAt: null, lastError: null },
    direct: {
      tokenPresent: null,
      lastAttemptAt: null,
      lastDeliveryAt: null,
      lastError: null,
      retryNotBefore: null,
    },
    maintenanceSeen: { hermes: null, direct: null },
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function policyOrEmpty(v: unknown): PolicyState {
  return isObject(v) && v.version === 1 && isObject(v.tracked)
    ? (v as unknown as PolicyState)
    : emptyPolicyState();
}

/**
 * The state, or an empty one when the file is missing or not ours (a damaged file starts afresh). A file
 * that exists but cannot be read (EACCES, …) throws: starting afresh would tell everything again.
 */
export async function readAlertsState(outDir: string): Promise<AlertsState> {
  let text: string;
  try {
    text = await readFile(join(outDir, ALERTS_STATE_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return emptyAlertsState();
    throw new Error(`cannot read ${join(outDir, ALERTS_STATE_FILE)}: ${(err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return emptyAlertsState();
  }
  const empty = emptyAlertsState();
  if (!isObject(raw) || raw.version !== 1) return empty;
  const lanes = isObject(raw.lanes) ? raw.lanes : {};
  return {
    version: 1,
    lanes: { hermes: policyOrEmpty(lanes.hermes), direct: policyOrEmpty(lanes.direct) },
    warnings: Array.isArray(raw.warnings) ? (raw.warnings as Warning[]) : [],
    hermesCron: { ...empty.hermesCron, ...(isObject(raw.hermesCron) ? raw.hermesCron : {}) },
    direct: { ...empty.direct, ...(isObject(raw.direct) ? raw.direct : {}) },
    maintenanceSeen: {
      ...empty.maintenanceSeen,
      ...(isObject(raw.maintenanceSeen) ? raw.maintenanceSeen : {}),
    },
  };
}

export async function writeAlertsState(outDir: string, state: AlertsState): Promise<void> {
  await writeFileAtomic(outDir, ALERTS_STATE_FILE, `${JSON.stringify(state)}\n`);
}

/**
 * Both paths must run as the instance's user, the owner of its output folder and of the state file in
 * it. Another owner means the alerts ran as someone else (typically root, once, by hand): carrying on
 * would either fail half-way (root's file in her folder) or hand the state to the wrong user, and two
 * users' jobs for one instance would tell every event twice. So refuse, saying what to do; Hermes
 * delivers a failed no_agent script's stderr, so the person hears of it.
 */
export async function assertStateOwnedByRunner(outDir: string): Promise<void> {
  const me = process.getuid?.();
  if (me === undefined) return;
  const hint = 'run it as the user that owns it (docs/operations.md §12)';
  const folder = await stat(outDir).catch(() => null);
  if (folder && folder.uid !== me)
    throw new Error(`${outDir} is owned by uid ${folder.uid}, not by uid ${me} who runs the alerts: ${hint}`);
  const file = join(outDir, ALERTS_STATE_FILE);
  const st = await lstat(file).catch(() => null);
  if (st && st.uid !== me)
    throw new Error(
      `${file} is owned by uid ${st.uid}, not by uid ${me} who runs the alerts ` +
        `(an earlier run as another user?); as root: chown ${me}:${process.getgid?.() ?? me} ${file}`,
    );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `fn` holding the state lock. Waits (bounded by `waitMs`) for another holder; throws when the lock
 * stays taken, so a caller reports it instead of deciding on a state another run is about to replace.
 */
export async function withAlertsLock<T>(outDir: string, fn: () => Promise<T>, waitMs = 40_000): Promise<T> {
  await assertStateOwnedByRunner(outDir);
  const path = join(outDir, LOCK_FILE);
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const fh = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
      await fh.writeFile(`${process.pid}\n`);
      await fh.close();
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const age = await stat(path).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > LOCK_STALE_MS) {
        await unlink(path).catch(() => undefined);
        continue;
      }
      if (Date.now() > deadline) throw new Error(`alerts state is locked by another run (${path})`);
      await sleep(50);
    }
  }
  try {
    return await fn();
  } finally {
    await unlink(path).catch(() => undefined);
  }
}
