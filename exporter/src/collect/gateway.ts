/**
 * Gateway liveness and state (reference §4, §10), without running anything:
 * - gateway.pid (JSON record or legacy bare int) → /proc/<pid> exists, stat field 22 == start_time,
 *   cmdline looks like `… gateway run|restart`. Fallback as Hermes does: gateway_state.json's pid.
 * - state/gateway.heartbeat, trusted only when its pid is the live gateway pid.
 * - gateway_state.json: state, exit reason and platform errors (redacted), restart flag, agents.
 * - gateway-starts.log: starts within the last hour.
 * - A pid record whose `hermes_home` is another HERMES_HOME (a copied or restored profile) is ignored, as
 *   newest Hermes ignores it (gateway/status.py `_pid_record_belongs_to_current_profile`, comparing with
 *   `_same_hermes_home`: expanduser + resolve + normcase). Records without the field are accepted.
 */
import { realpath, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { GatewayInfo, PlatformState } from '../../../common/contract/snapshot.js';
import { isNotFound, isRecord, readJsonFile, readTextOrNull } from '../lib/read-text.js';
import { redactAndTruncate, safeLabel } from '../lib/redact.js';
import { ageSeconds, parseTime, toIso } from '../lib/time.js';

export const UNKNOWN_GATEWAY: GatewayInfo = {
  running: null,
  pid: null,
  heartbeatAt: null,
  heartbeatAgeSeconds: null,
  heartbeatPidMatches: null,
  state: null,
  exitReason: null,
  restartRequested: null,
  activeAgents: null,
  platforms: {},
  stateUpdatedAt: null,
  restartsLastHour: null,
};

export interface PidRecord {
  pid: number;
  startTime: number | null;
  /** `hermes_home` of the process that wrote it (newer builds), else null/absent. */
  hermesHome?: string | null;
}

/** gateway.pid: `{pid, start_time, …}` or a bare integer (legacy). */
export function parsePidFile(text: string): PidRecord | null {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return { pid: Number(trimmed), startTime: null, hermesHome: null };
  try {
    return pidRecordOf(JSON.parse(trimmed));
  } catch {
    return null;
  }
}

function pidRecordOf(value: unknown): PidRecord | null {
  if (!isRecord(value)) return null;
  const pid = Number(value.pid);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  const start = Number(value.start_time);
  return {
    pid,
    startTime:
      value.start_time === undefined || value.start_time === null || !Number.isFinite(start) ? null : start,
    hermesHome: typeof value.hermes_home === 'string' && value.hermes_home !== '' ? value.hermes_home : null,
  };
}

/** `Path(p).expanduser().resolve(strict=False)`: symlinks resolved where the path exists. */
async function canonicalHome(path: string): Promise<string> {
  const expanded = path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path;
  const absolute = resolve(expanded);
  return realpath(absolute).catch(() => absolute);
}

/** `_pid_record_belongs_to_current_profile`: no `hermes_home` (legacy) belongs; else it must be ours. */
export async function belongsToHome(record: PidRecord, hermesHome: string): Promise<boolean> {
  if (!record.hermesHome) return true;
  const [theirs, ours] = await Promise.all([canonicalHome(record.hermesHome), canonicalHome(hermesHome)]);
  return theirs === ours;
}

export type Liveness = 'alive' | 'dead' | 'unknown';

/** Field 22 (starttime) of /proc/<pid>/stat; comm (field 2) may contain spaces and parentheses. */
export function parseStatStartTime(stat: string): number | null {
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const value = Number(rest[19]);
  return Number.isFinite(value) ? value : null;
}

function looksLikeGateway(cmdline: string): boolean {
  const args = cmdline.split('\0').filter(Boolean);
  const at = args.findIndex((a) => a === 'gateway' || a.endsWith('/gateway'));
  if (at === -1) return false;
  return args.slice(at + 1).some((a) => a === 'run' || a === 'restart');
}

/** Is `record` a live Hermes gateway? `dead` covers gone, recycled (start time differs) and foreign pids. */
export async function checkPid(procRoot: string, record: PidRecord): Promise<Liveness> {
  let stat: string;
  let cmdline: string;
  try {
    [stat, cmdline] = await Promise.all([
      readFile(join(procRoot, String(record.pid), 'stat'), 'utf8'),
      readFile(join(procRoot, String(record.pid), 'cmdline'), 'utf8'),
    ]);
  } catch (err) {
    if (isNotFound(err) || (err as NodeJS.ErrnoException).code === 'ESRCH') return 'dead';
    return 'unknown';
  }
  if (record.startTime !== null && parseStatStartTime(stat) !== record.startTime) return 'dead';
  if (cmdline === '') return 'unknown'; // zombie or kernel thread: cannot tell
  return looksLikeGateway(cmdline) ? 'alive' : 'dead';
}

function platformsOf(value: unknown): Record<string, PlatformState> {
  if (!isRecord(value)) return {};
  const out: Record<string, PlatformState> = {};
  for (const [name, raw] of Object.entries(value).slice(0, 30)) {
    const key = safeLabel(name, 40);
    if (key === null || !isRecord(raw)) continue;
    const code = raw.error_code;
    out[key] = {
      state: safeLabel(raw.state, 32),
      errorCode: typeof code === 'number' ? String(code) : safeLabel(code, 64),
      errorMessage: redactAndTruncate(raw.error_message),
      updatedAt: toIso(parseTime(raw.updated_at)),
    };
  }
  return out;
}

export function countRecentStarts(text: string, now: Date): number {
  const since = now.getTime() / 1000 - 3600;
  let n = 0;
  for (const line of text.split('\n')) {
    const t = parseTime(line.trim());
    if (t !== null && t.getTime() / 1000 >= since && t.getTime() <= now.getTime() + 60_000) n++;
  }
  return n;
}

export async function collectGateway(hermesHome: string, procRoot: string, now: Date): Promise<GatewayInfo> {
  const [pidText, stateRead, heartbeatRead, startsText] = await Promise.all([
    readTextOrNull(join(hermesHome, 'gateway.pid'), 64 * 1024),
    readJsonFile(join(hermesHome, 'gateway_state.json'), 1024 * 1024),
    readJsonFile(join(hermesHome, 'state', 'gateway.heartbeat'), 64 * 1024),
    readTextOrNull(join(hermesHome, 'gateway-starts.log'), 256 * 1024),
  ]);
  const state = stateRead.status === 'ok' && isRecord(stateRead.value) ? stateRead.value : null;

  // Liveness: the pid file first; Hermes's fallback is gateway_state.json's pid unless it says stopped.
  let running: boolean | null;
  let livePid: number | null = null;
  const fromFile = pidText === null ? null : parsePidFile(pidText);
  const stateRecord =
    state && !['stopped', 'startup_failed'].includes(String(state.gateway_state)) ? pidRecordOf(state) : null;
  const records = [fromFile, stateRecord].filter((r): r is PidRecord => r !== null);
  const ours = await Promise.all(records.map((r) => belongsToHome(r, hermesHome)));
  const candidates = records.filter((_r, i) => ours[i]);
  const foreign = records.length > 0 ? ours.some((o) => !o) : null;
  if (candidates.length === 0) {
    // No pid anywhere (or only another profile's): not running; an unparseable pid file alone: cannot tell.
    running = pidText !== null && fromFile === null ? null : false;
  } else {
    running = false;
    for (const record of candidates) {
      const live = await checkPid(procRoot, record);
      if (live === 'alive') {
        running = true;
        livePid = record.pid;
        break;
      }
      if (live === 'unknown') running = null;
    }
  }

  const hb = heartbeatRead.status === 'ok' ? pidRecordOf(heartbeatRead.value) : null;
  const hbAt =
    heartbeatRead.status === 'ok' && isRecord(heartbeatRead.value)
      ? parseTime(heartbeatRead.value.updated_at)
      : null;
  const pidMatches = hb === null || running === null ? null : livePid !== null && hb.pid === livePid;
  const trusted = pidMatches === true ? hbAt : null;

  const ownFilePid = fromFile !== null && candidates.includes(fromFile) ? fromFile.pid : null;
  return {
    running,
    pid: livePid ?? ownFilePid,
    pidRecordForeign: foreign,
    heartbeatAt: toIso(trusted),
    heartbeatAgeSeconds: ageSeconds(trusted, now),
    heartbeatPidMatches: pidMatches,
    state: state ? safeLabel(state.gateway_state, 32) : null,
    exitReason: state ? redactAndTruncate(state.exit_reason) : null,
    restartRequested: state && typeof state.restart_requested === 'boolean' ? state.restart_requested : null,
    activeAgents:
      state && typeof state.active_agents === 'number' && state.active_agents >= 0
        ? Math.floor(state.active_agents)
        : null,
    platforms: state ? platformsOf(state.platforms) : {},
    stateUpdatedAt: state ? toIso(parseTime(state.updated_at)) : null,
    restartsLastHour: startsText === null ? null : countRecentStarts(startsText, now),
  };
}
